/**
 * Decisions on suspected duplicates (疑似重复): "not a duplicate" and merge. Each runs in one
 * transaction with its audit rows and a version check (the pair's, and for a merge both
 * households'), so two supervisors deciding the same pair, or a caseworker editing one of the
 * households meanwhile, make the later one fail rather than both half-apply.
 *
 * A merge moves everything the other household holds to the surviving one — members (but a
 * person already in the survivor, same name and birth date, who stays on the tombstone),
 * visits, problems, emergency-aid cases, applications, register periods, screenings, monitoring
 * alerts, policy offers, leads — and keeps the other as a tombstone (`merged_into_id`, category
 * NONE, no search grams) that drops out of the register, the roster and the figures. What is not
 * moved, and why (docs/decisions/028): fund-ledger entries and household moves are append-only
 * history (database triggers refuse any update); reveals are grants to look at that record.
 */
import "server-only";
import { db, type Tx } from "@/lib/db/client";
import { asSystem } from "@/lib/db/scope";
import { isInScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { t } from "@/lib/i18n";
import { pairInScope } from "./queries";
import { flagSuspectedDuplicates } from "./detect";
import type { MergeInput, NotDuplicateInput } from "./schema";

const d = t.duplicates;

async function pairFor(tx: Tx, actor: Actor, pairId: number) {
  const pair = await tx.duplicatePair.findFirst({ where: { AND: [{ id: pairId }, pairInScope(actor)] } });
  if (!pair) throw new NotFoundError(t.common.notFound);
  if (pair.status !== "OPEN") throw new ConflictError(d.alreadyDecided);
  return pair;
}

/** Both households are different families: kept apart with the reason, never flagged again. */
export async function markNotDuplicate(actor: Actor, input: NotDuplicateInput) {
  requirePermission(actor, "review:duplicates");
  // As the system: the other household of the pair may lie outside the actor's region; the pair
  // itself is looked up in the actor's region (pairInScope), which is what the decision needs.
  return asSystem(() => db.$transaction(async (tx) => {
    const pair = await pairFor(tx, actor, input.pairId);
    const now = new Date();
    const decided = await tx.duplicatePair.updateMany({
      where: { id: pair.id, version: input.version, status: "OPEN" },
      data: { status: "NOT_DUPLICATE", reason: input.reason, decidedById: actor.id, decidedAt: now, version: { increment: 1 } },
    });
    if (decided.count === 0) throw new ConflictError(t.common.conflict);
    await writeAudit(tx, actor, {
      action: "duplicate.not_duplicate",
      entity: "duplicate_pair",
      entityId: pair.id,
      regionCode: isInScope(actor, pair.regionA) ? pair.regionA : pair.regionB,
      before: { status: pair.status, version: pair.version },
      after: { status: "NOT_DUPLICATE", householdA: pair.householdA, householdB: pair.householdB, reasons: pair.reasons, reason: input.reason },
    });
    return { id: pair.id };
  }));
}

/** Tables whose rows simply follow the household (their own region code stays where the record was made). */
const FOLLOWERS = ["visit", "problem", "aidCase", "application", "registerEntry", "screening", "monitoringAlert", "offer", "lead"] as const;

/** The two households are one family: everything moves to the survivor; the other becomes its tombstone. */
export async function mergeHouseholds(actor: Actor, input: MergeInput) {
  requirePermission(actor, "review:duplicates");
  // As the system, after the scope checks below: a tombstone's old visits may carry the region of
  // a village it has since left, which the actor's scope would hide and so silently leave behind.
  return asSystem(() => db.$transaction(async (tx) => {
    const pair = await pairFor(tx, actor, input.pairId);
    if (input.survivorId !== pair.householdA && input.survivorId !== pair.householdB) {
      throw new DomainError(t.common.invalidInput, { survivorId: [d.survivorNotInPair] });
    }
    const mergedId = input.survivorId === pair.householdA ? pair.householdB : pair.householdA;
    const version = { [pair.householdA]: input.versionA, [pair.householdB]: input.versionB };
    const households = await tx.household.findMany({
      where: { id: { in: [pair.householdA, pair.householdB] } },
      select: { id: true, regionCode: true, headName: true, address: true, phone: true, category: true, memberCount: true, version: true, mergedIntoId: true },
    });
    const survivor = households.find((h) => h.id === input.survivorId);
    const merged = households.find((h) => h.id === mergedId);
    if (!survivor || !merged) throw new NotFoundError(t.common.notFound);
    // Every row of both families changes: both must be in the actor's region (a pair with a
    // family of another county is decided "not a duplicate" by either, merged by neither alone).
    if (!isInScope(actor, survivor.regionCode) || !isInScope(actor, merged.regionCode)) throw new ForbiddenError(d.mergeOutsideRegion);
    if (survivor.mergedIntoId !== null || merged.mergedIntoId !== null) throw new ConflictError(d.alreadyDecided);

    const now = new Date();
    const decided = await tx.duplicatePair.updateMany({
      where: { id: pair.id, version: input.version, status: "OPEN" },
      data: { status: "MERGED", survivorId: survivor.id, reason: input.reason, decidedById: actor.id, decidedAt: now, version: { increment: 1 } },
    });
    if (decided.count === 0) throw new ConflictError(t.common.conflict);
    // Version check on both households before anything moves: an edit saved since the page was
    // shown refuses the merge.
    const bumped = await tx.household.updateMany({ where: { id: survivor.id, version: version[survivor.id], mergedIntoId: null }, data: { version: { increment: 1 } } });
    if (bumped.count === 0) throw new ConflictError(t.common.conflict);

    // Members first (their moves recompute both households' search grams), the same person
    // already in the survivor excepted; a second head of household becomes 其他.
    const [survivorMembers, mergedMembers] = await Promise.all([
      tx.member.findMany({ where: { householdId: survivor.id }, select: { name: true, birthDate: true } }),
      tx.member.findMany({ where: { householdId: merged.id }, select: { id: true, name: true, birthDate: true, relation: true, idNumberMasked: true } }),
    ]);
    const known = new Set(survivorMembers.map((m) => `${m.name}|${m.birthDate.toISOString()}`));
    const staying = mergedMembers.filter((m) => known.has(`${m.name}|${m.birthDate.toISOString()}`));
    const moving = mergedMembers.filter((m) => !staying.includes(m));
    if (moving.length) {
      await tx.member.updateMany({ where: { id: { in: moving.map((m) => m.id) } }, data: { householdId: survivor.id, regionCode: survivor.regionCode } });
      await tx.member.updateMany({ where: { id: { in: moving.map((m) => m.id) }, relation: "HEAD" }, data: { relation: "OTHER" } });
    }

    // The tombstone, before the visits: a visit may move only from a household merged into the
    // one it moves to (trigger visit_immutable). Category NONE takes it off the roster; the
    // register's figures leave it out (nx_upsert_register_stats); no grams, no search hit.
    const tomb = await tx.household.updateMany({
      where: { id: merged.id, version: version[merged.id], mergedIntoId: null },
      data: { mergedIntoId: survivor.id, category: "NONE", searchGrams: [], memberCount: staying.length, version: { increment: 1 } },
    });
    if (tomb.count === 0) throw new ConflictError(t.common.conflict);

    const moved: Record<string, number[]> = { member: moving.map((m) => m.id) };
    for (const table of FOLLOWERS) {
      // One statement per table: the roll-up triggers see the moved rows together.
      const delegate = tx[table] as unknown as {
        findMany(args: object): Promise<{ id: number }[]>;
        updateMany(args: object): Promise<{ count: number }>;
      };
      const rows = await delegate.findMany({ where: { householdId: merged.id }, select: { id: true } });
      if (rows.length) await delegate.updateMany({ where: { householdId: merged.id }, data: { householdId: survivor.id } });
      moved[table] = rows.map((r) => r.id);
    }
    // The worklist keeps at most one row per household, recomputed for the survivor by its triggers.
    await tx.discoveryCandidate.deleteMany({ where: { householdId: merged.id } });

    const memberCount = await tx.member.count({ where: { householdId: survivor.id } });
    await tx.household.update({ where: { id: survivor.id }, data: { memberCount } });

    // Open pairs that named the tombstone are replaced by the survivor's own, found again.
    const stale = await tx.duplicatePair.findMany({
      where: { status: "OPEN", OR: [{ householdA: merged.id }, { householdB: merged.id }] }, select: { id: true, householdA: true, householdB: true },
    });
    if (stale.length) await tx.duplicatePair.deleteMany({ where: { id: { in: stale.map((p) => p.id) } } });
    const reflagged = await flagSuspectedDuplicates(tx, [survivor.id]);

    const after = { survivorId: survivor.id, mergedId: merged.id, moved, membersKeptOnTombstone: staying.map((m) => ({ memberId: m.id, idNumberMasked: m.idNumberMasked })) };
    await writeAudit(tx, actor, {
      action: "duplicate.merge", entity: "duplicate_pair", entityId: pair.id, regionCode: survivor.regionCode,
      before: { status: pair.status, version: pair.version, reasons: pair.reasons },
      after: { status: "MERGED", reason: input.reason, stalePairs: stale, reflagged, ...after },
    });
    await writeAudit(tx, actor, {
      action: "household.merge", entity: "household", entityId: survivor.id, regionCode: survivor.regionCode,
      before: { version: survivor.version, memberCount: survivor.memberCount },
      after: { version: survivor.version + 1, memberCount, ...after },
    });
    await writeAudit(tx, actor, {
      action: "household.merged_into", entity: "household", entityId: merged.id, regionCode: merged.regionCode,
      before: { version: merged.version, category: merged.category, memberCount: merged.memberCount, mergedIntoId: null },
      after: { version: merged.version + 1, category: "NONE", memberCount: staying.length, mergedIntoId: survivor.id },
    });
    return { survivorId: survivor.id, mergedId: merged.id, moved };
  }));
}
