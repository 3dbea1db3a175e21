import Link from "next/link";
import { redirect } from "next/navigation";
import { getSession } from "@/lib/auth/session";
import { changePasswordAction } from "@/lib/users/actions";
import { t } from "@/lib/i18n";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { LogoutButton } from "@/components/layout/logout-button";

export const generateMetadata = () => ({ title: t.account.passwordTitle });
export const dynamic = "force-dynamic";

const a = t.account;

/**
 * 修改密码, for every signed-in user. Outside the signed-in frame on purpose: a user who must
 * replace a seeded password is sent here before anything else and may open nothing else.
 */
export default async function ChangePasswordPage() {
  const session = await getSession();
  if (!session) redirect("/login");
  return (
    <main className="flex min-h-screen items-center justify-center bg-stone-50 px-4 py-8">
      <div className="w-full max-w-sm space-y-4">
        <div className="text-center">
          <h1 className="text-2xl font-bold">{a.passwordTitle}</h1>
          <p className="mt-1 text-sm text-stone-600">{session.actor.name}（{session.actor.username}）</p>
        </div>
        {session.passwordChangeRequired ? (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="must-change-password">{a.mustChangeIntro}</p>
        ) : null}
        <div className="card space-y-3 p-6">
          <p className="text-xs text-stone-600">{a.passwordIntro}</p>
          <ChangePasswordForm action={changePasswordAction} username={session.actor.username} />
        </div>
        <div className="flex items-center justify-between text-sm">
          {session.passwordChangeRequired ? <span /> : <Link href="/" className="btn-link">{a.backToApp}</Link>}
          <LogoutButton />
        </div>
      </div>
    </main>
  );
}
