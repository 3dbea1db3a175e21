/**
 * Problems resolved in the range by the campaign's three tiers (即时解决 / 转交部门 / 临时救助):
 * a donut with the total in its middle and, as its legend, the table of counts and shares.
 */
import { t } from "@/lib/i18n";
import { TIERS } from "@/lib/dashboard/export";
import type { Figures, TierName } from "@/lib/dashboard/types";
import { ChartFrame } from "./chart-frame";
import { formatCount, formatPercent } from "./format";

const m = t.dashboard;

export const TIER_COLOURS: Record<TierName, { stroke: string; bg: string }> = {
  IMMEDIATE: { stroke: "stroke-brand-600", bg: "bg-brand-600" },
  TRANSFER: { stroke: "stroke-sky-600", bg: "bg-sky-600" },
  TEMP_AID: { stroke: "stroke-amber-500", bg: "bg-amber-500" },
};

const R = 42;
const C = 2 * Math.PI * R;

export function TierChart({ figures }: { figures: Pick<Figures, "resolved" | "resolvedTotal"> }) {
  const total = figures.resolvedTotal;
  const lengths = TIERS.map((tier) => (total > 0 ? (figures.resolved[tier] / total) * C : 0));
  const arcs = TIERS.map((tier, i) => ({
    tier,
    n: figures.resolved[tier],
    length: lengths[i],
    offset: lengths.slice(0, i).reduce((a, b) => a + b, 0),
  }));
  const share = (n: number) => formatPercent(total > 0 ? n / total : null);

  return (
    <ChartFrame
      id="tier-chart"
      testId="tier-chart"
      title={m.tierChart}
      unit={m.tierChartUnit}
    >
      <div className="flex items-center gap-4">
        <svg viewBox="0 0 120 120" className="w-32 shrink-0 sm:w-40" role="img" aria-labelledby="tier-chart-title tier-chart-desc">
          <desc id="tier-chart-desc">
            {arcs.map((a) => `${m.tiers[a.tier]} ${a.n}`).join("，")}
          </desc>
          <circle cx="60" cy="60" r={R} fill="none" strokeWidth="16" className="stroke-stone-100" />
          {arcs.filter((a) => a.length > 0).map((a) => (
            <circle
              key={a.tier}
              cx="60"
              cy="60"
              r={R}
              fill="none"
              strokeWidth="16"
              className={TIER_COLOURS[a.tier].stroke}
              strokeDasharray={`${a.length} ${C - a.length}`}
              strokeDashoffset={-a.offset}
              transform="rotate(-90 60 60)"
            >
              <title>{`${m.tiers[a.tier]}：${a.n}（${share(a.n)}）`}</title>
            </circle>
          ))}
          <text x="60" y="58" textAnchor="middle" className="fill-stone-900 text-[20px] font-bold">{formatCount(total)}</text>
          <text x="60" y="76" textAnchor="middle" className="fill-stone-500 text-[10px]">{m.resolvedTotal}</text>
        </svg>
        <div className="min-w-0 flex-1 overflow-x-auto">
          <table className="w-full text-sm" data-testid="tier-table">
            <thead className="text-left text-xs text-stone-500">
              <tr>
                <th scope="col" className="py-1 font-normal">{t.problems.tier}</th>
                <th scope="col" className="py-1 pl-2 text-right font-normal">{m.count}</th>
                <th scope="col" className="py-1 pl-2 text-right font-normal">{m.share}</th>
              </tr>
            </thead>
            <tbody>
              {arcs.map((a) => (
                <tr key={a.tier}>
                  <th scope="row" className="py-1 text-left font-normal">
                    <span className="flex items-center gap-2">
                      <span aria-hidden="true" className={`size-3 shrink-0 rounded-sm ${TIER_COLOURS[a.tier].bg}`} />
                      {m.tiers[a.tier]}
                    </span>
                  </th>
                  <td className="py-1 pl-2 text-right font-medium tabular-nums">{formatCount(a.n)}</td>
                  <td className="py-1 pl-2 text-right tabular-nums text-stone-500">{share(a.n)}</td>
                </tr>
              ))}
              <tr className="border-t border-stone-200">
                <th scope="row" className="py-1 text-left font-medium">{m.total}</th>
                <td className="py-1 pl-2 text-right font-medium tabular-nums">{formatCount(total)}</td>
                <td className="py-1 pl-2 text-right tabular-nums text-stone-500">{total > 0 ? "100.0%" : m.noValue}</td>
              </tr>
            </tbody>
          </table>
        </div>
      </div>
      {total === 0 ? <p className="text-sm text-stone-500">{m.chartEmpty}</p> : null}
    </ChartFrame>
  );
}
