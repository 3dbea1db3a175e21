/**
 * Changes to the work calendar: an administrator adds a public holiday or a make-up working day
 * from the State Council's yearly notice (国务院办公厅关于节假日安排的通知), or removes a day
 * entered by mistake. The calendar holds only exceptions to Monday–Friday, so a holiday must be
 * a weekday and a make-up working day a Saturday or Sunday: anything else would be a row that
 * changes no count and hides a typo. Each change and its audit row share one transaction.
 */
import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write";
import { ConflictError, DomainError, NotFoundError } from "@/lib/errors";
import { dateFromIso, isoFromDate } from "@/lib/dates";
import { format, t } from "@/lib/i18n";
import { zodFieldErrors } from "@/lib/validation";
import { isWeekend } from "./working-days";
import {
  addCalendarDaySchema,
  removeCalendarDaySchema,
  type AddCalendarDayInput,
  type RemoveCalendarDayInput,
} from "./schema";

const c = t.calendar;
const ENTITY = "work_calendar_day";

/** Commands are also called without the form (tests, scripts): the same schema, as a DomainError. */
function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new DomainError(t.common.invalidInput, zodFieldErrors(parsed.error));
  return parsed.data;
}

function refuse(message: string): never {
  throw new DomainError(message, { day: [message] });
}

const snapshot = (row: { day: Date; kind: string; name: string }) => ({ day: isoFromDate(row.day), kind: row.kind, name: row.name });

/** 添加节假日或调休上班日. */
export async function addCalendarDay(actor: Actor, input: AddCalendarDayInput) {
  requirePermission(actor, "manage:calendar");
  const { day, kind, name } = parse(addCalendarDaySchema, input);
  if (kind === "WORKDAY" && !isWeekend(day)) refuse(c.workdayNotWeekend);
  if (kind === "HOLIDAY" && isWeekend(day)) refuse(c.holidayNotWeekday);

  const alreadyThere = (existing: string) => {
    const message = format(c.alreadyInCalendar, { name: existing });
    return new ConflictError(message, { day: [message] });
  };
  try {
    return await db.$transaction(async (tx) => {
      const existing = await tx.workCalendarDay.findUnique({ where: { day: dateFromIso(day) }, select: { name: true } });
      if (existing) throw alreadyThere(existing.name);
      const row = await tx.workCalendarDay.create({
        data: { day: dateFromIso(day), kind, name },
        select: { day: true, kind: true, name: true },
      });
      await writeAudit(tx, actor, { action: "calendar.add", entity: ENTITY, entityId: day, after: snapshot(row) });
      return { day, kind: row.kind, name: row.name };
    });
  } catch (error) {
    // Two admins adding the same day at once: the primary key lets one through.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const row = await db.workCalendarDay.findUnique({ where: { day: dateFromIso(day) }, select: { name: true } });
      throw alreadyThere(row?.name ?? name);
    }
    throw error;
  }
}

/** 从日历中删除一天. */
export async function removeCalendarDay(actor: Actor, input: RemoveCalendarDayInput) {
  requirePermission(actor, "manage:calendar");
  const { day } = parse(removeCalendarDaySchema, input);
  return db.$transaction(async (tx) => {
    const row = await tx.workCalendarDay.findUnique({
      where: { day: dateFromIso(day) },
      select: { day: true, kind: true, name: true },
    });
    if (!row) throw new NotFoundError(c.notInCalendar);
    // deleteMany answers "0 rows" instead of throwing when another admin removed it meanwhile.
    const { count } = await tx.workCalendarDay.deleteMany({ where: { day: dateFromIso(day) } });
    if (count === 0) throw new NotFoundError(c.notInCalendar);
    await writeAudit(tx, actor, { action: "calendar.remove", entity: ENTITY, entityId: day, before: snapshot(row) });
    return { day, kind: row.kind, name: row.name };
  });
}
