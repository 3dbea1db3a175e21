/**
 * The worklist evaluated the old way — every enabled rule as one SQL statement over the raw
 * household, member, application, economic_check and screening tables (decision 009) — kept as
 * the reference the candidates table (decision 023) must equal: the tests compare the two after
 * every kind of write, the benchmark times both. No authorization, no pagination (never used by a
 * request): all the households of a region, ranked.
 */
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { dateFromIso } from "@/lib/dates";
import { enabledRules, RESCREEN_DAYS, ruleSql } from "./queries";
import { conditionsSchema } from "./rules";

/** Households not covered, in the region, not screened lately: the base every rule narrows. */
export function uncovered(prefix: string, today: string) {
  return Prisma.sql`h.region_code LIKE ${prefix}
    AND h.category NOT IN ('DIBAO', 'TEKUN')
    AND NOT EXISTS (SELECT 1 FROM application a WHERE a.household_id = h.id AND a.stage IN ('ACCEPTED', 'PROPOSED', 'IN_PUBLICITY'))
    AND NOT EXISTS (SELECT 1 FROM screening s WHERE s.household_id = h.id AND s.screened_on > ${dateFromIso(today)}::date - ${RESCREEN_DAYS}::int)`;
}

export type NaiveRow = { id: number; regionCode: string; reasons: string[]; incomePerHead: string | null };

/** Every household of the region some enabled rule finds, with its reasons, in the worklist's order. */
export async function naiveWorklist(regionCode: string, today: string): Promise<NaiveRow[]> {
  const rules = await enabledRules();
  if (rules.length === 0) return [];
  const reasons = Prisma.join(rules.map((r) => Prisma.sql`CASE WHEN ${ruleSql(r.parsed, today)} THEN ${r.code} END`));
  const rows = await db.$queryRaw<{ id: number; regionCode: string; reasons: string[]; incomePerHead: Prisma.Decimal | null }[]>`
    WITH found AS (
      SELECT h.id, h.region_code AS "regionCode", array_remove(ARRAY[${reasons}]::text[], NULL) AS reasons
      FROM household h
      WHERE ${uncovered(`${regionCode}%`, today)}
    )
    SELECT f.*,
           (SELECT ec.income_per_head FROM application a JOIN economic_check ec ON ec.application_id = a.id
             WHERE a.household_id = f.id ORDER BY ec.id DESC LIMIT 1) AS "incomePerHead"
    FROM found f
    WHERE cardinality(f.reasons) > 0
    ORDER BY cardinality(f.reasons) DESC, "incomePerHead" ASC NULLS LAST, f.id`;
  return rows.map((r) => ({ ...r, incomePerHead: r.incomePerHead === null ? null : r.incomePerHead.toFixed(2) }));
}

/** Each rule's count in the region (enabled or not), the way the rules page counted before. */
export async function naiveFound(regionCode: string, today: string): Promise<Record<string, number>> {
  const rules = await db.discoveryRule.findMany({ orderBy: { id: "asc" } });
  const out: Record<string, number> = {};
  for (const r of rules) {
    const c = conditionsSchema.parse(r.conditions);
    const [{ n }] = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM household h WHERE ${uncovered(`${regionCode}%`, today)} AND ${ruleSql(c, today)}`;
    out[r.code] = r.enabled ? Number(n) : 0;
  }
  return out;
}
