/**
 * Reads of the suspected-duplicate review. A pair is the business of a user whose region holds at
 * least one of its two households (row-level security on duplicate_pair says the same). The
 * other household may lie outside that region: it is read as the system, and always shown masked
 * — names partly, phone masked, address cut — however the user would see a family of their own
 * region (lib/households/privacy.ts). ID numbers appear only in their stored masked form.
 */
import "server-only";
import { db } from "@/lib/db/client";
import { asSystem } from "@/lib/db/scope";
import { isInScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { auditDeniedRead } from "@/lib/audit/refusals";
import { NotFoundError } from "@/lib/errors";
import { t } from "@/lib/i18n";
import { boundedCount, cappedPage, pagesFor, type BoundedCount } from "@/lib/pagination";
import { maskPerson, personalDataView } from "@/lib/households/privacy";
import type { DuplicateSearch } from "./schema";

export const PAGE_SIZE = 20;

/** `where` of the pairs an actor may see: one of the two households in their region. */
export function pairInScope(actor: Pick<Actor, "regionCode">) {
  return { OR: [{ regionA: { startsWith: actor.regionCode } }, { regionB: { startsWith: actor.regionCode } }] };
}

const householdSelect = {
  id: true, regionCode: true, headName: true, address: true, phone: true, category: true, memberCount: true, version: true, mergedIntoId: true,
} as const;

/** Households of pairs, read across regions (the other one of a pair is often elsewhere), with their villages' names. */
async function householdsOf(ids: number[]) {
  const rows = await asSystem(() => db.household.findMany({ where: { id: { in: ids } }, select: householdSelect }));
  const regions = await db.region.findMany({ where: { code: { in: [...new Set(rows.map((r) => r.regionCode))] } }, select: { code: true, fullName: true } });
  const names = new Map(regions.map((r) => [r.code, r.fullName]));
  return new Map(rows.map((r) => [r.id, { ...r, villageName: names.get(r.regionCode) ?? r.regionCode }]));
}

/** The actor's view of one household of a pair: masked outside their township unless revealed; outside their region always. */
async function viewer(actor: Actor) {
  const view = await personalDataView(actor);
  return <H extends { id: number; regionCode: string; headName: string; address: string; phone: string | null; members?: { name: string }[] }>(h: H) => {
    const inRegion = isInScope(actor, h.regionCode);
    if (inRegion && !view.masks(h)) return { ...h, masked: false, inRegion };
    const masked = maskPerson(h);
    return { ...masked, members: h.members?.map((m) => maskPerson(m)), masked: true, inRegion } as H & { masked: boolean; inRegion: boolean };
  };
}

export async function listDuplicatePairs(actor: Actor, search: DuplicateSearch) {
  requirePermission(actor, "review:duplicates");
  const status = search.status ?? "OPEN";
  const page = cappedPage(search.page, PAGE_SIZE);
  const where = { AND: [pairInScope(actor), { status }] };
  const [count, pairs] = await Promise.all([
    boundedCount((take) => db.duplicatePair.findMany({ where, select: { id: true }, take })),
    db.duplicatePair.findMany({
      where, orderBy: [{ score: "desc" }, { id: "desc" }], skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE,
      select: { id: true, householdA: true, householdB: true, reasons: true, score: true, status: true, createdAt: true },
    }),
  ]);
  const households = await householdsOf(pairs.flatMap((p) => [p.householdA, p.householdB]));
  const show = await viewer(actor);
  return {
    status, page, total: count.total, capped: count.capped, pages: pagesFor(count, PAGE_SIZE),
    rows: pairs.map((p) => ({
      ...p,
      score: Number(p.score),
      a: show(households.get(p.householdA)!),
      b: show(households.get(p.householdB)!),
    })),
  };
}

/** One pair side by side: both households with their members and how many records each holds. */
export async function getDuplicatePair(actor: Actor, id: number) {
  requirePermission(actor, "review:duplicates");
  const pair = await db.duplicatePair.findFirst({ where: { AND: [{ id }, pairInScope(actor)] } });
  if (!pair) {
    await auditDeniedRead(actor, "duplicate_pair", id);
    throw new NotFoundError(t.common.notFound);
  }
  const ids = [pair.householdA, pair.householdB];
  const [households, members, visits, problems, applications, decidedBy] = await Promise.all([
    householdsOf(ids),
    asSystem(() => db.member.findMany({
      where: { householdId: { in: ids } }, orderBy: [{ relation: "asc" }, { birthDate: "asc" }],
      select: { id: true, householdId: true, name: true, relation: true, birthDate: true, idNumberMasked: true, male: true },
    })),
    asSystem(() => db.visit.groupBy({ by: ["householdId"], where: { householdId: { in: ids } }, _count: { _all: true } })),
    asSystem(() => db.problem.groupBy({ by: ["householdId"], where: { householdId: { in: ids } }, _count: { _all: true } })),
    asSystem(() => db.application.groupBy({ by: ["householdId"], where: { householdId: { in: ids } }, _count: { _all: true } })),
    pair.decidedById ? db.user.findUnique({ where: { id: pair.decidedById }, select: { name: true } }) : null,
  ]);
  const count = (rows: { householdId: number; _count: { _all: number } }[], h: number) => rows.find((r) => r.householdId === h)?._count._all ?? 0;
  const show = await viewer(actor);
  const side = (h: number) => show({
    ...households.get(h)!,
    members: members.filter((m) => m.householdId === h),
    visits: count(visits, h), problems: count(problems, h), applications: count(applications, h),
  });
  return { ...pair, score: Number(pair.score), decidedByName: decidedBy?.name ?? null, a: side(pair.householdA), b: side(pair.householdB) };
}

/**
 * Open pairs in the actor's region, bounded ("1000+"): the count the households page shows beside
 * its link on every view, so never a count of a province's pairs (issue 14).
 */
export async function countOpenPairs(actor: Actor): Promise<BoundedCount> {
  requirePermission(actor, "review:duplicates");
  return boundedCount((take) => db.duplicatePair.findMany({ where: { AND: [pairInScope(actor), { status: "OPEN" }] }, select: { id: true }, take }));
}
