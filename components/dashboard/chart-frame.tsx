/**
 * What every dashboard chart shares: a titled figure with its unit and legend, the drawing
 * (inline SVG, scaled to the width of its box), and the same figures as a table beneath it.
 */
export function ChartFrame({ id, title, unit, legend, children, table, testId }: {
  id: string;
  title: string;
  unit: string;
  legend?: { label: string; swatch: string; line?: boolean }[];
  children: React.ReactNode;
  table?: React.ReactNode;
  testId?: string;
}) {
  return (
    <figure className="card min-w-0 space-y-3 p-3 sm:p-4" aria-labelledby={`${id}-title`} data-testid={testId}>
      <figcaption className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <h3 id={`${id}-title`} className="font-semibold">{title}</h3>
        <span className="text-xs text-stone-500">{unit}</span>
        {legend ? (
          <ul className="flex w-full flex-wrap gap-x-4 gap-y-1 text-xs text-stone-700">
            {legend.map((l) => (
              <li key={l.label} className="flex items-center gap-1.5">
                <span aria-hidden="true" className={l.line ? `h-0.5 w-4 ${l.swatch}` : `size-3 rounded-sm ${l.swatch}`} />
                {l.label}
              </li>
            ))}
          </ul>
        ) : null}
      </figcaption>
      {children}
      {table}
    </figure>
  );
}

/** A table that scrolls sideways inside its box instead of widening the page. */
export function ScrollTable({ children, testId, label }: { children: React.ReactNode; testId?: string; label?: string }) {
  return (
    <div className="overflow-x-auto rounded-md border border-stone-200 bg-white" role="region" aria-label={label} tabIndex={label ? 0 : undefined}>
      <table className="w-full text-sm" data-testid={testId}>{children}</table>
    </div>
  );
}

/** Axis ticks from 0 in steps of 1, 2 or 5 × 10ⁿ (whole numbers: these are counts), up to the first at or above the maximum. */
export function niceTicks(max: number, count = 4): number[] {
  const top = Math.max(max, 1);
  const rough = top / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((s) => s * power).find((s) => s * count >= top) ?? 10 * power);
  const ticks = [0];
  while (ticks[ticks.length - 1] < top) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

/** Compact axis labels: 1.2万 for tens of thousands. */
export function axisLabel(v: number): string {
  if (v >= 10000) return `${(v / 10000).toFixed(v % 10000 === 0 ? 0 : 1)}万`;
  return String(v);
}
