/**
 * Reads for monthly home visits: the caseworker's roster for this month and a household's visit
 * history, narrowed to the acting user's region.
 */
import "server-only";
import { containsPattern } from "@/lib/validation";
import { queryGrams } from "@/lib/households/search-grams";
import { personalDataView } from "@/lib/households/privacy";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { inScope } from "@/lib/auth/scope";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { auditDeniedRead } from "@/lib/audit/refusals";
import { NotFoundError } from "@/lib/errors";
import { t } from "@/lib/i18n";
import { dateFromIso, monthBounds, todayInChina } from "@/lib/dates";
import type { Question } from "./questionnaire";
import type { RosterSearch } from "./schema";

export const ROSTER_PAGE_SIZE = 30;

/** Households on the monthly roster: registered 低保, 特困 and low-income (every non-NONE category). */
const ROSTER_CATEGORIES = ["DIBAO", "TEKUN", "DIBAO_EDGE", "RIGID_EXPENSE"] as const;

export type RosterStatus = "overdue" | "due" | "visited";
export type RosterRow = {
  id: number;
  headName: string;
  address: string;
  regionCode: string;
  category: (typeof ROSTER_CATEGORIES)[number];
  villageName: string;
  lastVisitedOn: Date | null;
  status: RosterStatus;
};

/**
 * This month's roster. "visited": a visit dated this month; "overdue": none this month nor last
 * month (the campaign's rule is one visit a month, 每月入户一次); "due": the rest. Overdue come
 * first, longest-unvisited first; then due; then visited, latest first.
 */
export async function monthlyRoster(actor: Actor, search: Omit<RosterSearch, "q"> & { q?: string }, today: string = todayInChina(), pageSize = ROSTER_PAGE_SIZE) {
  requirePermission(actor, "read:roster");
  const { start, previous } = monthBounds(today);
  const monthStart = dateFromIso(start);
  const previousStart = dateFromIso(previous);
  // A region inside the actor's own narrows the roster (drill-down); anything else is the actor's own.
  const region = search.region && search.region.startsWith(actor.regionCode) ? search.region : actor.regionCode;
  const prefix = `${region}%`;
  const statusFilter = search.filter === "all" ? null : search.filter;
  const pattern = containsPattern(search.q);
  const grams = search.q ? queryGrams(search.q.trim()) : [];

  const rows = await db.$queryRaw<(Omit<RosterRow, "status"> & { status: RosterStatus; total: bigint })[]>`
    WITH roster AS (
      SELECT h.id, h.head_name AS "headName", h.address, h.region_code AS "regionCode", h.category::text AS category,
             r.name AS "villageName", lv.last AS "lastVisitedOn",
             CASE WHEN lv.last >= ${monthStart}::date THEN 'visited'
                  WHEN lv.last IS NULL OR lv.last < ${previousStart}::date THEN 'overdue'
                  ELSE 'due' END AS status
      FROM household h
      JOIN region r ON r.code = h.region_code
      LEFT JOIN LATERAL (SELECT max(v.visited_on) AS last FROM visit v WHERE v.household_id = h.id) lv ON true
      WHERE h.region_code LIKE ${prefix}
        AND h.category::text IN (${Prisma.join(ROSTER_CATEGORIES)})
        AND (${grams.length === 0} OR h.search_grams @> ${grams}::text[])
    )
    SELECT *, count(*) OVER () AS total FROM roster
    WHERE (${statusFilter}::text IS NULL OR status = ${statusFilter}::text)
      AND (${pattern}::text IS NULL OR "headName" LIKE ${pattern}::text OR address LIKE ${pattern}::text
           OR EXISTS (SELECT 1 FROM member m WHERE m.household_id = roster.id AND m.name LIKE ${pattern}::text))
    ORDER BY CASE status WHEN 'overdue' THEN 0 WHEN 'due' THEN 1 ELSE 2 END,
             CASE WHEN status = 'visited' THEN "lastVisitedOn" END DESC,
             "lastVisitedOn" ASC NULLS FIRST, id
    LIMIT ${pageSize} OFFSET ${(search.page - 1) * pageSize}`;

  const counts = await db.$queryRaw<{ status: RosterStatus; n: bigint }[]>`
    SELECT CASE WHEN lv.last >= ${monthStart}::date THEN 'visited'
                WHEN lv.last IS NULL OR lv.last < ${previousStart}::date THEN 'overdue'
                ELSE 'due' END AS status, count(*) AS n
    FROM household h
    LEFT JOIN LATERAL (SELECT max(v.visited_on) AS last FROM visit v WHERE v.household_id = h.id) lv ON true
    WHERE h.region_code LIKE ${prefix}
      AND h.category::text IN (${Prisma.join(ROSTER_CATEGORIES)})
    GROUP BY 1`;
  const byStatus = { overdue: 0, due: 0, visited: 0 };
  for (const c of counts) byStatus[c.status] = Number(c.n);
  const total = byStatus.overdue + byStatus.due + byStatus.visited;
  const view = await personalDataView(actor);
  const filteredTotal = rows.length ? Number(rows[0].total) : pattern ? 0 : statusFilter ? byStatus[statusFilter] : total;

  return {
    month: start.slice(0, 7),
    counts: byStatus,
    total,
    coverage: total === 0 ? 0 : byStatus.visited / total,
    page: search.page,
    pages: Math.max(1, Math.ceil(filteredTotal / pageSize)),
    filteredTotal,
    rows: rows.map(({ total: _total, ...r }) => view.household(r as RosterRow)),
  };
}

/** A household's visits, newest first, with the questionnaire they answered. */
export async function visitHistory(actor: Actor, householdId: number, take = 24) {
  requirePermission(actor, "read:household");
  const visits = await db.visit.findMany({
    where: { householdId, ...inScope(actor) },
    orderBy: [{ visitedOn: "desc" }, { id: "desc" }],
    take,
    include: {
      recordedBy: { select: { name: true } },
      questionnaire: { select: { questions: true } },
      problems: { select: { id: true, category: true, description: true, urgency: true, status: true } },
    },
  });
  // Minimum necessary (lib/households/privacy.ts): outside their own township users see that and
  // when a visit happened, not what the family said, unless they hold a reveal of this household.
  const view = await personalDataView(actor);
  return visits.map(({ questionnaire, ...v }) => ({
    ...v,
    ...(view.masks({ id: householdId, regionCode: v.regionCode })
      ? { findings: null, peopleMet: "", answers: {}, problems: v.problems.map((p) => ({ ...p, description: "" })) }
      : {}),
    questions: questionnaire.questions as unknown as Question[],
  }));
}

/** What the visit form needs: the household (in scope) and the active questionnaire. */
export async function visitFormData(actor: Actor, householdId: number) {
  requirePermission(actor, "log:visit");
  const household = await db.household.findFirst({
    where: { id: householdId, ...inScope(actor) },
    select: { id: true, headName: true, address: true, regionCode: true, members: { select: { name: true } } },
  });
  if (!household) {
    await auditDeniedRead(actor, "household", householdId);
    throw new NotFoundError(t.common.notFound);
  }
  const [template, view] = await Promise.all([activeQuestionnaire(), personalDataView(actor)]);
  return { household: view.household(household), template };
}

export async function activeQuestionnaire() {
  const template = await db.questionnaireTemplate.findFirst({ where: { active: true }, orderBy: { version: "desc" } });
  if (!template) throw new Error("No active questionnaire: run the seed");
  return { version: template.version, title: template.title, questions: template.questions as unknown as Question[] };
}

/**
 * Visits synced from a phone after the household had left the recorder's area, not yet looked at
 * (decision 021): the household's supervisor sees who recorded it, from where, and when.
 */
export async function leftAreaVisits(actor: Actor, take = 50) {
  requirePermission(actor, "review:visit");
  const visits = await db.visit.findMany({
    where: { AND: [inScope(actor), { leftAreaFrom: { not: null }, flagReviewedAt: null }] },
    orderBy: { id: "asc" },
    take,
    select: {
      id: true, visitedOn: true, regionCode: true, leftAreaFrom: true, createdAt: true,
      recordedBy: { select: { name: true } },
      household: { select: { id: true, headName: true, regionCode: true } },
    },
  });
  const codes = [...new Set(visits.flatMap((v) => [v.regionCode, v.leftAreaFrom!]))];
  const [regions, view] = await Promise.all([
    codes.length ? db.region.findMany({ where: { code: { in: codes } }, select: { code: true, fullName: true } }) : [],
    personalDataView(actor),
  ]);
  const name = new Map(regions.map((r) => [r.code, r.fullName]));
  return visits.map((v) => ({
    id: v.id,
    visitedOn: v.visitedOn,
    householdId: v.household.id,
    headName: view.household(v.household).headName,
    villageName: name.get(v.regionCode) ?? v.regionCode,
    fromRegionName: name.get(v.leftAreaFrom!) ?? v.leftAreaFrom!,
    recordedBy: v.recordedBy.name,
  }));
}

export type RosterCoverage = {
  region: { code: string; name: string };
  breadcrumb: { code: string; name: string; linkable: boolean }[];
  totals: { registered: number; visited: number };
  children: { code: string; name: string; registered: number; visited: number }[];
};

const GRAIN: Record<number, { suffix: string; column: string; childLen: number }> = {
  2: { suffix: "_city", column: "city_code", childLen: 4 },
  4: { suffix: "_county", column: "county_code", childLen: 6 },
  6: { suffix: "", column: "township_code", childLen: 9 },
};

/**
 * This month's roster above a township (issue 14): for each subregion one level down, the
 * households on the roster and those visited this month, from the roll-ups at the children's grain
 * (stat_register, stat_roster_visited and their city and county copies; decisions 010, 025) — two
 * small GROUP BYs whatever the number of households, instead of the whole dashboard.
 */
export async function rosterCoverage(actor: Actor, regionCode: string, today: string = todayInChina()): Promise<RosterCoverage> {
  requirePermission(actor, "read:roster");
  const grain = GRAIN[regionCode.length];
  if (!grain || !regionCode.startsWith(actor.regionCode)) throw new NotFoundError(t.common.notFound);
  const month = dateFromIso(monthBounds(today).start);
  const prefix = `${regionCode}%`;
  const ancestors = [2, 4, 6].filter((n) => n <= regionCode.length).map((n) => regionCode.slice(0, n));
  const [regions, children, registered, visited] = await Promise.all([
    db.region.findMany({ where: { code: { in: ancestors } }, select: { code: true, name: true } }),
    db.region.findMany({ where: { parentCode: regionCode, retiredAt: null }, select: { code: true, name: true }, orderBy: { code: "asc" } }),
    // Table and column names from GRAIN (fixed, chosen by the code's length); the values are parameters.
    db.$queryRaw<{ child: string; n: number }[]>`
      SELECT left(${Prisma.raw(grain.column)}, ${grain.childLen}) AS child, sum(households)::int AS n
      FROM ${Prisma.raw(`stat_register${grain.suffix}`)}
      WHERE category <> 'NONE' AND ${Prisma.raw(grain.column)} LIKE ${prefix} GROUP BY 1`,
    db.$queryRaw<{ child: string; n: number }[]>`
      SELECT left(${Prisma.raw(grain.column)}, ${grain.childLen}) AS child, sum(households)::int AS n
      FROM ${Prisma.raw(`stat_roster_visited${grain.suffix}`)}
      WHERE month = ${month}::date AND ${Prisma.raw(grain.column)} LIKE ${prefix} GROUP BY 1`,
  ]);
  const name = new Map(regions.map((r) => [r.code, r.name]));
  if (!name.has(regionCode)) throw new NotFoundError(t.common.notFound);
  const reg = new Map(registered.map((r) => [r.child, r.n]));
  const vis = new Map(visited.map((r) => [r.child, r.n]));
  const rows = children.map((c) => ({ code: c.code, name: c.name, registered: reg.get(c.code) ?? 0, visited: vis.get(c.code) ?? 0 }));
  return {
    region: { code: regionCode, name: name.get(regionCode)! },
    breadcrumb: ancestors.map((code) => ({ code, name: name.get(code) ?? code, linkable: code.startsWith(actor.regionCode) })),
    totals: { registered: [...reg.values()].reduce((a, b) => a + b, 0), visited: [...vis.values()].reduce((a, b) => a + b, 0) },
    children: rows,
  };
}
