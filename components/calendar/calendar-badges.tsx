/** A calendar day's kind (放假 / 上班), and its date as the page writes it: "10月1日 周三". */
import { format, t } from "@/lib/i18n";
import type { CalendarDayKindName } from "@/lib/calendar/working-days";
import { Tag } from "@/components/ui/badges";

const TONE = { HOLIDAY: "green", WORKDAY: "amber" } as const;

export function CalendarKindTag({ kind }: { kind: CalendarDayKindName }) {
  return <Tag tone={TONE[kind]}>{t.calendar.kinds[kind]}</Tag>;
}

/** "10月1日" of a YYYY-MM-DD day (the page already names the year). */
export function monthDay(iso: string): string {
  return format(t.calendar.monthDay, { month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) });
}

/** "2025年10月1日 周三": a day out of the context of a year, as in messages. */
export function fullDay(iso: string, weekday: number): string {
  return `${iso.slice(0, 4)}年${monthDay(iso)} ${t.calendar.weekdays[weekday]}`;
}
