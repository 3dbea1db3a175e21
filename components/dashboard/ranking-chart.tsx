/**
 * The subregions ranked by one figure (households visited by default; visits, this month's
 * roster coverage or problems resolved by `?rank=`), as horizontal bars that each open the
 * subregion. The table of the same ranking folds out beneath.
 */
import Link from "next/link";
import { t } from "@/lib/i18n";
import { coverageRatio } from "@/lib/dashboard/export";
import type { Dashboard, Figures } from "@/lib/dashboard/types";
import { ChartFrame, ScrollTable } from "./chart-frame";
import { dashboardHref, formatCount, formatPercent, RANKINGS, type Ranking } from "./format";

const m = t.dashboard;

const W = 340;
const ROW = 30;
const LABEL_W = 88;
const VALUE_W = 52;
const BAR_W = W - LABEL_W - VALUE_W;

const VALUE: Record<Ranking, (f: Figures) => number | null> = {
  households: (f) => f.householdsVisited,
  visits: (f) => f.visits,
  coverage: (f) => coverageRatio(f),
  resolved: (f) => f.resolvedTotal,
};

const show = (rank: Ranking, v: number | null) => (rank === "coverage" ? formatPercent(v) : v === null ? m.noValue : formatCount(v));

/** Long township names are cut to fit the label column; the full name is in the bar's title. */
const shortName = (name: string) => (name.length > 6 ? `${name.slice(0, 5)}…` : name);

export function RankingChart({ dashboard, rank }: { dashboard: Dashboard; rank: Ranking }) {
  const rows = dashboard.children
    .map((c) => ({ region: c.region, value: VALUE[rank](c) }))
    .sort((a, b) => (b.value ?? -1) - (a.value ?? -1) || a.region.code.localeCompare(b.region.code));
  const max = rank === "coverage" ? 1 : Math.max(1, ...rows.map((r) => r.value ?? 0));
  const height = rows.length * ROW + 4;
  const hrefOf = (code: string) => dashboardHref(code, dashboard.range, rank);

  return (
    <ChartFrame
      id="ranking-chart"
      testId="ranking-chart"
      title={m.rankingChart}
      unit={m.rankingUnits[rank]}
      table={
        <details className="text-sm">
          <summary className="cursor-pointer py-1 font-medium text-brand-700">{m.showTable}</summary>
          <ScrollTable testId="ranking-table" label={m.rankingChart}>
            <thead className="bg-stone-50 text-left text-stone-600">
              <tr>
                <th scope="col" className="px-3 py-2 text-right">{m.rank}</th>
                <th scope="col" className="px-3 py-2">{m.region}</th>
                <th scope="col" className="px-3 py-2 text-right">{m.rankings[rank]}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {rows.map((r, i) => (
                <tr key={r.region.code}>
                  <td className="px-3 py-1.5 text-right tabular-nums">{i + 1}</td>
                  <th scope="row" className="px-3 py-1.5 text-left font-normal"><a href={hrefOf(r.region.code)} className="btn-link">{r.region.name}</a></th>
                  <td className="px-3 py-1.5 text-right tabular-nums">{show(rank, r.value)}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </details>
      }
    >
      <nav className="flex gap-2 overflow-x-auto pb-1" aria-label={m.rankingBy}>
        {RANKINGS.map((key) => (
          <Link
            key={key}
            href={dashboardHref(dashboard.region.code, dashboard.range, key)}
            scroll={false}
            aria-current={key === rank ? "true" : undefined}
            className={`whitespace-nowrap rounded-full border px-3 py-1 text-sm ${key === rank ? "border-brand-600 bg-brand-600 text-white" : "border-stone-300 bg-white hover:bg-stone-100"}`}
          >
            {m.rankings[key]}
          </Link>
        ))}
      </nav>
      <svg viewBox={`0 0 ${W} ${height}`} width="100%" role="img" aria-labelledby="ranking-chart-title" className="block h-auto max-w-md" data-testid="ranking-svg">
        {rows.map((r, i) => {
          const y = i * ROW + 2;
          const w = r.value === null ? 0 : (r.value / max) * BAR_W;
          return (
            <a key={r.region.code} href={hrefOf(r.region.code)} className="group">
              <title>{`${r.region.name}：${show(rank, r.value)}`}</title>
              <rect x="0" y={y} width={W} height={ROW} fill="transparent" />
              <text x={LABEL_W - 6} y={y + ROW / 2 + 4} textAnchor="end" className="fill-stone-800 text-[12px] group-hover:fill-brand-700 group-hover:underline">
                {shortName(r.region.name)}
              </text>
              <rect x={LABEL_W} y={y + 4} width={BAR_W} height={ROW - 8} rx="2" className="fill-stone-100" />
              <rect x={LABEL_W} y={y + 4} width={Math.max(w, r.value ? 1 : 0)} height={ROW - 8} rx="2" className="fill-brand-500 group-hover:fill-brand-700" />
              <text x={LABEL_W + BAR_W + 4} y={y + ROW / 2 + 4} className="fill-stone-700 text-[11px] tabular-nums">{show(rank, r.value)}</text>
            </a>
          );
        })}
      </svg>
    </ChartFrame>
  );
}
