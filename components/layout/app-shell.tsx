/**
 * The frame around every signed-in page: brand, the sections this user may open, who is signed
 * in and where. On a phone the sections become a scrollable row under the header.
 */
import Link from "next/link";
import type { Actor } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/permissions";
import { format, t } from "@/lib/i18n";
import { LogoutButton } from "./logout-button";
import { PendingOnPhone } from "@/components/field/pending-on-phone";

export function AppShell({ actor, regionLabel, children }: { actor: Actor; regionLabel: string; children: React.ReactNode }) {
  const links = [
    can(actor, "log:visit") || (can(actor, "read:roster") && actor.role !== "PROVINCIAL")
      ? { href: "/visits", label: t.nav.roster }
      : null,
    can(actor, "log:visit") ? { href: "/field", label: t.nav.field } : null,
    can(actor, "read:household") ? { href: "/households", label: t.nav.households } : null,
    can(actor, "read:problem") ? { href: "/problems", label: t.nav.problems } : null,
    can(actor, "read:transfer") ? { href: "/transfers", label: t.nav.transfers } : null,
    can(actor, "read:application") ? { href: "/applications", label: t.nav.applications } : null,
    can(actor, "screen:household") ? { href: "/worklist", label: t.nav.worklist } : null,
    can(actor, "read:alert") ? { href: "/alerts", label: t.nav.alerts } : null,
    can(actor, "grant:aid") || can(actor, "signoff:aid") ? { href: "/aid", label: t.nav.aid } : null,
    can(actor, "read:fund") ? { href: "/funds", label: t.nav.funds } : null,
    // Figures stop at townships: a village account would find only a notice there.
    can(actor, "read:dashboard") && actor.regionCode.length <= 9 ? { href: "/dashboard", label: t.dashboard.nav } : null,
    can(actor, "manage:standard") ? { href: "/admin/standards", label: t.nav.standards } : null,
    can(actor, "manage:calendar") ? { href: "/admin/calendar", label: t.nav.calendar } : null,
    can(actor, "manage:rule") ? { href: "/admin/rules", label: t.nav.rules } : null,
    can(actor, "manage:policy") ? { href: "/admin/policies", label: t.nav.policies } : null,
    can(actor, "manage:questionnaire") ? { href: "/admin/questionnaire", label: t.questionnaire.nav } : null,
    can(actor, "manage:api_token") ? { href: "/admin/api-tokens", label: t.api.nav } : null,
    can(actor, "manage:user") ? { href: "/admin/users", label: t.account.usersNav } : null,
    can(actor, "import:households") ? { href: "/households/import", label: t.nav.importHouseholds } : null,
    can(actor, "read:audit") ? { href: "/audit", label: t.nav.audit } : null,
  ].filter((l): l is { href: string; label: string } => l !== null);

  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only">{t.app.skipToContent}</a>
      <header className="border-b border-stone-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-4 px-4 py-2">
          <Link href="/" className="flex items-center gap-2 font-bold text-brand-700">
            <span className="flex size-8 items-center justify-center rounded-lg bg-brand-600 text-white">暖</span>
            <span className="hidden sm:inline">{t.app.name}</span>
          </Link>
          <nav className="hidden gap-0.5 xl:flex" aria-label={t.nav.menu}>
            {links.map((l) => (
              <Link key={l.href} href={l.href} className="rounded-md px-2.5 py-2 text-sm font-medium whitespace-nowrap text-stone-700 hover:bg-stone-100">
                {l.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex min-w-0 items-center gap-3 text-right">
            <div className="min-w-0 leading-tight">
              <div className="truncate text-sm font-medium" data-testid="signed-in-user">
                {format(t.nav.signedInAs, { name: actor.name, role: t.roles[actor.role] })}
              </div>
              <div className="truncate text-xs text-stone-500">{regionLabel}</div>
            </div>
            <Link href="/account" className="btn-link hidden text-sm whitespace-nowrap sm:inline" data-testid="language-link">{t.account.languageNav}</Link>
            <Link href="/account/password" className="btn-link hidden text-sm whitespace-nowrap sm:inline">{t.account.passwordNav}</Link>
            <LogoutButton />
          </div>
        </div>
        <nav className="flex gap-1 overflow-x-auto border-t border-stone-100 px-2 xl:hidden" aria-label={t.nav.menu}>
          {links.map((l) => (
            <Link key={l.href} href={l.href} className="whitespace-nowrap px-3 py-2.5 text-sm font-medium text-stone-700">
              {l.label}
            </Link>
          ))}
          {/* On a phone the header has no room for it: the last item of the menu row. */}
          <Link href="/account/password" className="whitespace-nowrap px-3 py-2.5 text-sm font-medium text-stone-700 sm:hidden">
            {t.account.passwordNav}
          </Link>
          <Link href="/account" className="whitespace-nowrap px-3 py-2.5 text-sm font-medium text-stone-700 sm:hidden">
            {t.account.languageNav}
          </Link>
        </nav>
      </header>
      {can(actor, "log:visit") ? <PendingOnPhone userId={actor.id} /> : null}
      <main id="main" className="mx-auto max-w-6xl px-3 py-4 sm:px-4 sm:py-6">{children}</main>
    </div>
  );
}
