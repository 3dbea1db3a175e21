/**
 * Reads of the policy and resource libraries: for one household, the policies its members may
 * qualify for, the active resources serving its area, and what has been offered so far; for
 * admins, the whole library.
 */
import "server-only";
import { auditDeniedRead } from "@/lib/audit/refusals";
import { db } from "@/lib/db/client";
import { requirePermission } from "@/lib/auth/guard";
import { inScope, isInScope } from "@/lib/auth/scope";
import type { Actor } from "@/lib/auth/permissions";
import { NotFoundError } from "@/lib/errors";
import { todayInChina } from "@/lib/dates";
import { t } from "@/lib/i18n";
import { matchReasons, policyConditionsSchema, regionPrefixes, takenUpFromDb, type PolicyConditions, type PolicyFlag, type TakenUp } from "./match";

export type MatchedPolicy = {
  id: number; code: string; title: string; whoQualifies: string; benefit: string; department: string;
  conditions: PolicyConditions; reasons: PolicyFlag[]; lastOffer: { offeredOn: Date; takenUp: TakenUp } | null;
};
export type MatchedResource = {
  id: number; name: string; kind: string; services: string; regionCodes: string[]; capacity: number | null; contact: string | null;
  /** Offers of this resource taken up, anywhere: how much of the capacity is in use. */
  used: number; lastOffer: { offeredOn: Date; takenUp: TakenUp } | null;
};
export type OfferRow = {
  id: number; offeredOn: Date; takenUp: TakenUp; note: string | null; what: string; kind: "policy" | "resource"; by: string;
};
export type HouseholdMatches = { householdId: number; policies: MatchedPolicy[]; resources: MatchedResource[]; offers: OfferRow[] };

/** Counts of taken-up offers per resource (for "名额 20，已接受 3"). */
async function usedByResource(ids: number[]) {
  if (ids.length === 0) return new Map<number, number>();
  const rows = await db.offer.groupBy({ by: ["resourceId"], where: { resourceId: { in: ids }, takenUp: true }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.resourceId!, r._count._all]));
}

export async function householdMatches(actor: Actor, householdId: number, today: string = todayInChina()): Promise<HouseholdMatches> {
  requirePermission(actor, "read:policy");
  const household = await db.household.findFirst({
    where: { id: householdId, ...inScope(actor) },
    select: {
      id: true, regionCode: true, category: true,
      members: { select: { birthDate: true, majorIllness: true, disabilityGrade: true, postCompulsoryStudent: true, unsupportedChild: true } },
    },
  });
  if (!household) {
    await auditDeniedRead(actor, "household", householdId);
    throw new NotFoundError(t.common.notFound);
  }

  const [policies, resources, offers] = await Promise.all([
    db.policy.findMany({ where: { active: true }, orderBy: { id: "asc" } }),
    // A resource serves the household when one of its codes is a prefix of the household's code.
    db.resource.findMany({ where: { active: true, regionCodes: { hasSome: regionPrefixes(household.regionCode) } }, orderBy: { id: "asc" } }),
    db.offer.findMany({ where: { householdId: household.id, ...inScope(actor) }, orderBy: [{ offeredOn: "desc" }, { id: "desc" }] }),
  ]);

  // Offers may name a policy or resource since disabled, or a resource of another area: look them up by id.
  const [policyNames, resourceNames, users, used] = await Promise.all([
    db.policy.findMany({ where: { id: { in: offers.flatMap((o) => (o.policyId ? [o.policyId] : [])) } }, select: { id: true, title: true } }),
    db.resource.findMany({ where: { id: { in: offers.flatMap((o) => (o.resourceId ? [o.resourceId] : [])) } }, select: { id: true, name: true } }),
    db.user.findMany({ where: { id: { in: [...new Set(offers.map((o) => o.createdById))] } }, select: { id: true, name: true } }),
    usedByResource(resources.map((r) => r.id)),
  ]);
  const policyTitle = new Map(policyNames.map((p) => [p.id, p.title]));
  const resourceName = new Map(resourceNames.map((r) => [r.id, r.name]));
  const userName = new Map(users.map((u) => [u.id, u.name]));
  // Offers are newest first, so the first one seen per item is the latest.
  const last = (key: "policyId" | "resourceId", itemId: number) => {
    const o = offers.find((x) => x[key] === itemId);
    return o ? { offeredOn: o.offeredOn, takenUp: takenUpFromDb(o.takenUp) } : null;
  };

  const matched: MatchedPolicy[] = [];
  for (const p of policies) {
    const conditions = policyConditionsSchema.parse(p.conditions);
    const reasons = matchReasons(conditions, household, today);
    if (reasons === null) continue;
    matched.push({
      id: p.id, code: p.code, title: p.title, whoQualifies: p.whoQualifies, benefit: p.benefit, department: p.department,
      conditions, reasons, lastOffer: last("policyId", p.id),
    });
  }

  return {
    householdId: household.id,
    policies: matched,
    resources: resources.map((r) => ({
      id: r.id, name: r.name, kind: r.kind, services: r.services, regionCodes: r.regionCodes, capacity: r.capacity, contact: r.contact,
      used: used.get(r.id) ?? 0, lastOffer: last("resourceId", r.id),
    })),
    offers: offers.map((o) => ({
      id: o.id, offeredOn: o.offeredOn, takenUp: takenUpFromDb(o.takenUp), note: o.note,
      what: o.policyId ? (policyTitle.get(o.policyId) ?? "") : (resourceName.get(o.resourceId!) ?? ""),
      kind: o.policyId ? "policy" : "resource",
      by: userName.get(o.createdById) ?? "",
    })),
  };
}

/**
 * The whole library. Policies are province-wide; resources are listed when they serve somewhere
 * in the actor's area or an area containing it (a city-level admin sees the city's and the
 * province's resources, not another city's). The table is small: filtered here, not in SQL.
 */
export async function listLibrary(actor: Actor) {
  requirePermission(actor, "read:policy");
  const [policies, resources] = await Promise.all([
    db.policy.findMany({ orderBy: [{ active: "desc" }, { id: "asc" }] }),
    db.resource.findMany({ orderBy: [{ active: "desc" }, { id: "asc" }] }),
  ]);
  const used = await usedByResource(resources.map((r) => r.id));
  return {
    policies: policies.map((p) => ({ ...p, conditions: policyConditionsSchema.parse(p.conditions) })),
    resources: resources
      .filter((r) => r.regionCodes.some((c) => isInScope(actor, c) || actor.regionCode.startsWith(c)))
      .map((r) => ({ ...r, used: used.get(r.id) ?? 0 })),
  };
}
