/**
 * Reads of the work calendar: its exceptions for a range of days (what every working-day count
 * needs), an application's processing clock, and the admin page's year. The calendar is
 * national reference data — the same for every region — so only the admin page is behind a
 * permission; the clocks are read by whoever may read the application they belong to.
 */
import "server-only";
import { db, type Tx } from "@/lib/db/client";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { addDays, dateFromIso, isoFromDate } from "@/lib/dates";
import { t } from "@/lib/i18n";
import {
  dayOfWeek,
  measureClock,
  type CalendarDayKindName,
  type CalendarExceptions,
  type ProcessingClock,
} from "./working-days";
import type { CalendarSearch } from "./schema";

type Client = Pick<Tx, "workCalendarDay">;

/** The calendar's exceptions from `fromIso` through `toIso` (both included), in one query. */
export async function loadCalendar(fromIso: string, toIso: string, client: Client = db): Promise<CalendarExceptions> {
  const rows = await client.workCalendarDay.findMany({
    where: { day: { gte: dateFromIso(fromIso), lte: dateFromIso(toIso) } },
    select: { day: true, kind: true },
  });
  return new Map(rows.map((r) => [isoFromDate(r.day), r.kind]));
}

/**
 * Calendar days loaded past acceptance for a clock: 45 working days are about 63 calendar days,
 * plus at most ~10 weekday holidays (春节 and 国庆 can both fall inside) — 120 leaves room.
 * Past the loaded range `addWorkingDays` would treat every weekday as working.
 */
const CLOCK_HORIZON_DAYS = 120;

/**
 * The processing clock of an application accepted on `acceptedOnIso`, measured on `endIso` —
 * today while it runs, the day of confirmation once it stopped — with the limit extended to 45
 * working days when `extended`. Counted from the calendar as it is now: a corrected holiday
 * moves the clocks of the applications it falls in.
 */
export async function processingClock(
  acceptedOnIso: string,
  endIso: string,
  extended: boolean,
  client: Client = db,
): Promise<ProcessingClock> {
  const horizon = addDays(acceptedOnIso, CLOCK_HORIZON_DAYS);
  const calendar = await loadCalendar(acceptedOnIso, endIso > horizon ? endIso : horizon, client);
  return measureClock(acceptedOnIso, endIso, extended, calendar);
}

export type CalendarDayRow = {
  day: string;
  kind: CalendarDayKindName;
  name: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
};

export type CalendarGroup = {
  /** The festival: a make-up day named "国庆节调休上班" joins the group "国庆节". */
  name: string;
  days: CalendarDayRow[];
  holidays: number;
  workdays: number;
};

const festivalOf = (row: Pick<CalendarDayRow, "kind" | "name">) => {
  const workdaySuffix = t.calendar.workdaySuffix;
  return row.kind === "WORKDAY" && row.name.endsWith(workdaySuffix) && row.name.length > workdaySuffix.length
    ? row.name.slice(0, -workdaySuffix.length)
    : row.name;
};

/**
 * A year of the calendar for the admin page: its days in date order, and the same days grouped
 * by festival (a festival's make-up days beside its holidays, as the State Council's notice
 * lists them), groups in the order of their first day.
 */
export async function listCalendarDays(actor: Actor, search: CalendarSearch) {
  requirePermission(actor, "manage:calendar");
  const rows = await db.workCalendarDay.findMany({
    where: { day: { gte: dateFromIso(`${search.year}-01-01`), lte: dateFromIso(`${search.year}-12-31`) } },
    orderBy: { day: "asc" },
    select: { day: true, kind: true, name: true },
  });
  const days: CalendarDayRow[] = rows.map((r) => {
    const day = isoFromDate(r.day);
    return { day, kind: r.kind, name: r.name, weekday: dayOfWeek(day) };
  });

  const groups = new Map<string, CalendarGroup>();
  for (const row of days) {
    const name = festivalOf(row);
    let group = groups.get(name);
    if (!group) groups.set(name, (group = { name, days: [], holidays: 0, workdays: 0 }));
    group.days.push(row);
    if (row.kind === "HOLIDAY") group.holidays += 1;
    else group.workdays += 1;
  }

  return {
    year: search.year,
    days,
    groups: [...groups.values()],
    holidays: days.filter((d) => d.kind === "HOLIDAY").length,
    workdays: days.filter((d) => d.kind === "WORKDAY").length,
  };
}
export type CalendarYear = Awaited<ReturnType<typeof listCalendarDays>>;
