import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load } from "@/lib/page";
import { conversion, ROWS_FROM_LENGTH, worklist, worklistRegion, worklistRegions } from "@/lib/discovery/queries";
import { worklistSearchSchema } from "@/lib/discovery/schema";
import { format, t } from "@/lib/i18n";
import { Tag } from "@/components/ui/badges";
import { Pagination } from "@/components/ui/pagination";
import { CloseLeadForm, LeadForm, ScreeningForm } from "@/components/discovery/forms";
import { openLeads } from "@/lib/discovery/leads";
import { villagesInScope } from "@/lib/households/queries";
import { Flash } from "@/components/ui/flash";
import { VillageOptions } from "@/components/ui/village-options";

const d = t.discovery;
export const generateMetadata = () => ({ title: d.title });

export default async function WorklistPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const sp = await searchParams;
  const search = worklistSearchSchema.parse(sp);
  // Above the township the worklist is counts per subregion with drill-down links (a province has
  // a million households); a township or village lists its households, a page at a time.
  const region = worklistRegion(actor, search);
  const rowsMode = region.length >= ROWS_FROM_LENGTH;
  const [list, regions, funnel, leads, villages] = await Promise.all([
    rowsMode ? load(worklist(actor, search)) : null,
    rowsMode ? null : load(worklistRegions(actor, region, search.rule ?? null)),
    load(conversion(actor, undefined, region)),
    load(openLeads(actor, search.village)),
    rowsMode || can(actor, "screen:household") ? villagesInScope(actor, rowsMode ? region.slice(0, ROWS_FROM_LENGTH) : undefined) : [],
  ]);
  const parent = region.length > actor.regionCode.length ? region.slice(0, [2, 4, 6, 9].filter((n) => n < region.length).pop()) : null;
  const drill = (code: string) => `/worklist?${new URLSearchParams({ region: code, ...(search.rule ? { rule: search.rule } : {}) })}`;
  const flash = sp.saved === "screened" ? d.screened : sp.saved === "lead" ? d.leadRecorded : sp.saved === "leadClosed" ? d.leadClosed : null;
  const ruleName = new Map(funnel.map((r) => [r.code, r.name]));
  return (
    <div className="space-y-4">
      <Flash message={flash} />
      <div>
        <h1 className="text-xl font-bold">{d.title}</h1>
        <p className="text-sm text-stone-600">{d.subtitle}</p>
      </div>
      <form className="card flex flex-col gap-3 p-3 sm:flex-row sm:items-end" action="/worklist">
        {region !== actor.regionCode && !search.village ? <input type="hidden" name="region" value={region} /> : null}
        <div className="flex-1">
          <label htmlFor="rule" className="mb-1 block text-sm font-medium">{d.ruleFilter}</label>
          <select id="rule" name="rule" defaultValue={search.rule ?? ""} className="input">
            <option value="">{d.allRules}</option>
            {funnel.filter((r) => r.enabled).map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}
          </select>
        </div>
        {rowsMode ? <div className="flex-1">
          <label htmlFor="village" className="mb-1 block text-sm font-medium">{d.villageFilter}</label>
          <select id="village" name="village" defaultValue={search.village ?? ""} className="input">
            <option value="">{d.allVillages}</option>
            <VillageOptions groups={villages} />
          </select>
        </div> : null}
        {rowsMode ? <div className="flex-1">
          <label htmlFor="q" className="mb-1 block text-sm font-medium">{d.nameFilter}</label>
          <input id="q" name="q" type="search" defaultValue={search.q ?? ""} className="input" placeholder={d.namePlaceholder} maxLength={50} />
        </div> : null}
        <div className="flex gap-2">
          <button type="submit" className="btn-primary">{t.common.search}</button>
          <Link href="/worklist" className="btn-secondary">{t.common.reset}</Link>
        </div>
      </form>

      {parent ? <p className="text-sm"><Link href={drill(parent)} className="btn-link">{d.upTo}</Link></p> : null}
      {regions ? (
        <section className="space-y-2">
          <nav aria-label={t.dashboard.breadcrumb} data-testid="breadcrumb">
            <ol className="flex flex-wrap items-center gap-x-1 text-sm">
              {regions.breadcrumb.map((r, i) => (
                <li key={r.code} className="flex items-center gap-1">
                  {i > 0 ? <span aria-hidden="true" className="text-stone-400">›</span> : null}
                  {i === regions.breadcrumb.length - 1 ? <span aria-current="page" className="font-semibold">{r.name}</span>
                    : r.linkable ? <Link href={drill(r.code)} className="btn-link">{r.name}</Link> : <span className="text-stone-500">{r.name}</span>}
                </li>
              ))}
            </ol>
          </nav>
          <h2 className="text-lg font-semibold">{d.byRegion}</h2>
          <p className="text-sm text-stone-600">{d.byRegionHint}</p>
          <div className="card overflow-x-auto">
            <table className="w-full text-sm" data-testid="worklist-regions">
              <thead className="bg-stone-50 text-left text-stone-600">
                <tr><th className="px-3 py-2">{d.regionColumn}</th><th className="px-3 py-2 text-right">{d.householdsColumn}</th></tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                {regions.children.map((c) => (
                  <tr key={c.code}>
                    <td className="px-3 py-2"><Link href={drill(c.code)} className="btn-link">{c.name}</Link></td>
                    <td className="px-3 py-2 text-right tabular-nums">{c.households}</td>
                  </tr>
                ))}
                <tr className="font-semibold"><td className="px-3 py-2">{d.total}</td><td className="px-3 py-2 text-right tabular-nums">{regions.total}</td></tr>
              </tbody>
            </table>
          </div>
        </section>
      ) : list ? (
        <>
      {list.rows.length === 0 ? (
          <p className="card p-6 text-center text-stone-600">{d.empty}</p>
        ) : (
          <ul className="space-y-2" data-testid="worklist">
            {list.rows.map((r) => (
              <li key={r.id} className="card">
                <div className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-center sm:gap-4">
                  <Link href={`/households/${r.id}`} className="font-medium btn-link sm:w-28">{r.headName}</Link>
                  <span className="flex flex-1 flex-wrap gap-1">
                    {r.reasons.map((code) => <Tag key={code} tone="amber">{ruleName.get(code) ?? code}</Tag>)}
                  </span>
                  <span className="text-sm text-stone-600">{r.villageName} · {r.address}</span>
                  <span className="text-xs text-stone-500">{r.incomePerHead ? format(d.incomePerHead, { amount: Number(r.incomePerHead).toFixed(2) }) : d.noIncome}</span>
                </div>
                {can(actor, "screen:household") ? (
                  <details className="border-t border-stone-100">
                    <summary className="cursor-pointer px-4 py-2 text-sm font-medium text-brand-700">{d.screen}</summary>
                    <div className="px-4 pb-4"><ScreeningForm householdId={r.id} /></div>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <Pagination page={list.page} pages={list.pages} total={list.total} path="/worklist" params={{ rule: search.rule, region: search.region, village: search.village, q: search.q }} />
        </>
      ) : null}

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{d.leads}</h2>
        {leads.length === 0 ? (
          <p className="card p-4 text-sm text-stone-600">{d.leadsEmpty}</p>
        ) : (
          <ul className="card divide-y divide-stone-100" data-testid="leads">
            {leads.map((l) => (
              <li key={l.id} className="space-y-2 px-4 py-3 text-sm">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{l.familyName}</span>
                  <Tag>{t.enums.problemSource[l.source]}</Tag>
                  <span className="text-stone-600">{l.villageName} · {l.address}</span>
                </div>
                <p className="text-stone-700">{l.situation || t.household.hiddenText}{l.reporter ? `（${l.reporter}）` : ""}</p>
                {can(actor, "write:household") ? (
                  <div className="flex flex-wrap items-end gap-3">
                    <Link href={`/households/new?lead=${l.id}`} className="btn-primary">{d.register}</Link>
                    <CloseLeadForm leadId={l.id} version={l.version} />
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {can(actor, "screen:household") ? (
          <details className="card">
            <summary className="cursor-pointer px-4 py-3 font-medium">{d.recordLead}</summary>
            <div className="border-t border-stone-100 p-4"><LeadForm villages={villages} /></div>
          </details>
        ) : null}
      </section>

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{d.conversion}</h2>
        <div className="card overflow-x-auto">
          <table className="w-full text-sm" data-testid="conversion">
            <thead className="bg-stone-50 text-left text-stone-600">
              <tr>
                <th className="px-3 py-2">{d.rulesTitle}</th>
                <th className="px-3 py-2 text-right">{d.found}</th>
                <th className="px-3 py-2 text-right">{d.screenedCount}</th>
                <th className="px-3 py-2 text-right">{d.applied}</th>
                <th className="px-3 py-2 text-right">{d.approved}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {funnel.map((r) => (
                <tr key={r.code}>
                  <td className="px-3 py-2">{r.name}{r.enabled ? "" : `（${d.disabled}）`}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{r.found}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{r.screened}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{r.applied}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{r.approved}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
