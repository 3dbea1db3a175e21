/**
 * The work calendar on a real PostgreSQL: the seeded State Council arrangements, processing
 * clocks across 2025's 国庆 week, and an administrator adding and removing days — refusals
 * writing nothing, every change with its audit row, and no one else allowed in.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { dateFromIso } from "@/lib/dates";
import { addCalendarDay, removeCalendarDay } from "@/lib/calendar/commands";
import { listCalendarDays, loadCalendar, processingClock } from "@/lib/calendar/queries";
import { calendarSearchSchema } from "@/lib/calendar/schema";
import pg from "pg";
import { calendarSeedRows, seedCalendar } from "../../prisma/seed/calendar";
import { JIANSHE_STREET, SHUANGTAIZI, makeActor } from "../support/fixtures";

let admin: Actor;
let otherAdmin: Actor;
let caseworker: Actor;
let supervisor: Actor;
let provincial: Actor;

beforeAll(async () => {
  admin = await makeActor("ADMIN", "21");
  otherAdmin = await makeActor("ADMIN", "21");
  caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
  supervisor = await makeActor("SUPERVISOR", SHUANGTAIZI);
  provincial = await makeActor("PROVINCIAL", "21");
});

const counts = async () => ({
  days: await db.workCalendarDay.count(),
  audits: await db.auditLog.count({ where: { entity: "work_calendar_day" } }),
});
const row = (day: string) => db.workCalendarDay.findUnique({ where: { day: dateFromIso(day) } });

describe("the seeded calendar", () => {
  it("holds the State Council's arrangements 2021–2026, and the seed wrote no audit rows", async () => {
    expect(await db.workCalendarDay.count()).toBe(calendarSeedRows().length);
    expect(await row("2025-10-01")).toMatchObject({ kind: "HOLIDAY", name: "国庆节、中秋节" });
    expect(await row("2025-09-28")).toMatchObject({ kind: "WORKDAY", name: "国庆节、中秋节调休上班" });
    expect(await row("2026-02-14")).toMatchObject({ kind: "WORKDAY", name: "春节调休上班" });
    expect(await row("2025-10-04")).toBeNull(); // a Saturday of the holiday: off anyway

    const october = await loadCalendar("2025-09-26", "2025-10-12");
    expect([...october.entries()].sort()).toEqual([
      ["2025-09-28", "WORKDAY"],
      ["2025-10-01", "HOLIDAY"], ["2025-10-02", "HOLIDAY"], ["2025-10-03", "HOLIDAY"],
      ["2025-10-06", "HOLIDAY"], ["2025-10-07", "HOLIDAY"], ["2025-10-08", "HOLIDAY"],
      ["2025-10-11", "WORKDAY"],
    ]);
    expect((await counts()).audits).toBe(0);
  });

  it("is seeded again without change, and does not bring back a day an admin removed", async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      expect(await seedCalendar(client)).toBeNull();
      await removeCalendarDay(admin, { day: "2021-01-01" });
      expect(await seedCalendar(client)).toBeNull(); // 2021 still has days: the correction stands
      expect(await row("2021-01-01")).toBeNull();
    } finally {
      await addCalendarDay(admin, { day: "2021-01-01", kind: "HOLIDAY", name: "元旦" });
      await client.end();
    }
  });
});

describe("processing clocks", () => {
  it("counts 30 working days from 2025-09-26 across 国庆, with 9月28日 and 10月11日 worked", async () => {
    // Sun 28 Sep, Mon 29, Tue 30 (3); 1–8 Oct off; Thu 9, Fri 10, Sat 11 (6); then 24 plain days.
    const clock = await processingClock("2025-09-26", "2025-10-11", false);
    expect(clock).toEqual({ used: 6, limit: 30, remaining: 24, overdueBy: 0, dueOn: "2025-11-13", status: "ok" });
    expect((await processingClock("2025-09-26", "2025-09-28", false)).used).toBe(1); // the make-up Sunday counts
    expect((await processingClock("2025-09-26", "2025-10-08", false)).used).toBe(3); // the holiday week does not
    expect((await processingClock("2025-09-26", "2025-09-26", false)).used).toBe(0); // the day of acceptance does not
  });

  it("warns from 5 working days left, is overdue the day after the due day, and extends to 45", async () => {
    expect(await processingClock("2025-09-26", "2025-11-05", false)).toMatchObject({ used: 24, remaining: 6, status: "ok" });
    expect(await processingClock("2025-09-26", "2025-11-06", false)).toMatchObject({ used: 25, remaining: 5, status: "warning" });
    expect(await processingClock("2025-09-26", "2025-11-13", false)).toMatchObject({ used: 30, remaining: 0, status: "warning" });
    expect(await processingClock("2025-09-26", "2025-11-14", false)).toMatchObject({ used: 31, overdueBy: 1, status: "overdue" });
    // Confirmed long after: the clock stopped at 2026-01-05 (working days of 2025-12 and New Year counted).
    expect(await processingClock("2025-09-26", "2026-01-05", false)).toMatchObject({ status: "overdue", dueOn: "2025-11-13" });

    const extended = await processingClock("2025-09-26", "2025-11-14", true);
    expect(extended).toEqual({ used: 31, limit: 45, remaining: 14, overdueBy: 0, dueOn: "2025-12-04", status: "ok" });
    expect(await processingClock("2025-09-26", "2025-12-04", true)).toMatchObject({ used: 45, remaining: 0, status: "warning" });
    expect(await processingClock("2025-09-26", "2025-12-05", true)).toMatchObject({ used: 46, overdueBy: 1, status: "overdue" });
  });

  it("crosses 春节 2026 (2月14日 and 2月28日 worked)", async () => {
    // Accepted Fri 13 Feb 2026: Sat 14 (1), 15–23 off, Tue 24 … Fri 27 (5), Sat 28 (6).
    expect((await processingClock("2026-02-13", "2026-02-28", false)).used).toBe(6);
    expect((await processingClock("2026-02-13", "2026-02-23", false)).used).toBe(1);
  });
});

describe("an administrator keeps the calendar", () => {
  it("adds a holiday and a make-up day, each with its audit row, and the clocks follow", async () => {
    const before = await counts();
    const clockBefore = await processingClock("2027-03-01", "2027-03-12", false);
    expect(clockBefore.used).toBe(9); // two plain weeks, 1 March 2027 being a Monday

    // A (fictitious) notice for 2027: Wednesday 10 March off, Saturday 13 March worked.
    const holiday = await addCalendarDay(admin, { day: "2027-03-10", kind: "HOLIDAY", name: "测试假日" });
    expect(holiday).toEqual({ day: "2027-03-10", kind: "HOLIDAY", name: "测试假日" });
    await addCalendarDay(admin, { day: " 2027-03-13 ", kind: "WORKDAY", name: "测试假日调休上班" });
    expect(await counts()).toEqual({ days: before.days + 2, audits: before.audits + 2 });

    const audit = await db.auditLog.findFirstOrThrow({ where: { entity: "work_calendar_day", entityId: "2027-03-10" } });
    expect(audit).toMatchObject({ actorId: admin.id, action: "calendar.add", after: { day: "2027-03-10", kind: "HOLIDAY", name: "测试假日" } });

    expect((await processingClock("2027-03-01", "2027-03-12", false)).used).toBe(8);
    expect((await processingClock("2027-03-01", "2027-03-13", false)).used).toBe(9);

    // The admin page: the year, grouped by festival, the make-up day beside its holiday.
    const year = await listCalendarDays(admin, calendarSearchSchema.parse({ year: "2027" }));
    expect(year).toMatchObject({ year: 2027, holidays: 1, workdays: 1 });
    expect(year.groups).toEqual([
      {
        name: "测试假日",
        holidays: 1,
        workdays: 1,
        days: [
          { day: "2027-03-10", kind: "HOLIDAY", name: "测试假日", weekday: 3 },
          { day: "2027-03-13", kind: "WORKDAY", name: "测试假日调休上班", weekday: 6 },
        ],
      },
    ]);
    const y2025 = await listCalendarDays(admin, calendarSearchSchema.parse({ year: "2025" }));
    expect(y2025.groups.map((g) => g.name)).toEqual(["元旦", "春节", "清明节", "劳动节", "端午节", "国庆节、中秋节"]);
    expect(y2025.groups[1]).toMatchObject({ holidays: 6, workdays: 2 });
  });

  it("refuses a holiday on a weekend, a make-up day on a weekday, a day already there and bad input — writing nothing", async () => {
    const before = await counts();
    const attempt = (input: { day: string; kind: string; name: string }) =>
      addCalendarDay(admin, input as Parameters<typeof addCalendarDay>[1]);

    await expect(attempt({ day: "2027-04-03", kind: "HOLIDAY", name: "周六假日" })).rejects.toThrow(/节假日应为工作日（周一至周五）/);
    await expect(attempt({ day: "2027-04-05", kind: "WORKDAY", name: "周一上班" })).rejects.toThrow("调休上班日必须是周六或周日");
    const taken = attempt({ day: "2025-10-01", kind: "HOLIDAY", name: "重复" });
    await expect(taken).rejects.toBeInstanceOf(ConflictError);
    await expect(taken).rejects.toThrow("该日期已在日历中（国庆节、中秋节）");
    await expect(attempt({ day: "2025-09-28", kind: "WORKDAY", name: "重复" })).rejects.toThrow(/该日期已在日历中/);

    // The form's field errors come with each refusal.
    const refusal = await attempt({ day: "2027-04-05", kind: "WORKDAY", name: "x" }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).fieldErrors).toEqual({ day: ["调休上班日必须是周六或周日"] });

    const invalid = await attempt({ day: "2027-02-29", kind: "DAY_OFF", name: "" }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(DomainError);
    expect(Object.keys((invalid as DomainError).fieldErrors ?? {}).sort()).toEqual(["day", "kind", "name"]);
    await expect(attempt({ day: "1999-12-31", kind: "HOLIDAY", name: "千禧" })).rejects.toThrow(DomainError);

    expect(await counts()).toEqual(before);
    expect(await row("2025-10-01")).toMatchObject({ kind: "HOLIDAY", name: "国庆节、中秋节" });
  });

  it("removes a day with its audit row; removing it again is 'not in the calendar'", async () => {
    await addCalendarDay(admin, { day: "2027-05-06", kind: "HOLIDAY", name: "误录" });
    const before = await counts();

    const removed = await removeCalendarDay(otherAdmin, { day: "2027-05-06" });
    expect(removed).toEqual({ day: "2027-05-06", kind: "HOLIDAY", name: "误录" });
    expect(await row("2027-05-06")).toBeNull();
    expect(await counts()).toEqual({ days: before.days - 1, audits: before.audits + 1 });
    const audit = await db.auditLog.findFirstOrThrow({ where: { entity: "work_calendar_day", action: "calendar.remove", entityId: "2027-05-06" } });
    expect(audit).toMatchObject({ actorId: otherAdmin.id, before: { day: "2027-05-06", kind: "HOLIDAY", name: "误录" } });
    expect(audit.after).toBeNull();

    const again = removeCalendarDay(admin, { day: "2027-05-06" });
    await expect(again).rejects.toBeInstanceOf(NotFoundError);
    await expect(again).rejects.toThrow("该日期不在日历中");
    await expect(removeCalendarDay(admin, { day: "not-a-day" })).rejects.toThrow(DomainError);
    expect(await counts()).toEqual({ days: before.days - 1, audits: before.audits + 1 });
  });

  it("lets one of two admins adding the same day at once through", async () => {
    const before = await counts();
    const results = await Promise.allSettled([
      addCalendarDay(admin, { day: "2027-06-09", kind: "HOLIDAY", name: "并发一" }),
      addCalendarDay(otherAdmin, { day: "2027-06-09", kind: "HOLIDAY", name: "并发二" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.reason).toBeInstanceOf(ConflictError);
    expect(await counts()).toEqual({ days: before.days + 1, audits: before.audits + 1 });
  });
});

describe("no one else keeps it", () => {
  it("refuses every other role with ForbiddenError, writing nothing", async () => {
    const before = await counts();
    for (const actor of [caseworker, supervisor, provincial]) {
      await expect(addCalendarDay(actor, { day: "2027-07-07", kind: "HOLIDAY", name: "越权" })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(removeCalendarDay(actor, { day: "2025-10-01" })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(listCalendarDays(actor, { year: 2025 })).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await counts()).toEqual(before);
    expect(await row("2025-10-01")).not.toBeNull();
  });
});
