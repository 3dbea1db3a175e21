/**
 * This month's roster above a township (issue 14): not a province's worth of rows, but each
 * subregion's households due a visit and visited, from the roll-ups (rosterCoverage), each a link one
 * level down — down to a township, whose households are listed.
 */
import Link from "next/link";
import type { RosterCoverage } from "@/lib/visits/queries";
import { format, t } from "@/lib/i18n";

const pct = (visited: number, registered: number) => (registered === 0 ? 0 : Math.round((visited / registered) * 1000) / 10);
const href = (code: string) => `/visits?region=${code}`;

export function RosterRegions({ coverage, month, search }: { coverage: RosterCoverage; month: string; search?: React.ReactNode }) {
  const { totals, children, breadcrumb, region } = coverage;
  const percent = pct(totals.visited, totals.registered);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-bold">{t.roster.title}</h1>
        <p className="text-sm text-stone-600">{format(t.roster.subtitle, { month })}</p>
        <nav aria-label={t.roster.regionsBreadcrumb} className="mt-2 flex flex-wrap gap-1 text-sm text-stone-600" data-testid="roster-breadcrumb">
          {breadcrumb.map((r, i) => (
            <span key={r.code}>
              {i > 0 ? " › " : ""}
              {r.linkable && r.code !== region.code ? <Link className="underline" href={href(r.code)}>{r.name}</Link> : <span className={r.code === region.code ? "font-semibold text-stone-900" : ""}>{r.name}</span>}
            </span>
          ))}
        </nav>
      </div>
      <section className="card p-4" aria-label={t.roster.coverage}>
        <div className="flex items-baseline justify-between">
          <span className="text-sm font-medium text-stone-700">{format(t.roster.regionCoverage, { region: region.name })}</span>
          <span className="text-2xl font-bold text-brand-700" data-testid="coverage">{percent}%</span>
        </div>
        <div className="mt-2 h-3 overflow-hidden rounded-full bg-stone-200" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
          <div className="h-full rounded-full bg-brand-500" style={{ width: `${percent}%` }} />
        </div>
        <p className="mt-2 text-sm text-stone-600">{format(t.roster.coverageDetail, { visited: totals.visited, total: totals.registered })}</p>
      </section>
      {search}
      <p className="text-sm text-stone-600">{t.roster.regionsHint}</p>
      <div className="card overflow-x-auto">
        <table className="w-full text-sm" data-testid="roster-regions">
          <thead className="bg-stone-50 text-left text-stone-600">
            <tr>
              <th className="px-4 py-2 font-medium">{t.roster.regionColumn}</th>
              <th className="px-4 py-2 text-right font-medium">{t.roster.dueColumn}</th>
              <th className="px-4 py-2 text-right font-medium">{t.roster.visitedColumn}</th>
              <th className="px-4 py-2 text-right font-medium">{t.roster.notYetColumn}</th>
              <th className="w-40 px-4 py-2 font-medium">{t.roster.coverage}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {children.map((c) => {
              const p = pct(c.visited, c.registered);
              return (
                <tr key={c.code} data-testid="roster-region">
                  <td className="px-4 py-2"><Link className="font-medium text-brand-700 underline" href={href(c.code)}>{c.name}</Link></td>
                  <td className="px-4 py-2 text-right tabular-nums">{c.registered.toLocaleString("zh-CN")}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{c.visited.toLocaleString("zh-CN")}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{Math.max(0, c.registered - c.visited).toLocaleString("zh-CN")}</td>
                  <td className="px-4 py-2">
                    <div className="flex items-center gap-2">
                      <div className="h-2 flex-1 overflow-hidden rounded-full bg-stone-200"><div className="h-full bg-brand-500" style={{ width: `${p}%` }} /></div>
                      <span className="w-12 text-right tabular-nums">{p}%</span>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
