/**
 * The month range: two month fields submitted by GET (the URL is the state, so a view can be
 * bookmarked or sent), and quick choices computed from the dashboard's "today".
 */
import Link from "next/link";
import { t } from "@/lib/i18n";
import type { MonthRange } from "@/lib/dashboard/types";
import { addMonths, dashboardHref, type Ranking } from "./format";

const m = t.dashboard;

export function quickRanges(today: string): { key: keyof typeof m.quickRanges; range: MonthRange }[] {
  const month = today.slice(0, 7);
  const previous = addMonths(month, -1);
  return [
    { key: "year", range: { from: `${month.slice(0, 4)}-01`, to: month } },
    { key: "month", range: { from: month, to: month } },
    { key: "lastMonth", range: { from: previous, to: previous } },
    { key: "last12", range: { from: addMonths(month, -11), to: month } },
  ];
}

export function RangeForm({
  regionCode, values, today, current, rank, errors = [],
}: {
  regionCode: string;
  /** What the fields show: the range in force, or what was typed when it was refused. */
  values: { from?: string; to?: string };
  today: string;
  current?: MonthRange;
  rank?: Ranking;
  errors?: string[];
}) {
  return (
    <form action="/dashboard" method="get" className="card space-y-3 p-3" aria-describedby={errors.length ? "range-errors" : undefined}>
      <input type="hidden" name="region" value={regionCode} />
      {rank && rank !== "households" ? <input type="hidden" name="rank" value={rank} /> : null}
      <fieldset className="flex flex-wrap items-end gap-3">
        <legend className="sr-only">{m.rangeLegend}</legend>
        <div className="min-w-0 flex-1 basis-36">
          <label htmlFor="from" className="mb-1 block text-sm font-medium">{m.from}</label>
          <input id="from" name="from" type="month" defaultValue={values.from} placeholder="2026-01" pattern="\d{4}-\d{2}" className="input" aria-invalid={errors.length > 0 || undefined} />
        </div>
        <div className="min-w-0 flex-1 basis-36">
          <label htmlFor="to" className="mb-1 block text-sm font-medium">{m.to}</label>
          <input id="to" name="to" type="month" defaultValue={values.to} placeholder="2026-12" pattern="\d{4}-\d{2}" className="input" aria-invalid={errors.length > 0 || undefined} />
        </div>
        <button type="submit" className="btn-primary">{m.apply}</button>
      </fieldset>
      {errors.length ? (
        <div id="range-errors" aria-live="polite" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="range-errors">
          {m.invalidParams}{errors.join(" ")}
        </div>
      ) : null}
      <nav className="flex flex-wrap items-center gap-2" aria-label={m.quick}>
        <span className="text-sm text-stone-600">{m.quick}</span>
        {quickRanges(today).map((q) => {
          const active = current && current.from === q.range.from && current.to === q.range.to;
          return (
            <Link
              key={q.key}
              href={dashboardHref(regionCode, q.range, rank)}
              aria-current={active ? "true" : undefined}
              className={`whitespace-nowrap rounded-full border px-3 py-1.5 text-sm ${active ? "border-brand-600 bg-brand-600 text-white" : "border-stone-300 bg-white hover:bg-stone-100"}`}
            >
              {m.quickRanges[q.key]}
            </Link>
          );
        })}
      </nav>
    </form>
  );
}
