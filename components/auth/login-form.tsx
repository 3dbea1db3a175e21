"use client";
/**
 * Credentials login through next-auth; on failure the user stays on the form with a message —
 * the wait, in minutes or seconds, when the account or the address is throttled. `next` has been
 * made a same-site path by the page (lib/auth/callback-url.ts).
 */
import { useState } from "react";
import { signIn } from "next-auth/react";
import { t } from "@/lib/i18n";
import { loginErrorMessage } from "@/lib/auth/login-error";

export function LoginForm({ next, notice }: { next: string; notice?: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await signIn("credentials", {
      redirect: false,
      callbackUrl: next,
      username: String(form.get("username") ?? ""),
      password: String(form.get("password") ?? ""),
    });
    if (res?.ok && !res.error) {
      window.location.assign(next);
    } else {
      setPending(false);
      setError(loginErrorMessage(res?.error));
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {notice && !error ? <p className="rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-700" data-testid="login-notice">{notice}</p> : null}
      <div>
        <label htmlFor="username" className="mb-1 block text-sm font-medium">{t.login.username}</label>
        <input id="username" name="username" className="input" autoComplete="username" autoCapitalize="none" required />
      </div>
      <div>
        <label htmlFor="password" className="mb-1 block text-sm font-medium">{t.login.password}</label>
        <input id="password" name="password" type="password" className="input" autoComplete="current-password" required />
      </div>
      {error ? <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="login-error">{error}</p> : null}
      <button type="submit" className="btn-primary w-full" disabled={pending}>
        {pending ? t.login.submitting : t.login.submit}
      </button>
    </form>
  );
}
