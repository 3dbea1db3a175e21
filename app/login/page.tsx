import { redirect } from "next/navigation";
import { getSession } from "@/lib/auth/session";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { t } from "@/lib/i18n";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { LoginForm } from "@/components/auth/login-form";
import { LanguageSwitch } from "@/components/i18n/language-switch";

export const generateMetadata = () => ({ title: t.login.title });

// Only the path matters: a callback is resolved against this placeholder origin and must stay on it.
const SELF = "http://nuanxin.invalid";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[]; changed?: string }> }) {
  const { callbackUrl, changed } = await searchParams;
  // Only same-site paths: never bounce a user to another host after login (finding 6).
  const next = safeCallbackUrl(Array.isArray(callbackUrl) ? callbackUrl[0] : callbackUrl, SELF);
  // While the database cannot be reached the form is still shown, saying so: the user learns
  // it is not their password, and signing in works again as soon as the database is back.
  let unavailable = false;
  try {
    if (await getSession()) redirect(next);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    unavailable = true;
  }
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-brand-50 to-stone-50 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <div className="mx-auto mb-3 flex size-14 items-center justify-center rounded-2xl bg-brand-600 text-2xl font-bold text-white shadow">暖</div>
          <h1 className="text-2xl font-bold">{t.app.name}</h1>
          <p className="mt-1 text-sm text-stone-600">{t.app.tagline}</p>
        </div>
        <div className="card p-6">
          <LoginForm next={next} notice={changed === "1" ? t.account.passwordChangedLogin : null} unavailable={unavailable} />
        </div>
        <div className="mt-4">
          <LanguageSwitch next={next === "/" ? "/login" : `/login?callbackUrl=${encodeURIComponent(next)}`} label={t.login.language} />
        </div>
        <p className="mt-4 text-center text-xs text-stone-500">{t.login.demoHint}</p>
      </div>
    </main>
  );
}
