/**
 * Writes to the household register. Each command checks the permission and the region itself,
 * runs in one transaction with its audit row, and refuses a stale edit (version check).
 * Audit snapshots carry masked ID numbers only: the log must not become a copy of personal data.
 * ID numbers are written encrypted with their blind index (docs/decisions/017).
 */
import "server-only";
import { db, type Tx } from "@/lib/db/client";
import { asSystem } from "@/lib/db/scope";
import { Prisma } from "@/lib/generated/prisma/client";
import { inScope, isInScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write";
import { auditRefusal } from "@/lib/audit/refusals";
import { ConflictError, DomainError, NotFoundError } from "@/lib/errors";
import { dateFromIso, monthBounds, todayInChina } from "@/lib/dates";
import { idKeys } from "@/lib/env";
import { blindIndexCandidates, matchesIndex, openIdNumber, protectIdNumber } from "@/lib/crypto/id-number-cipher";
import { format, t } from "@/lib/i18n";
import { birthDateOf, isMale, maskIdNumber } from "./id-number";
import type { CeaseAssistanceInput, CreateHouseholdInput, MemberInput, RevealPersonalInput, UpdateHouseholdInput } from "./schema";
import { REVEAL_MINUTES } from "./privacy";
import { convertLead } from "@/lib/discovery/leads";
import { flagSuspectedDuplicates } from "@/lib/duplicates/detect";

const v = t.validation;

async function assertVillageInScope(tx: Tx, actor: Actor, regionCode: string) {
  const village = await tx.region.findFirst({
    where: { code: regionCode, level: 5, retiredAt: null },
    select: { code: true },
  });
  if (!village || !isInScope(actor, regionCode)) {
    throw new DomainError(t.common.invalidInput, { regionCode: [v.regionOutOfScope] });
  }
}

/**
 * ID numbers already registered to another household (province-wide uniqueness). The message
 * names only the holder's township — enough to call a colleague there, not who or where the
 * person lives (issue 11) — and the refused lookup is audited (rethrowUnique).
 */
async function assertIdNumbersFree(members: MemberInput[], ownHouseholdId?: number) {
  const typed = members
    .map((m, i) => ({ i, id: m.idNumber ?? "" }))
    .filter((m) => m.id.length === 18);
  if (typed.length === 0) return;
  // Across the province, as the system: the holder is usually outside the actor's region, which
  // row-level security would hide. Only the township leaves this function. Run before the
  // registration's transaction (one pooled connection at a time per request); the unique index
  // still decides a race (rethrowUnique's P2002 branch).
  // By blind index, under every index key (a re-keying may be half done: lib/cli/keys.ts).
  const rowOf = new Map<string, number>();
  for (const m of typed) for (const b of blindIndexCandidates(idKeys(), m.id)) rowOf.set(b.toString("hex"), m.i);
  const taken = await asSystem(() => db.member.findMany({
    where: { idIndex: { in: [...rowOf.keys()].map((x) => Buffer.from(x, "hex")) } },
    select: { id: true, idIndex: true, idNumberMasked: true, householdId: true, regionCode: true },
  }));
  const clashes = taken.filter((m) => m.householdId !== ownHouseholdId);
  if (clashes.length === 0) return;
  const townships = await db.region.findMany({
    where: { code: { in: clashes.map((c) => c.regionCode.slice(0, 9)) } },
    select: { code: true, fullName: true },
  });
  const townshipName = new Map(townships.map((r) => [r.code, r.fullName]));
  const fieldErrors: Record<string, string[]> = {};
  for (const c of clashes) {
    const row = rowOf.get(Buffer.from(c.idIndex).toString("hex"))!;
    fieldErrors[`members.${row}.idNumber`] = [format(v.idTaken, { household: townshipName.get(c.regionCode.slice(0, 9)) ?? v.otherTownship })];
  }
  throw new IdNumberTakenError(fieldErrors, clashes.map(({ idIndex: _index, ...holder }) => holder));
}

/** The refusal above; audited by rethrowUnique once the registration's transaction is gone. */
class IdNumberTakenError extends ConflictError {
  constructor(fieldErrors: Record<string, string[]>, readonly holders: { id: number; idNumberMasked: string; regionCode: string }[]) {
    super(t.common.invalidInput, fieldErrors);
  }
}

function memberData(m: MemberInput) {
  return {
    name: m.name,
    relation: m.relation,
    majorIllness: m.majorIllness,
    disabilityGrade: m.disabilityGrade,
    postCompulsoryStudent: m.postCompulsoryStudent,
    unsupportedChild: m.unsupportedChild,
    labourCapacity: m.labourCapacity,
  };
}

/**
 * The household's own columns an edit may write; head name and size are kept in step with its
 * members. Not the category: that changes only through the procedure (refuseCategoryChange).
 */
function householdData(input: Omit<CreateHouseholdInput, "category" | "leadId">) {
  return {
    regionCode: input.regionCode,
    address: input.address,
    phone: input.phone,
    note: input.note,
    headName: input.members.find((m) => m.relation === "HEAD")!.name,
    memberCount: input.members.length,
  };
}

function identityData(idNumber: string) {
  return {
    ...protectIdNumber(idKeys(), idNumber),
    idNumberMasked: maskIdNumber(idNumber),
    birthDate: dateFromIso(birthDateOf(idNumber)),
    male: isMale(idNumber),
  };
}

/**
 * A uniqueness race lost between our check and the insert is still a clear message; an ID number
 * found taken is audited here, after the rollback, in a transaction of its own (never nested in
 * the registration's, which would hold two pooled connections at once).
 */
async function rethrowUnique(error: unknown, actor: Actor): Promise<never> {
  if (error instanceof IdNumberTakenError) {
    await db.$transaction((tx) =>
      writeAudit(tx, actor, {
        action: "member.id_number_taken",
        entity: "member",
        entityId: error.holders[0].id,
        regionCode: error.holders[0].regionCode,
        after: { holders: error.holders.map((c) => ({ memberId: c.id, idNumberMasked: c.idNumberMasked })) },
      }));
    throw error;
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new ConflictError(t.common.invalidInput, { members: [format(v.idTaken, { household: v.otherTownship })] });
  }
  throw error;
}

const snapshotSelect = {
  id: true, regionCode: true, address: true, phone: true, category: true, headName: true, memberCount: true, note: true, version: true, mergedIntoId: true,
  members: {
    select: {
      id: true, name: true, idNumberMasked: true, relation: true, majorIllness: true, disabilityGrade: true,
      postCompulsoryStudent: true, unsupportedChild: true, labourCapacity: true,
    },
    orderBy: { id: "asc" as const },
  },
};

export async function createHousehold(actor: Actor, input: CreateHouseholdInput) {
  requirePermission(actor, "write:household");
  // Registration makes a 未纳入 household; a category comes from the procedure (issue 15).
  if (input.category !== undefined && input.category !== "NONE") {
    await auditRefusal(actor, { action: "refused.category_change", reason: "procedure", entity: "household", entityId: null, fields: ["category"] });
    throw new DomainError(t.household.categoryByProcedure, { category: [t.household.categoryByProcedure] });
  }
  try {
    await assertIdNumbersFree(input.members);
    return await db.$transaction(async (tx) => {
      await assertVillageInScope(tx, actor, input.regionCode);
      const household = await tx.household.create({
        data: {
          ...householdData(input),
          category: "NONE",
          members: {
            create: input.members.map((m) => ({
              ...memberData(m),
              ...identityData(m.idNumber!),
              regionCode: input.regionCode,
            })),
          },
        },
        select: snapshotSelect,
      });
      if (input.leadId) await convertLead(tx, actor, input.leadId, household.id);
      // Suspected duplicates across the province (same name and birth date, phone, a similar
      // address in the village), flagged for the county's review in the same transaction.
      const suspectedDuplicates = await flagSuspectedDuplicates(tx, [household.id]);
      await writeAudit(tx, actor, {
        action: "household.create",
        entity: "household",
        entityId: household.id,
        regionCode: household.regionCode,
        after: { ...household, suspectedDuplicates },
      });
      return household;
    });
  } catch (error) {
    return rethrowUnique(error, actor);
  }
}

/**
 * A category sent with an edit (a stale form, or a hand-made POST) that differs from the stored
 * one: refused and audited, nothing written. A category comes from a confirmed application
 * (confirmApplication) or a cessation (ceaseAssistance), each with its own check and record.
 */
async function refuseCategoryChange(actor: Actor, input: UpdateHouseholdInput) {
  if (input.category === undefined) return;
  const current = await db.household.findFirst({ where: { id: input.id, ...inScope(actor) }, select: { category: true } });
  if (!current || current.category === input.category) return; // not found: the edit says so itself
  await auditRefusal(actor, {
    action: "refused.category_change", reason: "procedure", entity: "household", entityId: input.id, fields: ["category"],
  });
  throw new DomainError(t.household.categoryByProcedure, { category: [t.household.categoryByProcedure] });
}

export async function updateHousehold(actor: Actor, input: UpdateHouseholdInput) {
  requirePermission(actor, "write:household");
  await refuseCategoryChange(actor, input);
  try {
    await assertIdNumbersFree(input.members, input.id);
    return await db.$transaction(async (tx) => {
      const before = await tx.household.findFirst({ where: { id: input.id, ...inScope(actor) }, select: snapshotSelect });
      if (!before) throw new NotFoundError(t.common.notFound);
      if (before.mergedIntoId !== null) throw new DomainError(t.duplicates.alreadyMerged);
      await assertVillageInScope(tx, actor, input.regionCode);

      const existingIds = new Set(before.members.map((m) => m.id));
      for (const m of input.members) {
        if (m.id && !existingIds.has(m.id)) throw new NotFoundError(t.common.notFound);
      }
      // Version check: someone who saved in between wins; this edit is refused, not merged.
      const bumped = await tx.household.updateMany({
        where: { id: input.id, version: input.version },
        data: { ...householdData(input), version: { increment: 1 } },
      });
      if (bumped.count === 0) throw new ConflictError(t.common.conflict);

      const kept = new Set(input.members.filter((m) => m.id).map((m) => m.id!));
      const removed = [...existingIds].filter((id) => !kept.has(id));
      if (removed.length) await tx.member.deleteMany({ where: { id: { in: removed }, householdId: input.id } });
      for (const m of input.members) {
        const typedId = m.idNumber && m.idNumber.length === 18 ? identityData(m.idNumber) : {};
        if (m.id) {
          await tx.member.update({
            where: { id: m.id },
            data: { ...memberData(m), ...typedId, regionCode: input.regionCode },
          });
        } else {
          await tx.member.create({
            data: { ...memberData(m), ...identityData(m.idNumber!), regionCode: input.regionCode, householdId: input.id },
          });
        }
      }
      const after = await tx.household.findUniqueOrThrow({ where: { id: input.id }, select: snapshotSelect });
      // A member added or renamed, a new phone or address: flagged again (decided pairs stay decided).
      const suspectedDuplicates = await flagSuspectedDuplicates(tx, [input.id]);
      await writeAudit(tx, actor, {
        action: "household.update",
        entity: "household",
        entityId: input.id,
        regionCode: after.regionCode,
        before,
        after: { ...after, suspectedDuplicates },
      });
      return after;
    });
  } catch (error) {
    return rethrowUnique(error, actor);
  }
}

/** The full ID number of one member, for a user allowed to see it; every reveal is audited. */
export async function revealIdNumber(actor: Actor, memberId: number): Promise<string> {
  requirePermission(actor, "reveal:id_number");
  return db.$transaction(async (tx) => {
    const member = await tx.member.findFirst({
      where: { id: memberId, ...inScope(actor) },
      select: { id: true, idCipher: true, idIndex: true, householdId: true, regionCode: true, idNumberMasked: true },
    });
    if (!member) throw new NotFoundError(t.common.notFound);
    // GCM refuses a changed ciphertext; the blind index refuses another row's (swapped) one.
    const idNumber = openIdNumber(idKeys(), member.idCipher);
    if (!matchesIndex(idKeys(), idNumber, member.idIndex)) throw new Error(`member ${member.id}: ID ciphertext does not belong to this row`);
    await writeAudit(tx, actor, {
      action: "member.reveal_id_number",
      entity: "member",
      entityId: member.id,
      regionCode: member.regionCode,
      after: { householdId: member.householdId, idNumberMasked: member.idNumberMasked },
    });
    return idNumber;
  });
}

/**
 * A look at one household unmasked by a user who sees it masked (outside their own township,
 * privacy.ts): allowed with a reason, recorded as a time-limited grant and an audit row in one
 * transaction. Outside the actor's region: not found. Another department's staff may reveal only
 * a family with a problem transferred to their department (the rest of their region is none of
 * their business).
 */
export async function revealHouseholdPersonalData(actor: Actor, input: RevealPersonalInput): Promise<{ until: Date }> {
  requirePermission(actor, "reveal:personal");
  const department = actor.role === "DEPARTMENT"
    ? { problems: { some: { transfers: { some: { departmentCode: actor.departmentCode ?? "", ...inScope(actor) } } } } }
    : {};
  return db.$transaction(async (tx) => {
    const household = await tx.household.findFirst({ where: { AND: [{ id: input.householdId }, inScope(actor), department] }, select: { id: true, regionCode: true } });
    if (!household) throw new NotFoundError(t.common.notFound);
    const until = new Date(Date.now() + REVEAL_MINUTES * 60_000);
    await tx.personalDataReveal.create({ data: { actorId: actor.id, householdId: household.id, reason: input.reason, expiresAt: until } });
    await writeAudit(tx, actor, {
      action: "household.reveal_personal",
      entity: "household",
      entityId: household.id,
      regionCode: household.regionCode,
      after: { reason: input.reason, until: until.toISOString() },
    });
    return { until };
  });
}

/**
 * 停保: a household leaves the low-income register (and so the monthly roster) by a supervisor's
 * decision with its reason — the one way out besides a new application's confirmation, which
 * replaces the category. It becomes NONE (未纳入): 低保边缘 and 刚性支出 are findings of their own
 * procedure, never a default. Its open register period ends with the month of the decision
 * (the last month paid); the roll-ups follow the category through their triggers.
 */
export async function ceaseAssistance(actor: Actor, input: CeaseAssistanceInput, today: string = todayInChina()) {
  requirePermission(actor, "cease:assistance");
  return db.$transaction(async (tx) => {
    const before = await tx.household.findFirst({
      where: { id: input.householdId, ...inScope(actor) },
      select: { id: true, regionCode: true, category: true, version: true },
    });
    if (!before) throw new NotFoundError(t.common.notFound);
    if (before.category === "NONE") throw new DomainError(t.household.ceaseNotOnRegister);
    const bumped = await tx.household.updateMany({
      where: { id: before.id, version: input.version, category: before.category },
      data: { category: "NONE", version: { increment: 1 } },
    });
    if (bumped.count === 0) throw new ConflictError(t.common.conflict);
    const endMonth = dateFromIso(monthBounds(today).next);
    const open = await tx.registerEntry.findMany({ where: { householdId: before.id, toMonth: null }, select: { id: true, fromMonth: true } });
    for (const e of open) {
      // A period confirmed to start later than that is closed where it starts: it never ran.
      await tx.registerEntry.update({ where: { id: e.id }, data: { toMonth: e.fromMonth > endMonth ? e.fromMonth : endMonth } });
    }
    await writeAudit(tx, actor, {
      action: "household.cease",
      entity: "household",
      entityId: before.id,
      regionCode: before.regionCode,
      before: { category: before.category, version: before.version },
      after: { category: "NONE", version: before.version + 1, reason: input.reason, registerEntries: open.map((e) => e.id) },
    });
    return { id: before.id, from: before.category };
  });
}
