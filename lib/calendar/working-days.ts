/**
 * Working days (工作日), the unit of the application clocks. Monday–Friday are working days,
 * except the exceptions the work calendar holds: a public holiday on a weekday (HOLIDAY) and a
 * make-up working day on a Saturday or Sunday (WORKDAY, 调休上班). Pure: no server imports, so
 * pages, client components and unit tests use the same arithmetic as the server.
 *
 * Dates are `YYYY-MM-DD` strings (lib/dates.ts); weekdays are taken in UTC, where a date string
 * and its day of the week never drift with the machine's time zone.
 *
 * The statutory limit: 低保 review and confirmation are completed within 30 working days of
 * acceptance, extendable to 45 in special cases (《最低生活保障审核确认办法》, 民发〔2021〕57号;
 * docs/domain.md, "Applying for 低保 / 特困").
 */
import { dateFromIso, isRealDate, isoFromDate } from "@/lib/dates";

export type CalendarDayKindName = "HOLIDAY" | "WORKDAY";
/** The calendar's exceptions, by day (YYYY-MM-DD). Days not in the map follow Monday–Friday. */
export type CalendarExceptions = Map<string, CalendarDayKindName>;
type Exceptions = ReadonlyMap<string, CalendarDayKindName>;

/** 审核确认时限: 30 working days from acceptance. */
export const PROCESSING_LIMIT = 30;
/** 特殊情况下可以延长: by 15 working days, to 45. */
export const PROCESSING_EXTENSION = 15;
/** A clock turns to "warning" when this many working days or fewer are left (our choice, not law). */
export const WARNING_WORKING_DAYS = 5;

const DAY_MS = 24 * 60 * 60 * 1000;
/** 1970-01-05, the first Monday after the epoch (1970-01-01 was a Thursday). */
const MONDAY_EPOCH_DAY = 4;

function epochDay(iso: string): number {
  if (!isRealDate(iso)) throw new RangeError(`not a date (YYYY-MM-DD): ${iso}`);
  return Math.round(dateFromIso(iso).getTime() / DAY_MS);
}


/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export function dayOfWeek(iso: string): number {
  return dateFromIso(iso).getUTCDay();
}

export function isWeekend(iso: string): boolean {
  const d = dayOfWeek(iso);
  return d === 0 || d === 6;
}

export function isWorkingDay(iso: string, ex: Exceptions): boolean {
  const kind = ex.get(iso);
  if (kind === "WORKDAY") return true;
  if (kind === "HOLIDAY") return false;
  return !isWeekend(iso);
}

/** Monday–Friday days from a fixed Monday up to and including epoch day `d` (any sign). */
function weekdaysThrough(d: number): number {
  const k = d - MONDAY_EPOCH_DAY;
  const weeks = Math.floor(k / 7);
  const dow = k - weeks * 7; // 0 = Monday … 6 = Sunday
  return weeks * 5 + Math.min(dow + 1, 5);
}

/**
 * Working days AFTER `fromIso`, up to and including `toIso`: the day of acceptance does not
 * count, the day of confirmation does. 0 when `toIso` is not after `fromIso`.
 *
 * Counted arithmetically (weekdays in the range, then the exceptions inside it), so a clock
 * that has run for years costs no more than one that started yesterday. An exception that
 * changes nothing — a HOLIDAY on a Sunday — is ignored, as it is by `isWorkingDay`.
 */
export function workingDaysBetween(fromIso: string, toIso: string, ex: Exceptions): number {
  const from = epochDay(fromIso);
  const to = epochDay(toIso);
  if (to <= from) return 0;
  let n = weekdaysThrough(to) - weekdaysThrough(from);
  for (const [day, kind] of ex) {
    if (!(day > fromIso && day <= toIso)) continue; // YYYY-MM-DD strings sort as dates
    const weekend = isWeekend(day);
    if (kind === "HOLIDAY" && !weekend) n -= 1;
    else if (kind === "WORKDAY" && weekend) n += 1;
  }
  return n;
}

/**
 * The day on which `n` working days have elapsed after `fromIso` — the n-th working day after
 * it (`fromIso` itself when n = 0). The inverse of `workingDaysBetween`:
 * `workingDaysBetween(from, addWorkingDays(from, n, ex), ex) === n`.
 */
export function addWorkingDays(fromIso: string, n: number, ex: Exceptions): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
  let day = epochDay(fromIso);
  let left = n;
  // One step per calendar day: n is a statutory limit (≤ 45), so at most a few months of steps.
  while (left > 0) {
    day += 1;
    if (isWorkingDay(isoFromDate(new Date(day * DAY_MS)), ex)) left -= 1;
  }
  return isoFromDate(new Date(day * DAY_MS));
}

export type ClockStatus = "ok" | "warning" | "overdue";
export type ProcessingClock = {
  /** Working days elapsed after acceptance, up to and including the end day. */
  used: number;
  /** 30, or 45 when the time limit was extended. */
  limit: number;
  /** Working days left until the limit (0 once it is reached or passed). */
  remaining: number;
  /** Working days past the limit (0 while on time). */
  overdueBy: number;
  /** The last day within the limit: the `limit`-th working day after acceptance. */
  dueOn: string;
  status: ClockStatus;
};

/**
 * The processing clock of an application accepted on `acceptedOnIso`, measured on `endIso`
 * (today while it runs, the day of confirmation once it stopped). The due day itself is still
 * on time; the day after it is overdue. Pure: the caller supplies a calendar that covers
 * acceptance through max(end, due day) — see lib/calendar/queries.ts `processingClock`.
 */
export function measureClock(acceptedOnIso: string, endIso: string, extended: boolean, ex: Exceptions): ProcessingClock {
  const limit = PROCESSING_LIMIT + (extended ? PROCESSING_EXTENSION : 0);
  const used = workingDaysBetween(acceptedOnIso, endIso, ex);
  const remaining = Math.max(0, limit - used);
  const overdueBy = Math.max(0, used - limit);
  const status: ClockStatus = overdueBy > 0 ? "overdue" : remaining <= WARNING_WORKING_DAYS ? "warning" : "ok";
  return { used, limit, remaining, overdueBy, dueOn: addWorkingDays(acceptedOnIso, limit, ex), status };
}
