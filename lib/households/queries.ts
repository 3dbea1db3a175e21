/**
 * Reads of the household register, always narrowed to the acting user's region. ID numbers are
 * never selected here: lists and pages get the masked form; the full number only through
 * `revealIdNumber` (commands.ts), which is audited. A search by number compares its blind index
 * (docs/decisions/017).
 */
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
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
import { gramsAreTheMatch, queryGrams } from "./search-grams";
import { containsPattern } from "@/lib/validation";
import type { AssistanceCategory } from "@/lib/generated/prisma/enums";
import { boundedCount, boundedTotal, cappedPage, COUNT_CAP, pagesFor, type BoundedCount } from "@/lib/pagination";
import { personalDataView, SENSITIVE_FLAGS } from "./privacy";
import type { HouseholdSearch } from "./schema";

export const PAGE_SIZE = 20;

export async function listHouseholds(actor: Actor, search: HouseholdSearch) {
  requirePermission(actor, "read:household");
  const q = search.q?.trim();
  const byId = q && looksLikeIdNumber(q);
  const page = cappedPage(search.page, PAGE_SIZE);
  const select = { id: true, headName: true, address: true, category: true, memberCount: true, regionCode: true } as const;
  let count: BoundedCount;
  let rows: { id: number; headName: string; address: string; category: AssistanceCategory; memberCount: number; regionCode: string }[];
  if (q && !byId) {
    // A name or address: the grams' index through nx_household_search (decision 024), which bounds
    // the rows by the caller's scope as the policies do; the rows themselves then by id, in scope.
    // No pattern when the grams are the match itself (one or two characters): nothing to recheck.
    const pattern = gramsAreTheMatch(q) ? null : containsPattern(q)!;
    const grams = queryGrams(q);
    const category = search.category ?? null;
    const [counted, pageIds] = await Promise.all([
      // The count unordered (the index's own order), the page newest first: decision 024.
      db.$queryRaw<{ n: number }[]>`SELECT nx_household_search_count(${actor.regionCode}, ${pattern}, ${grams}::text[], ${category}, ${COUNT_CAP + 1}::int) AS n`,
      db.$queryRaw<{ id: number }[]>`SELECT id FROM nx_household_search(${actor.regionCode}, ${pattern}, ${grams}::text[], ${category}, ${PAGE_SIZE}::int, ${(page - 1) * PAGE_SIZE}::int)`,
    ]);
    count = boundedTotal(counted[0]?.n ?? 0);
    rows = await db.household.findMany({
      where: { AND: [inScope(actor), { mergedIntoId: null }, { id: { in: pageIds.map((r) => r.id) } }] },
      orderBy: { id: "desc" },
      select,
    });
  } else {
    // AND, not a spread: no filter key can replace the scope's (issue 11, finding 11).
    const where = {
      AND: [inScope(actor), { mergedIntoId: null }, {
        ...(search.category ? { category: search.category } : {}),
        ...(byId ? { members: { some: { idIndex: { in: blindIndexCandidates(idKeys(), normaliseIdNumber(q)) } } } } : {}),
      }],
    };
    const [counted, pageRows] = await Promise.all([
      boundedCount((take) => db.household.findMany({ where, select: { id: true }, orderBy: { regionCode: "asc" }, take })),
      byId
        ? db.household.findMany({ where, orderBy: { id: "desc" }, skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE, select })
        : newestInRegion(actor.regionCode, search.category ?? null, page).then((ids) =>
            db.household.findMany({ where: { AND: [inScope(actor), { mergedIntoId: null }, { id: { in: ids } }] }, orderBy: { id: "desc" }, select })),
    ]);
    count = counted;
    rows = pageRows;
  }
  const [regions, view, lastVisits] = await Promise.all([regionNames(rows.map((r) => r.regionCode)), personalDataView(actor), lastVisitOf(rows.map((r) => r.id))]);
  return {
    total: count.total,
    capped: count.capped,
    page,
    pages: pagesFor(count, PAGE_SIZE),
    matchedById: !!byId,
    rows: rows.map((r) => ({
      ...view.household(r),
      masked: view.masks(r),
      villageName: regions.get(r.regionCode) ?? r.regionCode,
      lastVisitedOn: lastVisits.get(r.id) ?? null,
    })),
  };
}

/**
 * The ids of a page of the register, newest first, in the region `regionCode`: read in order from
 * the index of the region's level (migration 20261209000000), so a county's page costs its twenty
 * rows rather than a walk past every newer household of the province's other counties. The
 * expression must be the index's own, `left(region_code, n)` with n written out. Row-level
 * security bounds the rows by the connection's scope as well.
 */
async function newestInRegion(regionCode: string, category: AssistanceCategory | null, page: number): Promise<number[]> {
  const level = [4, 6, 9].includes(regionCode.length)
    ? Prisma.sql`left(region_code, ${Prisma.raw(String(regionCode.length))}) = ${regionCode}`
    : regionCode.length === 12 ? Prisma.sql`region_code = ${regionCode}` : Prisma.sql`TRUE`;
  const rows = await db.$queryRaw<{ id: number }[]>`
    SELECT id FROM household
    WHERE ${level} AND region_code LIKE ${`${regionCode}%`} AND merged_into_id IS NULL
      AND (${category}::text IS NULL OR category = ${category}::assistance_category)
    ORDER BY id DESC LIMIT ${PAGE_SIZE}::int OFFSET ${(page - 1) * PAGE_SIZE}::int`;
  return rows.map((r) => r.id);
}

/**
 * Each household's latest visit, by the (household, date) index. Not a nested `visits: { take: 1 }`:
 * Prisma reads every visit of the page's households for that and keeps the first in memory —
 * 1–3 s for a province's newest twenty at ten million visits (issue 14).
 */
async function lastVisitOf(ids: number[]): Promise<Map<number, Date>> {
  if (ids.length === 0) return new Map();
  const rows = await db.$queryRaw<{ household_id: number; last: Date }[]>`
    SELECT h.id AS household_id, (SELECT max(v.visited_on) FROM visit v WHERE v.household_id = h.id) AS last
    FROM unnest(${ids}::int[]) AS h(id)`;
  return new Map(rows.filter((r) => r.last).map((r) => [r.household_id, r.last]));
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
