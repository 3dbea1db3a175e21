/**
 * Reads of the household register, always narrowed to the acting user's region. ID numbers are
 * never selected here: lists and pages get the masked form; the full number only through
 * `revealIdNumber` (commands.ts), which is audited. A search by number compares its blind index
 * (docs/decisions/017).
 */
import "server-only";
import { db } from "@/lib/db/client";
import { inScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { auditDeniedRead } from "@/lib/audit/refusals";
import { NotFoundError } from "@/lib/errors";
import { t } from "@/lib/i18n";
import { looksLikeIdNumber, normaliseIdNumber } from "./id-number";
import { idKeys } from "@/lib/env";
import { blindIndexCandidates } from "@/lib/crypto/id-number-cipher";
import { memberFlags } from "./flags";
import { queryGrams } from "./search-grams";
import { bounded, COUNT_CAP, pagesFor } from "@/lib/pagination";
import { personalDataView, SENSITIVE_FLAGS } from "./privacy";
import type { HouseholdSearch } from "./schema";

export const PAGE_SIZE = 20;

export async function listHouseholds(actor: Actor, search: HouseholdSearch) {
  requirePermission(actor, "read:household");
  const q = search.q?.trim();
  const byId = q && looksLikeIdNumber(q);
  // AND, not a spread: no filter key can replace the scope's (issue 11, finding 11).
  const where = {
    AND: [inScope(actor), {
    ...(search.category ? { category: search.category } : {}),
    ...(q
      ? byId
        ? { members: { some: { idIndex: { in: blindIndexCandidates(idKeys(), normaliseIdNumber(q)) } } } }
        : {
            // The grams narrow by the GIN index (decision 024); the LIKEs decide.
            searchGrams: { hasEvery: queryGrams(q) },
            OR: [
              { headName: { contains: q } },
              { members: { some: { name: { contains: q } } } },
              { address: { contains: q } },
            ],
          }
      : {}),
    }],
  };
  // Pages stop at the count's cap: a deep OFFSET would scan what the cap spares.
  const page = Math.min(search.page, Math.ceil(COUNT_CAP / PAGE_SIZE));
  const [matching, rows] = await Promise.all([
    db.household.findMany({ where, select: { id: true }, take: COUNT_CAP + 1 }),
    db.household.findMany({
      where,
      orderBy: { id: "desc" },
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        headName: true,
        address: true,
        category: true,
        memberCount: true,
        regionCode: true,
        visits: { select: { visitedOn: true }, orderBy: { visitedOn: "desc" }, take: 1 },
      },
    }),
  ]);
  const [regions, view] = await Promise.all([regionNames(rows.map((r) => r.regionCode)), personalDataView(actor)]);
  const count = bounded(matching);
  return {
    total: count.total,
    capped: count.capped,
    page,
    pages: pagesFor(count, PAGE_SIZE),
    matchedById: !!byId,
    rows: rows.map(({ visits, ...r }) => ({
      ...view.household(r),
      masked: view.masks(r),
      villageName: regions.get(r.regionCode) ?? r.regionCode,
      lastVisitedOn: visits[0]?.visitedOn ?? null,
    })),
  };
}

async function regionNames(codes: string[]) {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map<string, string>();
  const regions = await db.region.findMany({ where: { code: { in: unique } }, select: { code: true, fullName: true } });
  return new Map(regions.map((r) => [r.code, r.fullName]));
}

/** One household with members (masked IDs), its village, recent visits and problems. */
export async function getHousehold(actor: Actor, id: number) {
  requirePermission(actor, "read:household");
  const household = await db.household.findFirst({
    where: { id, ...inScope(actor) },
    include: {
      members: { orderBy: [{ relation: "asc" }, { birthDate: "asc" }] },
      problems: { orderBy: { id: "desc" }, take: 50 },
    },
  });
  if (!household) {
    await auditDeniedRead(actor, "household", id);
    throw new NotFoundError(t.common.notFound);
  }
  const region = await db.region.findUnique({ where: { code: household.regionCode }, select: { fullName: true, name: true } });
  const view = await personalDataView(actor);
  const full = { ...household, villageFullName: region?.fullName ?? household.regionCode, masked: false, revealedUntil: view.revealedUntil(household.id) };
  if (!view.masks(household)) return full;
  // Minimum necessary (privacy.ts): who and where to the village, how many sensitive flags, no texts.
  const masked = view.household(full);
  return {
    ...masked,
    masked: true,
    members: masked.members.map((m) => ({
      ...m,
      sensitiveFlags: memberFlags(m).filter((f) => (SENSITIVE_FLAGS as readonly string[]).includes(f.key)).length,
      majorIllness: false,
      disabilityGrade: null,
      unsupportedChild: false,
      labourCapacity: "NOT_ASSESSED" as const,
    })),
    problems: household.problems.map((p) => ({ ...p, description: "" })),
  };
}

/** Villages/communities the actor may place a household in, grouped by township. */
export async function villagesInScope(actor: Actor, within?: string) {
  // `within` narrows to one region of the area (the worklist's township): a province has 16,727.
  const prefix = within && within.startsWith(actor.regionCode) ? within : actor.regionCode;
  const villages = await db.region.findMany({
    where: { level: 5, code: { startsWith: prefix }, retiredAt: null },
    select: { code: true, name: true, parentCode: true },
    orderBy: { code: "asc" },
  });
  const townships = await db.region.findMany({
    where: { code: { in: [...new Set(villages.map((v) => v.parentCode!))] } },
    select: { code: true, name: true },
  });
  const townName = new Map(townships.map((t) => [t.code, t.name]));
  const groups = new Map<string, { township: string; villages: { code: string; name: string }[] }>();
  for (const v of villages) {
    const key = v.parentCode!;
    if (!groups.has(key)) groups.set(key, { township: townName.get(key) ?? key, villages: [] });
    groups.get(key)!.villages.push({ code: v.code, name: v.name });
  }
  return [...groups.values()];
}
