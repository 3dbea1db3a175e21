/**
 * Calendar dates. The province lives in China Standard Time (UTC+8, no daylight saving), so
 * "today" and "this month" are taken there, whatever the server's clock zone. A calendar date is
 * carried as `YYYY-MM-DD` and stored as a `date` column (a JS Date at UTC midnight).
 */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Today's date in China as YYYY-MM-DD. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** A YYYY-MM-DD string as the Date Prisma stores in a `date` column. */
export function dateFromIso(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

export function isoFromDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Is `iso` a real calendar date (2023-02-29 is not)? */
export function isRealDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const d = dateFromIso(iso);
  return !Number.isNaN(d.getTime()) && isoFromDate(d) === iso;
}

/** First day of the month containing `iso`, and of the month after. */
export function monthBounds(iso: string): { start: string; next: string; previous: string } {
  const [y, m] = iso.split("-").map(Number);
  const pad = (n: number) => String(n).padStart(2, "0");
  const start = `${y}-${pad(m)}-01`;
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
  const previous = m === 1 ? `${y - 1}-12-01` : `${y}-${pad(m - 1)}-01`;
  return { start, next, previous };
}

/** Full years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birthIso: string, onIso: string): number {
  const [by, bm, bd] = birthIso.split("-").map(Number);
  const [y, m, d] = onIso.split("-").map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The date `days` calendar days after (or before, when negative) `iso`. */
export function addDays(iso: string, days: number): string {
  const d = dateFromIso(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return isoFromDate(d);
}
