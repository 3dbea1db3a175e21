"use client";
/**
 * Credentials login through next-auth; on failure the user stays on the form with a message —
 * the wait, in minutes or seconds, when the account or the address is throttled. `next` has been
 * made a same-site path by the page (lib/auth/callback-url.ts).
 */
import { useState } from "react";
import { signIn } from "next-auth/react";
import { clearDeviceData } from "@/lib/field/store";
import { t } from "@/lib/i18n";
import { loginErrorMessage } from "@/lib/auth/login-error";

export function LoginForm({ next, notice, unavailable }: { next: string; notice?: string | null; unavailable?: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    let res: Awaited<ReturnType<typeof signIn>>;
    try {
      res = await signIn("credentials", {
        redirect: false,
        callbackUrl: next,
        username: String(form.get("username") ?? ""),
        password: String(form.get("password") ?? ""),
      });
    } catch {
      // The sign-in request itself failed (the server did not answer as next-auth expects).
      setPending(false);
      setError(t.common.unexpected);
      return;
    }
    if (res?.ok && !res.error) {
      // What an earlier user's offline visits kept on this phone goes (lib/field/store.ts).
      await clearDeviceData().catch(() => undefined);
      window.location.assign(next);
    } else {
      setPending(false);
      setError(loginErrorMessage(res?.error));
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {unavailable && !error ? (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800" data-testid="login-unavailable">{t.faults.unavailableLogin}</p>
      ) : null}
      {notice && !error ? <p className="rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-700" data-testid="login-notice">{notice}</p> : null}
      <div>
        <label htmlFor="username" className="mb-1 block text-sm font-medium">{t.login.username}</label>
        <input id="username" name="username" className="input" autoComplete="username" autoCapitalize="none" required />
      </div>
      <div>
        <label htmlFor="password" className="mb-1 block text-sm font-medium">{t.login.password}</label>
        <input id="password" name="password" type="password" className="input" autoComplete="current-password" required />
      </div>
      <div aria-live="polite">
        {error ? <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="login-error">{error}</p> : null}
      </div>
      <button type="submit" className="btn-primary w-full" disabled={pending}>
        {pending ? t.login.submitting : t.login.submit}
      </button>
    </form>
  );
}
