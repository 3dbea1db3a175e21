/**
 * Working-day arithmetic (pure): weekends, holidays, make-up days, the 2025 春节 and 国庆 weeks
 * from the State Council's notice, and the two directions agreeing with each other and with a
 * day-by-day count. Also the seed's notice data, which every clock in the province rests on.
 */
import { addDays } from "@/lib/dates";
import { describe, expect, it } from "vitest";
import {
  addWorkingDays,
  isWorkingDay,
  measureClock,
  workingDaysBetween,
  type CalendarExceptions,
} from "@/lib/calendar/working-days";
import { calendarSeedRows, HOLIDAY_NOTICES } from "../../prisma/seed/calendar";

const none: CalendarExceptions = new Map();
/** The whole seeded calendar, 2021–2026. */
const official: CalendarExceptions = new Map(calendarSeedRows().map((r) => [r.day, r.kind]));

/** The obvious count, one day at a time: what the arithmetic must agree with. */
function naiveBetween(from: string, to: string, ex: CalendarExceptions): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, ex)) n += 1;
  return n;
}

describe("plain weeks", () => {
  it("counts Monday to Friday and skips the weekend", () => {
    // 2024-03-04 is a Monday.
    expect(isWorkingDay("2024-03-04", none)).toBe(true);
    expect(isWorkingDay("2024-03-09", none)).toBe(false); // Saturday
    expect(isWorkingDay("2024-03-10", none)).toBe(false); // Sunday
    expect(workingDaysBetween("2024-03-04", "2024-03-08", none)).toBe(4); // the day of acceptance does not count
    expect(workingDaysBetween("2024-03-08", "2024-03-11", none)).toBe(1); // Friday → Monday
    expect(workingDaysBetween("2024-03-09", "2024-03-10", none)).toBe(0); // within a weekend
    expect(workingDaysBetween("2024-03-04", "2024-03-04", none)).toBe(0);
    expect(workingDaysBetween("2024-03-08", "2024-03-04", none)).toBe(0); // end before start
    expect(addWorkingDays("2024-03-08", 1, none)).toBe("2024-03-11"); // Friday + 1 = Monday
    expect(addWorkingDays("2024-03-09", 1, none)).toBe("2024-03-11"); // accepted on a Saturday
    expect(addWorkingDays("2024-03-04", 0, none)).toBe("2024-03-04");
    expect(addWorkingDays("2024-03-04", 30, none)).toBe("2024-04-15"); // six plain weeks
  });

  it("crosses month, year and leap-day boundaries", () => {
    expect(workingDaysBetween("2023-12-29", "2024-01-02", none)).toBe(2); // Mon 1 Jan, Tue 2 Jan
    expect(workingDaysBetween("2024-02-28", "2024-03-01", none)).toBe(2); // 29 Feb (Thu), 1 Mar (Fri)
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2025-01-01", -1)).toBe("2024-12-31");
  });

  it("refuses what is not a date or not a count", () => {
    expect(() => workingDaysBetween("2023-02-29", "2023-03-10", none)).toThrow(RangeError);
    expect(() => addWorkingDays("2025-01-01", -1, none)).toThrow(RangeError);
    expect(() => addWorkingDays("2025-01-01", 1.5, none)).toThrow(RangeError);
  });
});

describe("holidays and make-up days", () => {
  it("skips a weekday holiday and counts a make-up Saturday", () => {
    const ex: CalendarExceptions = new Map([
      ["2024-03-06", "HOLIDAY"], // a Wednesday off
      ["2024-03-09", "WORKDAY"], // that Saturday worked
    ]);
    expect(isWorkingDay("2024-03-06", ex)).toBe(false);
    expect(isWorkingDay("2024-03-09", ex)).toBe(true);
    expect(workingDaysBetween("2024-03-04", "2024-03-10", ex)).toBe(4); // Tue, Thu, Fri, Sat
    expect(addWorkingDays("2024-03-05", 1, ex)).toBe("2024-03-07");
    expect(addWorkingDays("2024-03-08", 1, ex)).toBe("2024-03-09");
  });

  it("ignores exceptions that change nothing, the same way both directions", () => {
    const ex: CalendarExceptions = new Map([
      ["2024-03-10", "HOLIDAY"], // a Sunday: off anyway
      ["2024-03-07", "WORKDAY"], // a Thursday: worked anyway
    ]);
    expect(workingDaysBetween("2024-03-04", "2024-03-11", ex)).toBe(5);
    expect(naiveBetween("2024-03-04", "2024-03-11", ex)).toBe(5);
  });
});

describe("2025, by the State Council's notice", () => {
  it("春节: 1月28日 to 2月4日 off, 1月26日 (Sunday) and 2月8日 (Saturday) worked", () => {
    expect(isWorkingDay("2025-01-26", official)).toBe(true);
    for (const d of ["2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-03", "2025-02-04"]) {
      expect(isWorkingDay(d, official)).toBe(false);
    }
    expect(isWorkingDay("2025-02-08", official)).toBe(true);
    // Accepted Friday 24 January: Sun 26, Mon 27, then nothing until Wed 5 February.
    expect(workingDaysBetween("2025-01-24", "2025-02-04", official)).toBe(2);
    expect(addWorkingDays("2025-01-24", 3, official)).toBe("2025-02-05");
    // Wed 5, Thu 6, Fri 7 and Sat 8 (worked): the 6th working day is Saturday 8 February, the 7th Monday 10.
    expect(addWorkingDays("2025-01-24", 6, official)).toBe("2025-02-08");
    expect(addWorkingDays("2025-01-24", 7, official)).toBe("2025-02-10");
  });

  it("国庆节、中秋节: 10月1日 to 8日 off, 9月28日 (Sunday) and 10月11日 (Saturday) worked", () => {
    // Accepted Friday 26 September 2025: Sun 28, Mon 29, Tue 30, then Thu 9, Fri 10, Sat 11 October.
    expect(workingDaysBetween("2025-09-26", "2025-09-30", official)).toBe(3);
    expect(workingDaysBetween("2025-09-26", "2025-10-08", official)).toBe(3);
    expect(workingDaysBetween("2025-09-26", "2025-10-11", official)).toBe(6);
    expect(addWorkingDays("2025-09-26", 4, official)).toBe("2025-10-09");
    expect(addWorkingDays("2025-09-26", 6, official)).toBe("2025-10-11");
    // 30 working days: 6 by Sat 11 October, then 24 plain ones from Mon 13 October → Thu 13 November.
    expect(addWorkingDays("2025-09-26", 30, official)).toBe("2025-11-13");
    expect(addWorkingDays("2025-09-26", 45, official)).toBe("2025-12-04");
  });

  it("a clock across 国庆: warning from 5 working days left, overdue the day after the due day", () => {
    const clock = (end: string, extended = false) => measureClock("2025-09-26", end, extended, official);
    expect(clock("2025-10-11")).toMatchObject({ used: 6, limit: 30, remaining: 24, overdueBy: 0, dueOn: "2025-11-13", status: "ok" });
    expect(clock("2025-11-05")).toMatchObject({ used: 24, remaining: 6, status: "ok" });
    expect(clock("2025-11-06")).toMatchObject({ used: 25, remaining: 5, status: "warning" });
    expect(clock("2025-11-13")).toMatchObject({ used: 30, remaining: 0, status: "warning" });
    expect(clock("2025-11-14")).toMatchObject({ used: 31, remaining: 0, overdueBy: 1, status: "overdue" });
    expect(clock("2025-11-14", true)).toMatchObject({ used: 31, limit: 45, remaining: 14, dueOn: "2025-12-04", status: "ok" });
  });
});

describe("the two directions agree", () => {
  it("workingDaysBetween(from, addWorkingDays(from, n)) === n, for every start day 2021–2026", () => {
    let checked = 0;
    for (let from = "2020-12-20"; from <= "2026-12-31"; from = addDays(from, 1)) {
      for (const n of [0, 1, 2, 5, 7, 30, 45]) {
        const due = addWorkingDays(from, n, official);
        expect(workingDaysBetween(from, due, official)).toBe(n);
        if (n > 0) {
          expect(isWorkingDay(due, official)).toBe(true); // the due day is itself a working day
          expect(workingDaysBetween(from, addDays(due, -1), official)).toBe(n - 1);
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(7 * 2000);
  });

  it("the arithmetic count equals the day-by-day count", () => {
    for (let from = "2020-12-25"; from <= "2026-12-31"; from = addDays(from, 3)) {
      for (const span of [1, 6, 13, 40, 90]) {
        const to = addDays(from, span);
        expect(workingDaysBetween(from, to, official)).toBe(naiveBetween(from, to, official));
      }
    }
  });
});

describe("the seeded notices 2021–2026", () => {
  const rows = calendarSeedRows();
  const year = (y: number) => rows.filter((r) => r.day.startsWith(String(y)));
  const holidayDays = (y: number) => year(y).filter((r) => r.kind === "HOLIDAY").map((r) => r.day);
  const workDays = (y: number) => year(y).filter((r) => r.kind === "WORKDAY").map((r) => r.day);

  it("holds only weekday holidays and weekend make-up days, each day once", () => {
    for (const r of rows) {
      const weekend = [0, 6].includes(new Date(`${r.day}T00:00:00Z`).getUTCDay());
      expect(weekend, `${r.day} ${r.name}`).toBe(r.kind === "WORKDAY");
    }
    expect(new Set(rows.map((r) => r.day)).size).toBe(rows.length);
    expect(Object.keys(HOLIDAY_NOTICES)).toEqual(["2021", "2022", "2023", "2024", "2025", "2026"]);
  });

  it("has each year's weekday holidays and make-up days as the notices list them", () => {
    expect(workDays(2021)).toEqual(["2021-02-07", "2021-02-20", "2021-04-25", "2021-05-08", "2021-09-18", "2021-09-26", "2021-10-09"]);
    expect(workDays(2022)).toEqual(["2022-01-29", "2022-01-30", "2022-04-02", "2022-04-24", "2022-05-07", "2022-10-08", "2022-10-09"]);
    expect(workDays(2023)).toEqual(["2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07", "2023-10-08"]);
    expect(workDays(2024)).toEqual(["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12"]);
    expect(workDays(2025)).toEqual(["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]);
    expect(workDays(2026)).toEqual(["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]);

    expect(holidayDays(2025)).toEqual([
      "2025-01-01",
      "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-03", "2025-02-04",
      "2025-04-04",
      "2025-05-01", "2025-05-02", "2025-05-05",
      "2025-06-02",
      "2025-10-01", "2025-10-02", "2025-10-03", "2025-10-06", "2025-10-07", "2025-10-08",
    ]);
    expect(holidayDays(2026)).toEqual([
      "2026-01-01", "2026-01-02",
      "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-23",
      "2026-04-06",
      "2026-05-01", "2026-05-04", "2026-05-05",
      "2026-06-19",
      "2026-09-25",
      "2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07",
    ]);
    // 2024: 除夕 (Fri 9 February) was only recommended as a day off, not a holiday.
    expect(holidayDays(2024)).not.toContain("2024-02-09");
    expect(holidayDays(2024).filter((d) => d.startsWith("2024-02"))).toEqual(["2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15", "2024-02-16"]);
    // 2023: 元旦 began on Saturday 31 December 2022 — only Monday 2 January needs a row.
    expect(year(2022).some((r) => r.day === "2022-12-31")).toBe(false);
    expect(holidayDays(2023)[0]).toBe("2023-01-02");
  });

  it("keeps the working-day total of each year plausible (about 250)", () => {
    for (const y of [2021, 2022, 2023, 2024, 2025, 2026]) {
      const n = workingDaysBetween(`${y - 1}-12-31`, `${y}-12-31`, official);
      expect(n, String(y)).toBeGreaterThanOrEqual(247);
      expect(n, String(y)).toBeLessThanOrEqual(252);
    }
  });
});
