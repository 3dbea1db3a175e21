import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { load } from "@/lib/page";
import { listCalendarDays } from "@/lib/calendar/queries";
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR, calendarSearchSchema } from "@/lib/calendar/schema";
import { addCalendarDayAction, removeCalendarDayAction } from "@/lib/calendar/actions";
import { isRealDate, todayInChina } from "@/lib/dates";
import { dayOfWeek } from "@/lib/calendar/working-days";
import { format, t } from "@/lib/i18n";
import { AddDayForm } from "@/components/calendar/add-day-form";
import { RemoveDay } from "@/components/calendar/remove-day";
import { CalendarKindTag, fullDay, monthDay } from "@/components/calendar/calendar-badges";

export const generateMetadata = () => ({ title: t.calendar.title });

/** `?added=` / `?removed=` after an action's redirect: a real date, else ignored. */
const flashDay = (raw: string | undefined) => (raw && isRealDate(raw) ? raw : null);

export default async function CalendarPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const sp = await searchParams;
  const search = calendarSearchSchema.parse(sp);
  const cal = await load(listCalendarDays(actor, search));
  const c = t.calendar;
  const year = cal.year;
  const thisYear = Number(todayInChina().slice(0, 4));

  const added = cal.days.find((d) => d.day === flashDay(sp.added));
  const removed = flashDay(sp.removed);
  const yearHref = (y: number) => `/admin/calendar?year=${y}`;

  return (
    <div className="space-y-4">
      <div>
        <div className="flex items-baseline justify-between gap-3">
          <h1 className="text-xl font-bold">{c.title}</h1>
          {/* On a phone the form sits below the whole year. */}
          <a href="#add-day-title" className="btn-link text-sm md:hidden">{c.jumpToAdd}</a>
        </div>
        <p className="mt-1 max-w-3xl text-sm text-stone-600">{c.subtitle}</p>
      </div>

      {added ? (
        <p className="rounded-md bg-green-50 px-4 py-3 text-sm text-green-800" role="status" data-testid="flash">
          {format(c.added, { date: fullDay(added.day, added.weekday), name: added.name, kind: c.kinds[added.kind] })}
        </p>
      ) : removed ? (
        <p className="rounded-md bg-green-50 px-4 py-3 text-sm text-green-800" role="status" data-testid="flash">
          {format(c.removed, { date: fullDay(removed, dayOfWeek(removed)) })}
        </p>
      ) : null}

      <nav className="card flex items-center gap-2 p-2" aria-label={c.yearNav}>
        {year > CALENDAR_MIN_YEAR ? (
          <Link href={yearHref(year - 1)} className="btn-secondary px-3" rel="prev" aria-label={c.previousYear}>‹ {year - 1}</Link>
        ) : null}
        <span className="flex-1 text-center text-lg font-semibold tabular-nums" aria-current="page" data-testid="calendar-year">
          {format(c.yearLabel, { year })}
        </span>
        {year < CALENDAR_MAX_YEAR ? (
          <Link href={yearHref(year + 1)} className="btn-secondary px-3" rel="next" aria-label={c.nextYear}>{year + 1} ›</Link>
        ) : null}
        {year !== thisYear ? (
          <Link href={yearHref(thisYear)} className="btn-link hidden px-2 text-sm sm:inline">{c.thisYear}</Link>
        ) : null}
      </nav>

      <div className="grid items-start gap-4 md:grid-cols-[1fr_20rem]">
        <section className="space-y-3" aria-labelledby="calendar-days-title">
          <h2 id="calendar-days-title" className="text-sm text-stone-600" data-testid="calendar-summary">
            {format(c.summary, { year, holidays: cal.holidays, workdays: cal.workdays })}
          </h2>
          {cal.groups.length === 0 ? (
            <p className="card p-6 text-center text-stone-600">{format(c.empty, { year })}</p>
          ) : (
            cal.groups.map((group) => (
              <section key={group.name} className="card" aria-label={group.name} data-testid="calendar-group">
                <header className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 border-b border-stone-100 px-4 py-2.5">
                  <h3 className="font-semibold">{group.name}</h3>
                  <span className="text-xs text-stone-500">
                    {[
                      group.holidays ? format(c.groupHolidays, { n: group.holidays }) : null,
                      group.workdays ? format(c.groupWorkdays, { n: group.workdays }) : null,
                    ].filter(Boolean).join(" · ")}
                  </span>
                </header>
                <ul className="divide-y divide-stone-100 lg:grid lg:grid-cols-2 lg:divide-y-0 lg:py-1">
                  {group.days.map((d) => (
                    <li
                      key={d.day}
                      className={`flex items-center gap-3 py-1.5 pl-4 pr-2 ${d.day === added?.day ? "bg-green-50" : ""}`}
                      data-testid="calendar-day"
                      data-day={d.day}
                    >
                      <span className="min-w-0 flex-1">
                        <span className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
                          <time dateTime={d.day} className="font-medium tabular-nums">{monthDay(d.day)}</time>
                          <span className="text-sm text-stone-600">{c.weekdays[d.weekday]}</span>
                          <CalendarKindTag kind={d.kind} />
                        </span>
                        {/* A day whose name its group and tag do not already say ("测试假日调休上班" under "测试假日" does). */}
                        {d.name !== group.name && d.name !== `${group.name}${c.workdaySuffix}` ? (
                          <span className="block truncate text-xs text-stone-500">{d.name}</span>
                        ) : null}
                      </span>
                      <RemoveDay day={d.day} dayLabel={fullDay(d.day, d.weekday)} name={d.name} action={removeCalendarDayAction} />
                    </li>
                  ))}
                </ul>
              </section>
            ))
          )}
        </section>

        <section className="card p-4 md:sticky md:top-4" aria-labelledby="add-day-title">
          <h2 id="add-day-title" className="scroll-mt-4 text-lg font-semibold">{c.addTitle}</h2>
          <p className="mb-3 mt-1 text-xs text-stone-500">{c.addHint}</p>
          <AddDayForm action={addCalendarDayAction} />
        </section>
      </div>
    </div>
  );
}
