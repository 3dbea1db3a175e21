/**
 * Writes of the assistance standards (救助标准). A standard is data with an effective date, and
 * history is never rewritten: a city's new standard is added from a day D, which closes the one
 * in force until then (its exclusive end becomes D) — the way Liaoning's July 2021 raise (低保 up
 * 7.4% on average) replaced the January figures while the January ones stayed on record for the
 * checks made under them. Periods of one city × area × type never overlap; the table's exclusion
 * constraint `assistance_standard_no_overlap` backs the rule the command checks first.
 */
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { requirePermission } from "@/lib/auth/guard";
import { isInScope } from "@/lib/auth/scope";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write";
import { ConflictError, DomainError } from "@/lib/errors";
import { dateFromIso, isoFromDate } from "@/lib/dates";
import { zodFieldErrors } from "@/lib/validation";
import { formatAmount } from "@/lib/funds/money";
import { format, t } from "@/lib/i18n";
import { addStandardSchema, type AddStandardInput } from "./schema";

const s = t.standards;

type StandardRecord = {
  id: number;
  cityCode: string;
  area: "URBAN" | "RURAL";
  type: "DIBAO" | "TEKUN" | "DIBAO_EDGE";
  monthlyAmount: Prisma.Decimal;
  effectiveFrom: Date;
  effectiveTo: Date | null;
  note: string | null;
};

/** What the audit log keeps of a standard: plain strings, readable without the schema. */
const snapshot = (r: StandardRecord) => ({
  id: r.id,
  cityCode: r.cityCode,
  area: r.area,
  type: r.type,
  monthlyAmount: r.monthlyAmount.toFixed(2),
  effectiveFrom: isoFromDate(r.effectiveFrom),
  effectiveTo: r.effectiveTo ? isoFromDate(r.effectiveTo) : null,
  note: r.note,
});

const dayBefore = (d: Date) => isoFromDate(new Date(d.getTime() - 24 * 60 * 60 * 1000));

/**
 * PostgreSQL's exclusion_violation (23P01) from `assistance_standard_no_overlap`: a row came in
 * past the command's check (another writer, raw SQL). Prisma's driver adapter reports it as a
 * known request error (P2010 from raw SQL, P2039 from a model query) carrying the database's code.
 */
export function isExclusionViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  const cause = (error.meta?.driverAdapterError as { cause?: { code?: unknown; originalCode?: unknown } } | undefined)?.cause;
  return cause?.code === "23P01" || cause?.originalCode === "23P01";
}

/** The whole story above the form; beside the date field only what to change. */
function overlapError(detail?: { message: string; field: string }): ConflictError {
  return new ConflictError(detail?.message ?? s.overlap, { effectiveFrom: [detail?.field ?? s.overlap] });
}

/**
 * 新增标准: a city's standard for urban or rural residents and one type, from `effectiveFrom`.
 * - The currently open-ended standard of the same city × area × type ends where the new one
 *   begins — allowed only when the new one starts after it did; any other overlap is refused
 *   ("与已有标准的有效期重叠") and nothing is written.
 * - Only a real city (a level-2 region still in use) inside the admin's region.
 * - One transaction: close, insert, and the audit row with the closed standard before and after.
 */
export async function addStandard(actor: Actor, input: AddStandardInput) {
  requirePermission(actor, "manage:standard");
  // Callers other than the action (seeds, tests, other commands) get the form's rules too.
  const parsed = addStandardSchema.safeParse(input);
  if (!parsed.success) throw new DomainError(t.common.invalidInput, zodFieldErrors(parsed.error));
  const data = parsed.data;
  const from = dateFromIso(data.effectiveFrom);

  try {
    return await db.$transaction(async (tx) => {
      const city = await tx.region.findFirst({
        where: { code: data.cityCode, level: 2, retiredAt: null },
        select: { code: true, name: true },
      });
      if (!city) throw new DomainError(s.cityUnknown, { cityCode: [s.cityUnknown] });
      if (!isInScope(actor, city.code)) throw new DomainError(s.cityOutOfScope, { cityCode: [s.cityOutOfScope] });

      // Two admins adding to the same city × area × type wait for each other here, so the check
      // below sees the other's row and answers with a clear message rather than a raw 23P01.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`assistance_standard:${city.code}:${data.area}:${data.type}`}))`;

      // Every standard whose period meets [from, ∞): open-ended ones, and closed ones ending after `from`.
      const overlapping = await tx.assistanceStandard.findMany({
        where: {
          cityCode: city.code,
          area: data.area,
          type: data.type,
          OR: [{ effectiveTo: null }, { effectiveTo: { gt: from } }],
        },
        orderBy: { effectiveFrom: "desc" },
      });
      const open = overlapping.length === 1 && overlapping[0].effectiveTo === null ? overlapping[0] : null;
      if (overlapping.length > 0 && !(open && open.effectiveFrom < from)) {
        const latest = overlapping[0];
        const latestFrom = isoFromDate(latest.effectiveFrom);
        throw overlapError({
          message: format(s.overlapDetail, {
            city: city.name,
            area: s.areas[data.area],
            type: s.types[data.type],
            amount: formatAmount(latest.monthlyAmount),
            from: latestFrom,
          }),
          field: format(s.overlapField, { from: latestFrom }),
        });
      }

      const closed = open
        ? await tx.assistanceStandard.update({ where: { id: open.id }, data: { effectiveTo: from } })
        : null;
      const created = await tx.assistanceStandard.create({
        data: {
          cityCode: city.code,
          area: data.area,
          type: data.type,
          monthlyAmount: new Prisma.Decimal(data.monthlyAmount),
          effectiveFrom: from,
          note: data.note,
          createdById: actor.id,
        },
      });
      await writeAudit(tx, actor, {
        action: "standard.add",
        entity: "assistance_standard",
        entityId: created.id,
        regionCode: city.code,
        // The one row changed is the standard that was open; the new one did not exist before.
        before: open ? { closed: snapshot(open) } : undefined,
        after: { added: snapshot(created), closed: closed ? snapshot(closed) : null },
      });
      return {
        id: created.id,
        cityCode: city.code,
        cityName: city.name,
        area: data.area,
        type: data.type,
        monthlyAmount: created.monthlyAmount.toFixed(2),
        effectiveFrom: data.effectiveFrom,
        /** The standard this one replaced, and its last day in force; null when there was none. */
        closed: closed && closed.effectiveTo
          ? { id: closed.id, monthlyAmount: closed.monthlyAmount.toFixed(2), lastDay: dayBefore(closed.effectiveTo) }
          : null,
      };
    });
  } catch (error) {
    if (isExclusionViolation(error)) throw overlapError();
    throw error;
  }
}
export type AddedStandard = Awaited<ReturnType<typeof addStandard>>;
