/**
 * Writes of the policy and resource libraries: a caseworker records what was offered to a
 * household (a policy or a resource) and whether it was taken up; admins keep the libraries.
 * Each write and its audit row share one transaction.
 */
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { requirePermission } from "@/lib/auth/guard";
import { inScope, isInScope } from "@/lib/auth/scope";
import type { Actor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit/write";
import { ConflictError, DomainError, NotFoundError } from "@/lib/errors";
import { dateFromIso, todayInChina } from "@/lib/dates";
import { t } from "@/lib/i18n";
import { takenUpToDb, type PolicyConditions } from "./match";
import { invalidRegionMessage, type OfferInput, type PolicyInput, type ResourceInput, type UpdateOfferInput } from "./schema";

const p = t.policies;

export async function recordOffer(actor: Actor, input: OfferInput, today: string = todayInChina()) {
  requirePermission(actor, "offer:policy");
  return db.$transaction(async (tx) => {
    const household = await tx.household.findFirst({ where: { id: input.householdId, ...inScope(actor) }, select: { id: true, regionCode: true } });
    if (!household) throw new NotFoundError(t.common.notFound);
    // Only what is in the library and in force can be offered; a disabled item reads as not found.
    const item = input.policyId
      ? await tx.policy.findFirst({ where: { id: input.policyId, active: true }, select: { id: true } })
      : await tx.resource.findFirst({ where: { id: input.resourceId, active: true }, select: { id: true } });
    if (!item) throw new NotFoundError(p.inactive);
    // The same item offered to the same family on the same day is one offer (a second click, a
    // resubmitted form): refused, the answer to a pending one is an update (updateOffer). Two
    // submissions at the same moment take turns on the household, so the second sees the first.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`offer:${household.id}`}))`;
    const twin = await tx.offer.findFirst({
      where: { householdId: household.id, policyId: input.policyId ?? null, resourceId: input.resourceId ?? null, offeredOn: dateFromIso(today) },
      select: { id: true },
    });
    if (twin) throw new DomainError(p.offerAlreadyToday);
    const offer = await tx.offer.create({
      data: {
        householdId: household.id, regionCode: household.regionCode,
        policyId: input.policyId ?? null, resourceId: input.resourceId ?? null,
        offeredOn: dateFromIso(today), takenUp: takenUpToDb(input.takenUp), note: input.note, createdById: actor.id,
      },
    });
    await writeAudit(tx, actor, { action: "offer.record", entity: "offer", entityId: offer.id, regionCode: offer.regionCode, after: offer });
    return offer;
  });
}

/** A pending offer answered later ("想一想再说" → 已接受), or a correction. */
export async function updateOffer(actor: Actor, input: UpdateOfferInput) {
  requirePermission(actor, "offer:policy");
  return db.$transaction(async (tx) => {
    const before = await tx.offer.findFirst({ where: { id: input.offerId, ...inScope(actor) } });
    if (!before) throw new NotFoundError(t.common.notFound);
    const after = await tx.offer.update({ where: { id: before.id }, data: { takenUp: takenUpToDb(input.takenUp) } });
    await writeAudit(tx, actor, { action: "offer.update", entity: "offer", entityId: after.id, regionCode: after.regionCode, before, after });
    return after;
  });
}

function conditionsOf(input: PolicyInput): PolicyConditions {
  const c: PolicyConditions = {};
  if (input.memberFlags.length) c.memberFlags = input.memberFlags;
  if (input.categories.length) c.categories = input.categories;
  if (input.minAge !== null) c.minAge = input.minAge;
  if (input.maxAge !== null) c.maxAge = input.maxAge;
  return c;
}

/** Create or update a policy (active unticked = disabled; policies are never deleted, offers name them). */
export async function savePolicy(actor: Actor, input: PolicyInput) {
  requirePermission(actor, "manage:policy");
  const data = {
    title: input.title, whoQualifies: input.whoQualifies, benefit: input.benefit, department: input.department,
    conditions: conditionsOf(input), active: input.active,
  };
  try {
    return await db.$transaction(async (tx) => {
      if (!input.id) {
        const policy = await tx.policy.create({ data: { code: input.code, ...data } });
        await writeAudit(tx, actor, { action: "policy.create", entity: "policy", entityId: policy.id, after: policy });
        return policy;
      }
      const before = await tx.policy.findUnique({ where: { id: input.id } });
      if (!before) throw new NotFoundError(t.common.notFound);
      // The code is the policy's identity (the seed and reports use it): it does not change.
      const after = await tx.policy.update({ where: { id: input.id }, data });
      await writeAudit(tx, actor, { action: "policy.update", entity: "policy", entityId: after.id, before, after });
      return after;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError(t.common.invalidInput, { code: [p.codeTaken] });
    }
    throw error;
  }
}

/**
 * Create or update a resource. Its area must lie inside the admin's own (a city admin registers
 * the city's services), and every code must be a real region.
 */
export async function saveResource(actor: Actor, input: ResourceInput) {
  requirePermission(actor, "manage:policy");
  if (input.regionCodes.some((c) => !isInScope(actor, c))) throw new DomainError(t.common.invalidInput, { regionCodes: [p.regionOutOfScope] });
  const known = await db.region.findMany({ where: { code: { in: input.regionCodes } }, select: { code: true } });
  const unknown = input.regionCodes.filter((c) => !known.some((k) => k.code === c));
  if (unknown.length) throw new DomainError(t.common.invalidInput, { regionCodes: [invalidRegionMessage(unknown)] });
  const data = {
    name: input.name, kind: input.kind, services: input.services, regionCodes: input.regionCodes,
    capacity: input.capacity, contact: input.contact, active: input.active,
  };
  return db.$transaction(async (tx) => {
    if (!input.id) {
      const resource = await tx.resource.create({ data });
      await writeAudit(tx, actor, { action: "resource.create", entity: "resource", entityId: resource.id, regionCode: input.regionCodes[0], after: resource });
      return resource;
    }
    const before = await tx.resource.findUnique({ where: { id: input.id } });
    if (!before || !before.regionCodes.every((c) => isInScope(actor, c))) throw new NotFoundError(t.common.notFound);
    const after = await tx.resource.update({ where: { id: input.id }, data });
    await writeAudit(tx, actor, { action: "resource.update", entity: "resource", entityId: after.id, regionCode: input.regionCodes[0], before, after });
    return after;
  });
}
