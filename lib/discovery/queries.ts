/**
 * The discovery worklist: households in the actor's area not yet covered, each with the rules
 * that found it, ranked (more reasons first, then lower income per head). Read from the
 * candidates table the database keeps current (discovery_candidate, decision 023), less those
 * screened in the last 180 days: per subregion as counts (stat_discovery) above the township,
 * as a page of households in a township or village. `ruleSql` is a rule as SQL, for the
 * screening's reasons and the reference evaluation (naive.ts).
 */
import "server-only";
import { containsPattern } from "@/lib/validation";
import { isInScope } from "@/lib/auth/scope";
import { NotFoundError } from "@/lib/errors";
import { t } from "@/lib/i18n";
import { personalDataView } from "@/lib/households/privacy";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { dateFromIso, todayInChina } from "@/lib/dates";
import { conditionsSchema, type Conditions, type MemberFlag } from "./rules";

export const WORKLIST_PAGE_SIZE = 30;
/** A household screened within this many days leaves the worklist (it has been seen). */
export const RESCREEN_DAYS = 180;

function yearsBefore(today: string, years: number) {
  const [y, m, d] = today.split("-");
  return dateFromIso(`${Number(y) - years}-${m}-${d === "29" && m === "02" ? "28" : d}`);
}

function flagSql(flag: MemberFlag, today: string): Prisma.Sql {
  switch (flag) {
    case "majorIllness": return Prisma.sql`m.major_illness`;
    case "severeDisability": return Prisma.sql`m.disability_grade <= 2`;
    case "minor": return Prisma.sql`m.birth_date > ${yearsBefore(today, 18)}::date`;
    case "elderly75": return Prisma.sql`m.birth_date <= ${yearsBefore(today, 75)}::date`;
    case "postCompulsoryStudent": return Prisma.sql`m.post_compulsory_student`;
    case "unsupportedChild": return Prisma.sql`m.unsupported_child`;
  }
}

/** The rule's conditions as one SQL boolean over household `h`. */
export function ruleSql(c: Conditions, today: string): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`h.category::text IN (${Prisma.join(c.categories)})`];
  if (c.memberFlags.length) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM member m WHERE m.household_id = h.id AND (${Prisma.join(c.memberFlags.map((f) => flagSql(f, today)), " OR ")}))`);
  }
  if (c.minAge !== null || c.maxAge !== null) {
    const oldest = c.maxAge !== null ? yearsBefore(today, c.maxAge + 1) : null;
    const youngest = c.minAge !== null ? yearsBefore(today, c.minAge) : null;
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM member m WHERE m.household_id = h.id
      AND (${oldest}::date IS NULL OR m.birth_date > ${oldest}::date) AND (${youngest}::date IS NULL OR m.birth_date <= ${youngest}::date))`);
  }
  if (c.incomeBelowRatio !== null) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM application a JOIN economic_check ec ON ec.application_id = a.id
      WHERE a.household_id = h.id AND ec.standard_amount IS NOT NULL AND ec.income_per_head < ec.standard_amount * ${c.incomeBelowRatio})`);
  }
  return Prisma.join(parts, " AND ");
}

export async function enabledRules() {
  const rules = await db.discoveryRule.findMany({ where: { enabled: true }, orderBy: { id: "asc" } });
  return rules.map((r) => ({ ...r, parsed: conditionsSchema.parse(r.conditions) }));
}

/**
 * Before a read on a new day: the households whose age conditions may have changed since the day
 * the candidates were exact for are recomputed (nx_discovery_advance, decision 023); a no-op the
 * rest of the day.
 */
async function advanceTo(today: string) {
  await db.$queryRaw`SELECT nx_discovery_advance(${today}::date)`;
}

/** Region code lengths: province, city, county, township, village. */
const LEVEL_LENGTHS = [2, 4, 6, 9, 12];
/** Below this length (a township's 9 digits) the worklist is counts per subregion, not rows. */
export const ROWS_FROM_LENGTH = 9;

/** The region the worklist shows: the asked one when it is in the actor's area, else the actor's own. */
export function worklistRegion(actor: Actor, search: { region?: string; village?: string }) {
  if (search.village && search.village.startsWith(actor.regionCode)) return search.village;
  if (search.region && isInScope(actor, search.region)) return search.region;
  return actor.regionCode;
}

/**
 * Counts per subregion of a city-or-wider region (cities, counties or townships), with the
 * region's path for the breadcrumb: stat_discovery's township rows summed to the children's
 * length, less the candidates screened in the last 180 days (an index range on last_screened_on).
 */
export async function worklistRegions(actor: Actor, regionCode: string, rule: string | null, today: string = todayInChina()) {
  requirePermission(actor, "read:worklist");
  if (!isInScope(actor, regionCode)) throw new NotFoundError(t.common.notFound);
  await advanceTo(today);
  const childLength = LEVEL_LENGTHS.find((n) => n > regionCode.length) ?? 12;
  const [path, children] = await Promise.all([
    db.region.findMany({ where: { code: { in: LEVEL_LENGTHS.filter((n) => n <= regionCode.length).map((n) => regionCode.slice(0, n)) } }, select: { code: true, name: true }, orderBy: { code: "asc" } }),
    db.region.findMany({ where: { parentCode: regionCode, retiredAt: null }, select: { code: true, name: true }, orderBy: { code: "asc" } }),
  ]);
  if (path.length === 0 || path[path.length - 1].code !== regionCode) throw new NotFoundError(t.common.notFound);
  const counts = await db.$queryRaw<{ code: string; n: bigint }[]>`
    WITH found AS (
      SELECT left(township_code, ${childLength}::int) AS code, sum(households) AS n FROM stat_discovery
      WHERE township_code LIKE ${`${regionCode}%`} AND rule_code = ${rule ?? ""}
      GROUP BY 1),
    seen AS (
      SELECT left(region_code, ${childLength}::int) AS code, count(*) AS n FROM discovery_candidate
      WHERE last_screened_on > ${today}::date - ${RESCREEN_DAYS}::int AND region_code LIKE ${`${regionCode}%`}
        AND (${rule}::text IS NULL OR ${rule}::text = ANY (reasons))
      GROUP BY 1)
    SELECT found.code, found.n - coalesce(seen.n, 0) AS n FROM found LEFT JOIN seen USING (code)`;
  const byCode = new Map(counts.map((c) => [c.code, Number(c.n)]));
  const rows = children.map((c) => ({ code: c.code, name: c.name, households: byCode.get(c.code) ?? 0 }));
  return {
    region: { code: regionCode, name: path[path.length - 1].name },
    breadcrumb: path.map((r) => ({ ...r, linkable: isInScope(actor, r.code) })),
    children: rows,
    total: rows.reduce((s, r) => s + r.households, 0),
    /** Children are townships: each opens as a list of households. */
    childrenAreTownships: childLength === ROWS_FROM_LENGTH,
  };
}

/**
 * A page of the worklist of a township or village (or of the actor's area when it is one): the
 * candidates not screened lately, ranked. A wider region has no row list (worklistRegions).
 */
export async function worklist(
  actor: Actor,
  search: { rule?: string; region?: string; village?: string; q?: string; page: number },
  today: string = todayInChina(),
) {
  requirePermission(actor, "read:worklist");
  const pattern = containsPattern(search.q);
  const rules = await enabledRules();
  const region = worklistRegion(actor, search);
  if (rules.length === 0 || region.length < ROWS_FROM_LENGTH) return { rules, rows: [], total: 0, page: 1, pages: 1 };
  await advanceTo(today);
  // A disabled or unknown rule finds nobody (it is not among the reasons), rather than everybody.
  const rule = search.rule ?? null;
  const rows = await db.$queryRaw<{
    id: number; headName: string; address: string; regionCode: string; category: string; villageName: string;
    reasons: string[]; incomePerHead: Prisma.Decimal | null; total: bigint;
  }[]>`
    SELECT c.household_id AS id, h.head_name AS "headName", h.address, c.region_code AS "regionCode", h.category::text AS category,
           r.name AS "villageName", c.reasons, c.income_per_head AS "incomePerHead", count(*) OVER () AS total
    FROM discovery_candidate c JOIN household h ON h.id = c.household_id JOIN region r ON r.code = c.region_code
    WHERE c.region_code LIKE ${`${region}%`}
      AND (c.last_screened_on IS NULL OR c.last_screened_on <= ${today}::date - ${RESCREEN_DAYS}::int)
      AND (${rule}::text IS NULL OR ${rule}::text = ANY (c.reasons))
      AND (${pattern}::text IS NULL OR h.head_name LIKE ${pattern}::text OR h.address LIKE ${pattern}::text)
    ORDER BY cardinality(c.reasons) DESC, c.income_per_head ASC NULLS LAST, c.household_id
    LIMIT ${WORKLIST_PAGE_SIZE} OFFSET ${(search.page - 1) * WORKLIST_PAGE_SIZE}`;
  const total = rows.length ? Number(rows[0].total) : 0;
  const view = await personalDataView(actor);
  return {
    rules,
    total,
    page: search.page,
    pages: Math.max(1, Math.ceil(total / WORKLIST_PAGE_SIZE)),
    rows: rows.map(({ total: _t, ...r }) => ({ ...view.household(r), masked: view.masks(r) })),
  };
}

/**
 * Per rule, in a region of the actor's area (default: all of it): found now (on the worklist),
 * screened, applied, approved — the conversion from discovery to assistance. "Found" comes from
 * stat_discovery less the recently screened; a disabled rule finds nobody.
 */
export async function conversion(actor: Actor, today: string = todayInChina(), regionCode: string = actor.regionCode) {
  requirePermission(actor, "read:worklist");
  if (!isInScope(actor, regionCode)) throw new NotFoundError(t.common.notFound);
  await advanceTo(today);
  const rules = await db.discoveryRule.findMany({ orderBy: { id: "asc" } });
  const prefix = `${regionCode}%`;
  const [funnel, found] = await Promise.all([
    db.$queryRaw<{ code: string; screened: bigint; applied: bigint; approved: bigint }[]>`
      SELECT code, count(*) AS screened,
             count(*) FILTER (WHERE s.outcome = 'APPLIED') AS applied,
             count(*) FILTER (WHERE a.stage = 'APPROVED') AS approved
      FROM screening s CROSS JOIN LATERAL unnest(s.rule_codes) AS code
      LEFT JOIN application a ON a.id = s.application_id
      WHERE s.region_code LIKE ${prefix}
      GROUP BY code`,
    db.$queryRaw<{ code: string; n: bigint }[]>`
      WITH found AS (
        SELECT rule_code AS code, sum(households) AS n FROM stat_discovery
        WHERE township_code LIKE ${prefix} AND rule_code <> '' GROUP BY 1),
      seen AS (
        SELECT code, count(*) AS n FROM discovery_candidate CROSS JOIN LATERAL unnest(reasons) AS code
        WHERE last_screened_on > ${today}::date - ${RESCREEN_DAYS}::int AND region_code LIKE ${prefix}
        GROUP BY 1)
      SELECT found.code, found.n - coalesce(seen.n, 0) AS n FROM found LEFT JOIN seen USING (code)`,
  ]);
  const byCode = new Map(funnel.map((f) => [f.code, f]));
  const foundBy = new Map(found.map((f) => [f.code, Number(f.n)]));
  return rules.map((r) => {
    const f = byCode.get(r.code);
    return {
      id: r.id, code: r.code, name: r.name, description: r.description, enabled: r.enabled, builtIn: r.builtIn, version: r.version,
      conditions: conditionsSchema.parse(r.conditions),
      found: r.enabled ? foundBy.get(r.code) ?? 0 : 0, screened: Number(f?.screened ?? 0), applied: Number(f?.applied ?? 0), approved: Number(f?.approved ?? 0),
    };
  });
}
