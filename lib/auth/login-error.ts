/**
 * How a refused sign-in reaches the login form: next-auth passes a thrown message through as
 * `signIn(...).error`, so a throttled attempt throws `THROTTLED:<seconds>` and the form turns it
 * into the wait in the user's words; an attempt made while the database cannot be reached throws
 * `UNAVAILABLE` (never the driver's own message, which names hosts and ports) and is told so —
 * not "wrong password". Pure, shared by server and client.
 */
import { format, t } from "@/lib/i18n";

export const THROTTLED = "THROTTLED:";
export const UNAVAILABLE = "UNAVAILABLE";
/** Anything else that went wrong on our side: not the user's password either. */
export const FAILED = "FAILED";

/** Minutes for a lock, seconds for a short backoff. */
export function throttledMessage(retryAfterSeconds: number): string {
  return retryAfterSeconds >= 60
    ? format(t.account.throttled, { minutes: Math.ceil(retryAfterSeconds / 60) })
    : format(t.account.throttledSeconds, { seconds: Math.max(1, retryAfterSeconds) });
}

/** The message for next-auth's `error` of a failed sign-in. */
export function loginErrorMessage(error: string | null | undefined): string {
  if (error === UNAVAILABLE) return t.faults.unavailableLogin;
  if (error === FAILED) return t.common.unexpected;
  if (error?.startsWith(THROTTLED)) {
    const seconds = Number(error.slice(THROTTLED.length));
    if (Number.isFinite(seconds) && seconds > 0) return throttledMessage(seconds);
  }
  return t.login.failed;
}
