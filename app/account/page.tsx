import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { t } from "@/lib/i18n";
import { LanguageSwitch } from "@/components/i18n/language-switch";
import { LogoutButton } from "@/components/layout/logout-button";

export const generateMetadata = () => ({ title: t.account.settingsTitle });

const a = t.account;

/** 账户设置: the user's language (decision 030), and the way to 修改密码. */
export default async function AccountPage({ searchParams }: { searchParams: Promise<{ saved?: string }> }) {
  const actor = await requireActor();
  const { saved } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center bg-stone-50 px-4 py-8">
      <div className="w-full max-w-sm space-y-4">
        <div className="text-center">
          <h1 className="text-2xl font-bold">{a.settingsTitle}</h1>
          <p className="mt-1 text-sm text-stone-600">{actor.name}（{actor.username}）</p>
        </div>
        {saved === "1" ? <p role="status" className="rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-700" data-testid="language-saved">{a.languageSaved}</p> : null}
        <div className="card space-y-3 p-6">
          <h2 className="font-medium">{a.languageLabel}</h2>
          <p className="text-xs text-stone-600">{a.languageHint}</p>
          <LanguageSwitch next="/account?saved=1" label={a.languageLabel} />
        </div>
        <div className="flex items-center justify-between text-sm">
          <Link href="/" className="btn-link">{a.backToApp}</Link>
          <Link href="/account/password" className="btn-link">{a.passwordNav}</Link>
          <LogoutButton />
        </div>
      </div>
    </main>
  );
}
