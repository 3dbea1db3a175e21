/**
 * How a refused sign-in reaches the login form: next-auth passes a thrown message through as
 * `signIn(...).error`, so a throttled attempt throws `THROTTLED:<seconds>` and the form turns it
 * into the wait in the user's words. Pure, shared by server and client.
 */
import { format, t } from "@/lib/i18n";

export const THROTTLED = "THROTTLED:";

/** Minutes for a lock, seconds for a short backoff. */
export function throttledMessage(retryAfterSeconds: number): string {
  return retryAfterSeconds >= 60
    ? format(t.account.throttled, { minutes: Math.ceil(retryAfterSeconds / 60) })
    : format(t.account.throttledSeconds, { seconds: Math.max(1, retryAfterSeconds) });
}

/** The message for next-auth's `error` of a failed sign-in. */
export function loginErrorMessage(error: string | null | undefined): string {
  if (error?.startsWith(THROTTLED)) {
    const seconds = Number(error.slice(THROTTLED.length));
    if (Number.isFinite(seconds) && seconds > 0) return throttledMessage(seconds);
  }
  return t.login.failed;
}
