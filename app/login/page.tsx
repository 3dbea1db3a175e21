import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/session";
import { t } from "@/lib/i18n";
import { LoginForm } from "@/components/auth/login-form";

export const metadata = { title: t.login.title };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await getActor()) redirect("/");
  const { callbackUrl } = await searchParams;
  // Only same-site paths: never bounce a user to another host after login.
  const next = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-brand-50 to-stone-50 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <div className="mx-auto mb-3 flex size-14 items-center justify-center rounded-2xl bg-brand-600 text-2xl font-bold text-white shadow">暖</div>
          <h1 className="text-2xl font-bold">{t.app.name}</h1>
          <p className="mt-1 text-sm text-stone-600">{t.app.tagline}</p>
        </div>
        <div className="card p-6">
          <LoginForm next={next} />
        </div>
        <p className="mt-4 text-center text-xs text-stone-500">{t.login.demoHint}</p>
      </div>
    </main>
  );
}
