/**
 * Work-calendar input, shared by the admin form and the server: a day added to the calendar, a
 * day removed, and the year the page shows. Whether a kind suits the day's weekday is a rule of
 * the command (lib/calendar/commands.ts), which also guards calls that bypass the form.
 */
import { isRealDate, todayInChina } from "@/lib/dates";
import { z, choice, requiredText } from "@/lib/validation";
import { format, t, msg } from "@/lib/i18n";

const v = t.validation;
const c = t.calendar;

export const CALENDAR_DAY_KINDS = ["HOLIDAY", "WORKDAY"] as const;

/** Years the calendar keeps: the app's records start in the 2020s; the bound catches typos like 0202. */
export const CALENDAR_MIN_YEAR = 2000;
export const CALENDAR_MAX_YEAR = 2099;

/** A calendar date as YYYY-MM-DD (what `<input type="date">` posts), within the calendar's years. */
export const calendarDaySchema = z
  .string({ error: () => v.required })
  .trim()
  .min(1, msg(() => v.required))
  .refine(isRealDate, msg(() => v.invalidDate))
  .refine(
    (s) => {
      const year = Number(s.slice(0, 4));
      return year >= CALENDAR_MIN_YEAR && year <= CALENDAR_MAX_YEAR;
    },
    msg(() => format(c.yearOutOfRange, { min: CALENDAR_MIN_YEAR, max: CALENDAR_MAX_YEAR })),
  );

export const addCalendarDaySchema = z.object({
  day: calendarDaySchema,
  kind: choice(CALENDAR_DAY_KINDS),
  name: requiredText(50), // work_calendar_day.name is varchar(50)
});
export type AddCalendarDayInput = z.input<typeof addCalendarDaySchema>;

export const removeCalendarDaySchema = z.object({ day: calendarDaySchema });
export type RemoveCalendarDayInput = z.input<typeof removeCalendarDaySchema>;

const thisYear = () => Number(todayInChina().slice(0, 4));

/** The page's `?year=`: a bad or missing value shows this year (in China). */
export const calendarSearchSchema = z.object({
  year: z.coerce.number().int().min(CALENDAR_MIN_YEAR).max(CALENDAR_MAX_YEAR).catch(thisYear),
});
export type CalendarSearch = z.output<typeof calendarSearchSchema>;
