import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load } from "@/lib/page";
import { listAlerts, type AlertRow } from "@/lib/monitoring/queries";
import { refreshAlerts } from "@/lib/monitoring/commands";
import { ALERT_KINDS, alertSearchSchema } from "@/lib/monitoring/schema";
import { format, formatDate, t } from "@/lib/i18n";
import { CategoryBadge, Tag } from "@/components/ui/badges";
import { Pagination } from "@/components/ui/pagination";
import { CloseAlertForm } from "@/components/monitoring/close-form";
import { Flash } from "@/components/ui/flash";

const m = t.monitoring;
export const generateMetadata = () => ({ title: m.title });

/** The alert's reason as a sentence, from its kind and the facts detection stored with it. */
function reason(a: AlertRow): string {
  const d = a.detail;
  switch (a.kind) {
    case "MISSED_VISITS":
      return d.last ? format(m.details.missedSince, { from: d.from ?? "", last: d.last }) : format(m.details.missedNever, { from: d.from ?? "" });
    case "INCOME_CHANGE":
      return format(m.details.income, { visitedOn: d.visitedOn ?? "", answer: m.incomeAnswers[d.answer ?? ""] ?? d.answer ?? "" });
    case "TURNS_18":
      return format(m.details.turns18, { member: d.member ?? "", birthDate: d.birthDate ?? "" });
    case "TURNS_75":
      return format(m.details.turns75, { member: d.member ?? "", birthDate: d.birthDate ?? "" });
    case "NEW_FLAG":
      if (d.sensitiveFlags !== undefined) return format(m.details.newSensitive, { member: d.member ?? "", count: d.sensitiveFlags, on: d.on ?? "" });
      return [
        d.majorIllness ? format(m.details.newIllness, { member: d.member ?? "", on: d.on ?? "" }) : null,
        d.disabilityGrade ? format(m.details.newDisability, { member: d.member ?? "", grade: d.disabilityGrade, on: d.on ?? "" }) : null,
      ].filter(Boolean).join("；");
    case "MEMBER_LEFT":
      return format(m.details.memberLeft, { member: d.member ?? "", on: d.on ?? "" });
  }
}

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const sp = await searchParams;
  const search = alertSearchSchema.parse(sp);
  const open = search.tab === "open";
  const mayClose = can(actor, "close:alert");
  // Detection for the caseworker's own area first, so the list is current when it is worked.
  if (mayClose && open) await load(refreshAlerts(actor));
  const list = await load(listAlerts(actor, { open, kind: search.kind, page: search.page }));
  const tabHref = (tab: string) => `/alerts?tab=${tab}${search.kind ? `&kind=${search.kind}` : ""}`;
  return (
    <div className="space-y-4">
      <Flash message={sp.saved === "closed" ? m.closed : null} />
      <div>
        <h1 className="text-xl font-bold">{m.title}</h1>
        <p className="text-sm text-stone-600">{m.subtitle}</p>
      </div>
      <nav className="flex gap-2" aria-label={m.title}>
        {(["open", "closed"] as const).map((tab) => (
          <Link key={tab} href={tabHref(tab)} aria-current={search.tab === tab ? "page" : undefined}
            className={search.tab === tab ? "btn-primary" : "btn-secondary"}>
            {tab === "open" ? m.tabOpen : m.tabClosed}
          </Link>
        ))}
      </nav>
      <form className="card flex flex-col gap-3 p-3 sm:flex-row sm:items-end" action="/alerts">
        <input type="hidden" name="tab" value={search.tab} />
        <div className="flex-1">
          <label htmlFor="kind" className="mb-1 block text-sm font-medium">{m.kindFilter}</label>
          <select id="kind" name="kind" defaultValue={search.kind ?? ""} className="input">
            <option value="">{m.allKinds}</option>
            {ALERT_KINDS.map((k) => (
              <option key={k} value={k}>{m.kinds[k]}{open && list.openByKind[k] ? `（${list.openByKind[k]}）` : ""}</option>
            ))}
          </select>
        </div>
        <div className="flex gap-2">
          <button type="submit" className="btn-primary">{t.common.search}</button>
          <Link href={`/alerts?tab=${search.tab}`} className="btn-secondary">{t.common.reset}</Link>
        </div>
      </form>

      {list.rows.length === 0 ? (
        <p className="card p-6 text-center text-stone-600">{open ? m.empty : m.emptyClosed}</p>
      ) : (
        <ul className="space-y-2" data-testid="alerts">
          {list.rows.map((a) => (
            <li key={a.id} className="card" data-testid="alert">
              <div className="space-y-1 px-4 py-3">
                <div className="flex flex-wrap items-center gap-2">
                  <Tag tone={a.kind === "MISSED_VISITS" || a.kind === "MEMBER_LEFT" ? "red" : "amber"}>{m.kinds[a.kind]}</Tag>
                  <Link href={`/households/${a.householdId}`} className="font-medium btn-link">{a.headName}</Link>
                  <CategoryBadge category={a.category} />
                  <span className="text-sm text-stone-600">{a.villageName}{a.address ? ` · ${a.address}` : ""}</span>
                </div>
                <p className="text-sm">{reason(a)}</p>
                <p className="text-xs text-stone-500">
                  {format(m.raisedOn, { date: formatDate(a.raisedOn) })}
                  {a.closedOn ? ` · ${format(m.closedOn, { date: formatDate(a.closedOn) })}` : null}
                </p>
                {a.outcome ? (
                  <p className="flex flex-wrap items-center gap-2 text-sm">
                    <Tag tone="green">{m.outcomes[a.outcome]}</Tag>
                    {a.applicationId ? <Link href={`/applications/${a.applicationId}`} className="btn-link">{format(m.linkedApplication, { id: a.applicationId })}</Link> : null}
                    {a.outcomeReason ? <span className="text-stone-600">{format(m.closedBy, { reason: a.outcomeReason })}</span> : null}
                  </p>
                ) : null}
              </div>
              {open && mayClose ? (
                <details className="border-t border-stone-100">
                  <summary className="cursor-pointer px-4 py-2 text-sm font-medium text-brand-700 min-h-11 flex items-center">{m.reassess}</summary>
                  <div className="px-4 pb-4"><CloseAlertForm alertId={a.id} /></div>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination page={list.page} pages={list.pages} total={list.total} capped={list.capped} path="/alerts" params={{ tab: search.tab, kind: search.kind }} />
    </div>
  );
}
