/**
 * Month by month over the range: visits (bars) with households visited (line), and problems
 * found against problems resolved (paired bars). Two panels because their scales differ by an
 * order of magnitude; the table beneath carries every figure of every month.
 */
import { t } from "@/lib/i18n";
import type { TrendPoint } from "@/lib/dashboard/types";
import { axisLabel, ChartFrame, niceTicks, ScrollTable } from "./chart-frame";
import { formatAmount, formatCount } from "./format";

const m = t.dashboard;

const W = 340;
const H = 190;
const PAD = { left: 34, right: 6, top: 10, bottom: 22 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;

type Series = { label: string; values: number[]; className: string };

/** "3月" within one year, "25-12" across years. */
function monthLabels(months: string[]): string[] {
  const oneYear = months.every((mo) => mo.slice(0, 4) === months[0]?.slice(0, 4));
  return months.map((mo) => (oneYear ? `${Number(mo.slice(5))}月` : `${mo.slice(2, 4)}-${mo.slice(5)}`));
}

function Panel({ id, title, months, bars, line }: { id: string; title: string; months: string[]; bars: Series[]; line?: Series }) {
  const n = months.length;
  const labels = monthLabels(months);
  const ticks = niceTicks(Math.max(0, ...bars.flatMap((b) => b.values), ...(line?.values ?? [])));
  const top = ticks[ticks.length - 1];
  const y = (v: number) => PAD.top + PLOT_H * (1 - v / top);
  const slot = PLOT_W / Math.max(n, 1);
  const groupW = Math.min(slot * 0.72, 28 * bars.length);
  const barW = groupW / bars.length;
  const cx = (i: number) => PAD.left + slot * i + slot / 2;
  const labelW = (labels[0] ?? "").length > 3 ? 34 : 26;
  const every = Math.max(1, Math.ceil((n * labelW) / PLOT_W));

  return (
    <div className="min-w-0">
      <h4 className="mb-1 text-sm font-medium text-stone-700">{title}</h4>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby={`${id}-label`} className="block h-auto overflow-visible" data-testid={id}>
        <title id={`${id}-label`}>{`${m.trendChart}：${title}`}</title>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className={v === 0 ? "stroke-stone-400" : "stroke-stone-200"} strokeWidth="1" />
            <text x={PAD.left - 4} y={y(v) + 4} textAnchor="end" className="fill-stone-500 text-[11px] tabular-nums">{axisLabel(v)}</text>
          </g>
        ))}
        {months.map((mo, i) => (
          <g key={mo}>
            {bars.map((b, j) => {
              const v = b.values[i];
              return (
                <rect
                  key={b.label}
                  x={cx(i) - groupW / 2 + j * barW}
                  y={y(v)}
                  width={Math.max(barW - 1, 1)}
                  height={Math.max(PAD.top + PLOT_H - y(v), 0)}
                  className={b.className}
                />
              );
            })}
            {i % every === 0 ? (
              <text x={cx(i)} y={H - 6} textAnchor="middle" className="fill-stone-600 text-[11px]">{labels[i]}</text>
            ) : null}
            {/* The whole column answers a hover with the month's figures. */}
            <rect x={PAD.left + slot * i} y={PAD.top} width={slot} height={PLOT_H} fill="transparent">
              <title>{`${mo}：${[...bars, ...(line ? [line] : [])].map((s) => `${s.label} ${formatCount(s.values[i])}`).join("，")}`}</title>
            </rect>
          </g>
        ))}
        {line && n > 0 ? (
          <g className={line.className}>
            <polyline
              fill="none"
              strokeWidth="2"
              strokeLinejoin="round"
              points={line.values.map((v, i) => `${cx(i)},${y(v)}`).join(" ")}
            />
            {line.values.map((v, i) => (
              <circle key={months[i]} cx={cx(i)} cy={y(v)} r={n > 24 ? 1.5 : 3} className="fill-white" strokeWidth="2" />
            ))}
          </g>
        ) : null}
      </svg>
    </div>
  );
}

export function TrendChart({ trend }: { trend: TrendPoint[] }) {
  const months = trend.map((p) => p.month);
  const visits: Series = { label: m.visits, values: trend.map((p) => p.visits), className: "fill-brand-500/30" };
  const households: Series = { label: m.householdsVisited, values: trend.map((p) => p.householdsVisited), className: "stroke-brand-700" };
  const found: Series = { label: m.problemsFound, values: trend.map((p) => p.problemsFound), className: "fill-stone-400" };
  const resolved: Series = { label: m.resolvedTotal, values: trend.map((p) => p.resolvedTotal), className: "fill-green-600" };

  return (
    <ChartFrame
      id="trend-chart"
      testId="trend-chart"
      title={m.trendChart}
      unit={m.trendUnit}
      legend={[
        { label: m.visits, swatch: "bg-brand-500/30" },
        { label: m.householdsVisited, swatch: "bg-brand-700", line: true },
        { label: m.problemsFound, swatch: "bg-stone-400" },
        { label: m.resolvedTotal, swatch: "bg-green-600" },
      ]}
      table={
        <ScrollTable testId="trend-table" label={m.trendChart}>
          <thead className="bg-stone-50 text-left text-stone-600">
            <tr>
              <th scope="col" className="sticky left-0 bg-stone-50 px-3 py-2">{m.month}</th>
              <th scope="col" className="px-3 py-2 text-right whitespace-nowrap">{m.visits}</th>
              <th scope="col" className="px-3 py-2 text-right whitespace-nowrap">{m.householdsVisited}</th>
              <th scope="col" className="px-3 py-2 text-right whitespace-nowrap">{m.questionnaires}</th>
              <th scope="col" className="px-3 py-2 text-right whitespace-nowrap">{m.problemsFound}</th>
              <th scope="col" className="px-3 py-2 text-right whitespace-nowrap">{m.resolvedTotal}</th>
              <th scope="col" className="px-3 py-2 text-right whitespace-nowrap">{`${m.aidAmount}（${m.units.yuan}）`}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {trend.map((p) => (
              <tr key={p.month}>
                <th scope="row" className="sticky left-0 bg-white px-3 py-1.5 text-left font-normal tabular-nums whitespace-nowrap">{p.month}</th>
                <td className="px-3 py-1.5 text-right tabular-nums">{formatCount(p.visits)}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{formatCount(p.householdsVisited)}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{formatCount(p.questionnaires)}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{formatCount(p.problemsFound)}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{formatCount(p.resolvedTotal)}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{formatAmount(p.aidAmount)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      }
    >
      <div className="grid gap-4 md:grid-cols-2">
        <Panel id="trend-visits" title={m.trendVisitsPanel} months={months} bars={[visits]} line={households} />
        <Panel id="trend-problems" title={m.trendProblemsPanel} months={months} bars={[found, resolved]} />
      </div>
    </ChartFrame>
  );
}
