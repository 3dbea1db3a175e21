/**
 * How the dashboard shows its figures: counts with thousands separators, yuan with two
 * decimals, ratios as percentages with one decimal (as the export writes them), and the links
 * that keep the chosen range while moving between regions.
 */
import { formatNumber, t } from "@/lib/i18n";
import type { MonthRange } from "@/lib/dashboard/types";

export const formatCount = (n: number) => formatNumber(n, { maximumFractionDigits: 0 });
export const formatAmount = (yuan: string) => formatNumber(Number(yuan), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const formatPercent = (ratio: number | null) => (ratio === null ? t.dashboard.noValue : `${(ratio * 100).toFixed(1)}%`);
export const formatDecimal = (v: number | null) => (v === null ? t.dashboard.noValue : v.toFixed(1));

export const RANKINGS = ["households", "visits", "coverage", "resolved"] as const;
export type Ranking = (typeof RANKINGS)[number];

/** `/dashboard?region=…&from=…&to=…` (and the ranking when it is not the default). */
export function dashboardHref(regionCode: string, range: MonthRange, rank?: Ranking): string {
  const q = new URLSearchParams({ region: regionCode, from: range.from, to: range.to });
  if (rank && rank !== RANKINGS[0]) q.set("rank", rank);
  return `/dashboard?${q}`;
}

/** `YYYY-MM` moved by `delta` months. */
export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split("-").map(Number);
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}
