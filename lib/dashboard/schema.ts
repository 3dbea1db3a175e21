/**
 * The dashboard's query: a region (2, 4, 6 or 9 digits: province, city, county, township) and a
 * range of whole months. The roll-ups are kept by calendar month (docs/decisions/010-rollups.md),
 * so a range is from-month to to-month, both included; the default is the current year so far.
 * Pure: pages, the export, the API and the tests parse the same way.
 */
import { z } from "@/lib/validation";
import { todayInChina } from "@/lib/dates";
import { t, msg } from "@/lib/i18n";
import type { MonthRange } from "./types";

/** The longest range a dashboard answers (ten years), so a typo cannot ask for a millennium. */
export const MAX_MONTHS = 120;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, msg(() => t.dashboard.monthInvalid));

export const dashboardParamsSchema = z
  .object({
    region: z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9})$/, msg(() => t.dashboard.regionInvalid)).optional(),
    from: month.optional(),
    to: month.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to) {
      if (v.from > v.to) ctx.addIssue({ code: "custom", path: ["to"], message: t.dashboard.rangeReversed });
      else if (monthsBetween(v.from, v.to) > MAX_MONTHS) ctx.addIssue({ code: "custom", path: ["to"], message: t.dashboard.rangeTooLong });
    }
  });

export type DashboardParams = z.infer<typeof dashboardParamsSchema>;

/** The current year so far: January to this month (China time). */
export function defaultRange(today: string = todayInChina()): MonthRange {
  return { from: `${today.slice(0, 4)}-01`, to: today.slice(0, 7) };
}

/** A range with defaults filled in; a missing end is the other end's year's default. */
export function rangeFrom(params: Pick<DashboardParams, "from" | "to">, today: string = todayInChina()): MonthRange {
  const d = defaultRange(today);
  const from = params.from ?? (params.to ? `${params.to.slice(0, 4)}-01` : d.from);
  const to = params.to ?? (params.from && params.from > d.to ? params.from : d.to);
  return { from, to };
}

/** Months from `from` to `to`, both included (1 for one month). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split("-").map(Number);
  const [ty, tm] = to.split("-").map(Number);
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/** Each month of the range, `YYYY-MM`. */
export function monthsOf(range: MonthRange): string[] {
  const out: string[] = [];
  let [y, m] = range.from.split("-").map(Number);
  for (let i = 0; i < monthsBetween(range.from, range.to); i++) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m === 13) { m = 1; y += 1; }
  }
  return out;
}
