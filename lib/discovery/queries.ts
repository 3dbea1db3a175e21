/**
 * The discovery worklist: households in the actor's area not yet covered, each with the rules
 * that found it, ranked (more reasons first, then lower income per head). One SQL statement
 * built from the enabled rules' conditions; the coverage filter is always applied.
 */
import "server-only";
import { containsPattern } from "@/lib/validation";
import { personalDataView } from "@/lib/households/privacy";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { dateFromIso, todayInChina } from "@/lib/dates";
import { conditionsSchema, type Conditions, type MemberFlag } from "./rules";

export const WORKLIST_PAGE_SIZE = 20;
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

/** Households not covered, in scope, not screened lately: the base every rule narrows. */
function uncovered(prefix: string, today: string, villageCode: string | null) {
  return Prisma.sql`h.region_code LIKE ${prefix}
    AND (${villageCode}::text IS NULL OR h.region_code = ${villageCode}::text)
    AND h.category NOT IN ('DIBAO', 'TEKUN')
    AND NOT EXISTS (SELECT 1 FROM application a WHERE a.household_id = h.id AND a.stage IN ('ACCEPTED', 'PROPOSED', 'IN_PUBLICITY'))
    AND NOT EXISTS (SELECT 1 FROM screening s WHERE s.household_id = h.id AND s.screened_on > ${dateFromIso(today)}::date - ${RESCREEN_DAYS}::int)`;
}

export async function worklist(
  actor: Actor,
  search: { rule?: string; village?: string; q?: string; page: number },
  today: string = todayInChina(),
) {
  requirePermission(actor, "read:worklist");
  const pattern = containsPattern(search.q);
  const rules = await enabledRules();
  if (rules.length === 0) return { rules, rows: [], total: 0, page: 1, pages: 1 };
  const reasons = Prisma.join(rules.map((r) => Prisma.sql`CASE WHEN ${ruleSql(r.parsed, today)} THEN ${r.code} END`));
  const prefix = `${actor.regionCode}%`;
  const village = search.village && search.village.startsWith(actor.regionCode) ? search.village : null;
  // A disabled or unknown rule finds nobody (it is not among the reasons), rather than everybody.
  const rule = search.rule ?? null;
  const rows = await db.$queryRaw<{
    id: number; headName: string; address: string; regionCode: string; category: string; villageName: string;
    reasons: string[]; incomePerHead: Prisma.Decimal | null; total: bigint;
  }[]>`
    WITH found AS (
      SELECT h.id, h.head_name AS "headName", h.address, h.region_code AS "regionCode", h.category::text AS category,
             array_remove(ARRAY[${reasons}]::text[], NULL) AS reasons
      FROM household h
      WHERE ${uncovered(prefix, today, village)}
        AND (${pattern}::text IS NULL OR h.head_name LIKE ${pattern}::text OR h.address LIKE ${pattern}::text)
    )
    SELECT f.*, r.name AS "villageName",
           (SELECT ec.income_per_head FROM application a JOIN economic_check ec ON ec.application_id = a.id
             WHERE a.household_id = f.id ORDER BY ec.id DESC LIMIT 1) AS "incomePerHead",
           count(*) OVER () AS total
    FROM found f JOIN region r ON r.code = f."regionCode"
    WHERE cardinality(f.reasons) > 0 AND (${rule}::text IS NULL OR ${rule}::text = ANY (f.reasons))
    ORDER BY cardinality(f.reasons) DESC, "incomePerHead" ASC NULLS LAST, f.id
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
 * Per rule, in the actor's area: found now (on the worklist), screened, applied, approved —
 * the conversion from discovery to assistance.
 */
export async function conversion(actor: Actor, today: string = todayInChina()) {
  requirePermission(actor, "read:worklist");
  const rules = await db.discoveryRule.findMany({ orderBy: { id: "asc" } });
  const prefix = `${actor.regionCode}%`;
  const funnel = await db.$queryRaw<{ code: string; screened: bigint; applied: bigint; approved: bigint }[]>`
    SELECT code, count(*) AS screened,
           count(*) FILTER (WHERE s.outcome = 'APPLIED') AS applied,
           count(*) FILTER (WHERE a.stage = 'APPROVED') AS approved
    FROM screening s CROSS JOIN LATERAL unnest(s.rule_codes) AS code
    LEFT JOIN application a ON a.id = s.application_id
    WHERE s.region_code LIKE ${prefix}
    GROUP BY code`;
  const byCode = new Map(funnel.map((f) => [f.code, f]));
  const found = await Promise.all(
    rules.map(async (r) => {
      const c = conditionsSchema.parse(r.conditions);
      const [{ n }] = await db.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM household h WHERE ${uncovered(prefix, today, null)} AND ${ruleSql(c, today)}`;
      return Number(n);
    }),
  );
  return rules.map((r, i) => {
    const f = byCode.get(r.code);
    return {
      id: r.id, code: r.code, name: r.name, description: r.description, enabled: r.enabled, builtIn: r.builtIn, version: r.version,
      conditions: conditionsSchema.parse(r.conditions),
      found: found[i], screened: Number(f?.screened ?? 0), applied: Number(f?.applied ?? 0), approved: Number(f?.approved ?? 0),
    };
  });
}
