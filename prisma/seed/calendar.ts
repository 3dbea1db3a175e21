/**
 * The work calendar's public holidays and make-up working days, 2021–2026, from the State
 * Council's yearly notices (国务院办公厅关于 YYYY 年部分节假日安排的通知). Each arrangement is
 * written as the notice states it — the holiday's first and last day, its length, and the
 * weekend days worked (调休上班) — and expanded here into the rows the calendar keeps: every
 * weekday of the holiday as HOLIDAY, every make-up day as WORKDAY ("春节调休上班"). A holiday day
 * on a Saturday or Sunday needs no row: it is a day off anyway.
 *
 * Checked against the notices' published text (Xinhua / gov.cn reprints), every year 2021–2026:
 *   2021  国办发明电〔2020〕27号, 2020-11-25
 *   2022  国办发明电〔2021〕11号, 2021-10-25
 *   2023  notice of 2022-12-08 (its document number not checked)
 *   2024  notice of 2023-10-25 (its document number not checked)
 *   2025  国办发明电〔2024〕12号, 2024-11-12 (first year of the revised 全国年节及纪念日放假办法:
 *         春节 and 劳动节 one day longer, 除夕 a holiday)
 *   2026  notice of 2025-11-04 (its document number not checked)
 * Notes from the notices: 2024's 除夕 (2月9日, a Friday) was only recommended as a day off
 * (鼓励…安排职工在除夕休息), so it is no HOLIDAY here; 2023's 元旦 began on 2022-12-31, a Saturday.
 *
 * Run for every database, demo or not. A year is seeded only while the table has no day of that
 * year: an administrator's later correction (a day removed) is not undone by the next start,
 * and a new year added to this list still reaches existing databases.
 */
import type pg from "pg";

type Arrangement = {
  /** The holiday as the notice names it (2023 and 2025 merge 中秋节 and 国庆节 into one). */
  name: string;
  from: string;
  to: string;
  /** 共N天, as the notice says: checked against from..to. */
  days: number;
  /** Saturdays and Sundays worked (调休上班). */
  workdays?: string[];
};

export const HOLIDAY_NOTICES: Record<number, Arrangement[]> = {
  2021: [
    { name: "元旦", from: "2021-01-01", to: "2021-01-03", days: 3 },
    { name: "春节", from: "2021-02-11", to: "2021-02-17", days: 7, workdays: ["2021-02-07", "2021-02-20"] },
    { name: "清明节", from: "2021-04-03", to: "2021-04-05", days: 3 },
    { name: "劳动节", from: "2021-05-01", to: "2021-05-05", days: 5, workdays: ["2021-04-25", "2021-05-08"] },
    { name: "端午节", from: "2021-06-12", to: "2021-06-14", days: 3 },
    { name: "中秋节", from: "2021-09-19", to: "2021-09-21", days: 3, workdays: ["2021-09-18"] },
    { name: "国庆节", from: "2021-10-01", to: "2021-10-07", days: 7, workdays: ["2021-09-26", "2021-10-09"] },
  ],
  2022: [
    { name: "元旦", from: "2022-01-01", to: "2022-01-03", days: 3 },
    { name: "春节", from: "2022-01-31", to: "2022-02-06", days: 7, workdays: ["2022-01-29", "2022-01-30"] },
    { name: "清明节", from: "2022-04-03", to: "2022-04-05", days: 3, workdays: ["2022-04-02"] },
    { name: "劳动节", from: "2022-04-30", to: "2022-05-04", days: 5, workdays: ["2022-04-24", "2022-05-07"] },
    { name: "端午节", from: "2022-06-03", to: "2022-06-05", days: 3 },
    { name: "中秋节", from: "2022-09-10", to: "2022-09-12", days: 3 },
    { name: "国庆节", from: "2022-10-01", to: "2022-10-07", days: 7, workdays: ["2022-10-08", "2022-10-09"] },
  ],
  2023: [
    { name: "元旦", from: "2022-12-31", to: "2023-01-02", days: 3 },
    { name: "春节", from: "2023-01-21", to: "2023-01-27", days: 7, workdays: ["2023-01-28", "2023-01-29"] },
    { name: "清明节", from: "2023-04-05", to: "2023-04-05", days: 1 },
    { name: "劳动节", from: "2023-04-29", to: "2023-05-03", days: 5, workdays: ["2023-04-23", "2023-05-06"] },
    { name: "端午节", from: "2023-06-22", to: "2023-06-24", days: 3, workdays: ["2023-06-25"] },
    { name: "中秋节、国庆节", from: "2023-09-29", to: "2023-10-06", days: 8, workdays: ["2023-10-07", "2023-10-08"] },
  ],
  2024: [
    { name: "元旦", from: "2024-01-01", to: "2024-01-01", days: 1 },
    { name: "春节", from: "2024-02-10", to: "2024-02-17", days: 8, workdays: ["2024-02-04", "2024-02-18"] },
    { name: "清明节", from: "2024-04-04", to: "2024-04-06", days: 3, workdays: ["2024-04-07"] },
    { name: "劳动节", from: "2024-05-01", to: "2024-05-05", days: 5, workdays: ["2024-04-28", "2024-05-11"] },
    { name: "端午节", from: "2024-06-10", to: "2024-06-10", days: 1 },
    { name: "中秋节", from: "2024-09-15", to: "2024-09-17", days: 3, workdays: ["2024-09-14"] },
    { name: "国庆节", from: "2024-10-01", to: "2024-10-07", days: 7, workdays: ["2024-09-29", "2024-10-12"] },
  ],
  2025: [
    { name: "元旦", from: "2025-01-01", to: "2025-01-01", days: 1 },
    { name: "春节", from: "2025-01-28", to: "2025-02-04", days: 8, workdays: ["2025-01-26", "2025-02-08"] },
    { name: "清明节", from: "2025-04-04", to: "2025-04-06", days: 3 },
    { name: "劳动节", from: "2025-05-01", to: "2025-05-05", days: 5, workdays: ["2025-04-27"] },
    { name: "端午节", from: "2025-05-31", to: "2025-06-02", days: 3 },
    { name: "国庆节、中秋节", from: "2025-10-01", to: "2025-10-08", days: 8, workdays: ["2025-09-28", "2025-10-11"] },
  ],
  2026: [
    { name: "元旦", from: "2026-01-01", to: "2026-01-03", days: 3, workdays: ["2026-01-04"] },
    { name: "春节", from: "2026-02-15", to: "2026-02-23", days: 9, workdays: ["2026-02-14", "2026-02-28"] },
    { name: "清明节", from: "2026-04-04", to: "2026-04-06", days: 3 },
    { name: "劳动节", from: "2026-05-01", to: "2026-05-05", days: 5, workdays: ["2026-05-09"] },
    { name: "端午节", from: "2026-06-19", to: "2026-06-21", days: 3 },
    { name: "中秋节", from: "2026-09-25", to: "2026-09-27", days: 3 },
    { name: "国庆节", from: "2026-10-01", to: "2026-10-07", days: 7, workdays: ["2026-09-20", "2026-10-10"] },
  ],
};

export type CalendarSeedRow = { day: string; kind: "HOLIDAY" | "WORKDAY"; name: string };

const DAY_MS = 24 * 60 * 60 * 1000;
const utc = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const isWeekend = (iso: string) => [0, 6].includes(utc(iso).getUTCDay());

/**
 * The rows of all notices, in date order. Throws when an arrangement contradicts itself (its
 * length, or a make-up day that is not a weekend day): a typo here must fail the seed, not
 * shift every clock in the province by a day.
 */
export function calendarSeedRows(): CalendarSeedRow[] {
  const rows: CalendarSeedRow[] = [];
  for (const arrangements of Object.values(HOLIDAY_NOTICES)) {
    for (const a of arrangements) {
      const length = (utc(a.to).getTime() - utc(a.from).getTime()) / DAY_MS + 1;
      if (length !== a.days) throw new Error(`${a.name} ${a.from}–${a.to}: ${length} days, the notice says ${a.days}`);
      for (let ms = utc(a.from).getTime(); ms <= utc(a.to).getTime(); ms += DAY_MS) {
        const day = new Date(ms).toISOString().slice(0, 10);
        if (!isWeekend(day)) rows.push({ day, kind: "HOLIDAY", name: a.name });
      }
      for (const day of a.workdays ?? []) {
        if (!isWeekend(day)) throw new Error(`${a.name}: make-up working day ${day} is not a Saturday or Sunday`);
        rows.push({ day, kind: "WORKDAY", name: `${a.name}调休上班` });
      }
    }
  }
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.day)) throw new Error(`calendar seed: ${r.day} appears twice`);
    seen.add(r.day);
  }
  return rows.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

export async function seedCalendar(client: pg.Client): Promise<string | null> {
  const rows = calendarSeedRows();
  // One statement: its NOT EXISTS sees the table as it was before the statement, so a year is
  // inserted whole or not at all; ON CONFLICT covers two seeds racing.
  const inserted = await client.query<{ kind: string }>(
    `insert into work_calendar_day (day, kind, name)
     select x.day, x.kind, x.name
     from unnest($1::date[], $2::calendar_day_kind[], $3::varchar[]) as x(day, kind, name)
     where not exists (
       select 1 from work_calendar_day w
       where w.day >= date_trunc('year', x.day)::date and w.day < (date_trunc('year', x.day) + interval '1 year')::date)
     on conflict (day) do nothing
     returning kind::text`,
    [rows.map((r) => r.day), rows.map((r) => r.kind), rows.map((r) => r.name)],
  );
  if (!inserted.rowCount) return null;
  const n = (kind: string) => inserted.rows.filter((r) => r.kind === kind).length;
  const years = Object.keys(HOLIDAY_NOTICES);
  return `工作日历：写入 ${years[0]}–${years[years.length - 1]} 年法定节假日 ${n("HOLIDAY")} 天、调休上班日 ${n("WORKDAY")} 天`;
}
