/**
 * Dynamic monitoring (动态监测) of the low-income register: finds changes in registered
 * households' lives and raises one alert per change. Each kind is one set-based INSERT … SELECT
 * narrowed by a region-code prefix, so it is cheap for a township (run when the alert page opens)
 * and still one statement per kind province-wide (run by a script). `dedupe_key` is unique and
 * every insert is ON CONFLICT DO NOTHING: running twice raises nothing new, and a closed alert is
 * never raised again because its key is still taken.
 *
 * `detail` is a small JSON object (member name, dates, answer…) that the page turns into a
 * sentence with the UI texts; no Chinese lives in SQL.
 */
import "server-only";
import type { Tx } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AlertKind } from "@/lib/generated/prisma/enums";
import { dateFromIso, monthBounds } from "@/lib/dates";

/** Birthdays and register edits are looked at this far back ("within the last 31 days"). */
export const LOOKBACK_DAYS = 31;
/** Answers of the visit questionnaire's `incomeChange` question that may cross the standard. */
export const INCOME_CHANGES = ["decreased", "lostJob", "increased"] as const;

type Client = Pick<Tx, "$executeRaw">;
export type DetectCounts = Record<AlertKind, number>;

/** `today` minus whole years, as a date (29 Feb falls back to 28 Feb, like an ID-card birthday). */
function yearsBefore(today: string, years: number) {
  const [y, m, d] = today.split("-");
  return dateFromIso(`${Number(y) - years}-${m}-${m === "02" && d === "29" ? "28" : d}`);
}

/** Registered household `h` in the prefix: the base of every kind. */
const registered = (like: string) => Prisma.sql`h.category <> 'NONE' AND h.region_code LIKE ${like}`;

/**
 * Two calendar months before the current one without a visit. A household is only counted when
 * it could have been visited in those months (registered before them, or visited before them),
 * so one added last week is not "missed". While one such alert is open, no second one is raised
 * for a later month. Policy: the township visits every registered household monthly (docs/domain.md).
 */
function missedVisits(like: string, today: string) {
  const { start, previous } = monthBounds(today);
  const windowStart = monthBounds(previous).previous;
  const month = start.slice(0, 7);
  return Prisma.sql`
    INSERT INTO monitoring_alert (household_id, region_code, kind, detail, dedupe_key, raised_on)
    SELECT h.id, h.region_code, 'MISSED_VISITS', jsonb_build_object('from', ${windowStart}::text, 'last', lv.last::text)::text,
           'MISSED_VISITS:' || h.id || ':' || ${month}::text, ${dateFromIso(today)}::date
    FROM household h
    LEFT JOIN LATERAL (SELECT max(v.visited_on) AS last FROM visit v WHERE v.household_id = h.id AND v.visited_on < ${dateFromIso(start)}::date) lv ON true
    WHERE ${registered(like)}
      AND (lv.last IS NULL OR lv.last < ${dateFromIso(windowStart)}::date)
      AND (h.created_at < (${dateFromIso(windowStart)}::date)::timestamp AT TIME ZONE 'Asia/Shanghai' OR lv.last IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM monitoring_alert ma WHERE ma.household_id = h.id AND ma.kind = 'MISSED_VISITS' AND ma.closed_on IS NULL)
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

/** The household's latest visit reports its income changed: it may have crossed the standard. */
function incomeChange(like: string, today: string) {
  return Prisma.sql`
    INSERT INTO monitoring_alert (household_id, region_code, kind, detail, dedupe_key, raised_on)
    SELECT h.id, h.region_code, 'INCOME_CHANGE',
           jsonb_build_object('answer', lv.answers->>'incomeChange', 'visitedOn', lv.visited_on::text)::text,
           'INCOME_CHANGE:' || lv.id, ${dateFromIso(today)}::date
    FROM household h
    JOIN LATERAL (SELECT v.id, v.visited_on, v.answers FROM visit v WHERE v.household_id = h.id AND v.visited_on <= ${dateFromIso(today)}::date
                  ORDER BY v.visited_on DESC, v.id DESC LIMIT 1) lv ON true
    WHERE ${registered(like)} AND lv.answers->>'incomeChange' IN (${Prisma.join([...INCOME_CHANGES])})
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

/**
 * A member reached `age` within the lookback (an adult child's income counts, an 18-year-old may
 * leave 特困; at 75 the elderly allowances apply). Written as a birth-date range so it stays a
 * plain comparison.
 */
function turnsAge(like: string, today: string, age: 18 | 75) {
  const kind = age === 18 ? "TURNS_18" : "TURNS_75";
  const latest = yearsBefore(today, age);
  return Prisma.sql`
    INSERT INTO monitoring_alert (household_id, region_code, kind, detail, dedupe_key, raised_on)
    SELECT h.id, h.region_code, ${kind}::alert_kind,
           jsonb_build_object('member', m.name, 'birthDate', m.birth_date::text)::text,
           ${kind}::text || ':' || m.id, ${dateFromIso(today)}::date
    FROM member m JOIN household h ON h.id = m.household_id
    WHERE ${registered(like)} AND m.region_code LIKE ${like}
      AND m.birth_date <= ${latest}::date AND m.birth_date > ${latest}::date - ${LOOKBACK_DAYS}::int
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

/** Register edits (`household.update` audit rows) within the lookback, with the household. */
function recentEdits(like: string, today: string) {
  return Prisma.sql`
    SELECT a.id AS audit_id, a.at, a.before, a.after, h.id AS household_id, h.region_code
    FROM audit_log a
    JOIN household h ON h.id = CASE WHEN a.entity_id ~ '^[0-9]{1,9}$' THEN a.entity_id::int END
    WHERE a.action = 'household.update' AND a.region_code LIKE ${like}
      AND a.at >= (${dateFromIso(today)}::date - ${LOOKBACK_DAYS - 1}::int)::timestamp AT TIME ZONE 'Asia/Shanghai'
      AND a.at < (${dateFromIso(today)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
      AND ${registered(like)}`;
}

/** A member kept in an edit became seriously ill, or severely disabled (grade 1–2). */
function newFlag(like: string, today: string) {
  return Prisma.sql`
    INSERT INTO monitoring_alert (household_id, region_code, kind, detail, dedupe_key, raised_on)
    SELECT e.household_id, e.region_code, 'NEW_FLAG',
           jsonb_build_object('member', am->>'name',
             'majorIllness', (am->>'majorIllness')::boolean AND NOT coalesce((bm->>'majorIllness')::boolean, false),
             'disabilityGrade', CASE WHEN (am->>'disabilityGrade')::int <= 2 AND coalesce((bm->>'disabilityGrade')::int, 9) > 2
                                     THEN (am->>'disabilityGrade')::int END,
             'on', (e.at AT TIME ZONE 'Asia/Shanghai')::date::text)::text,
           'NEW_FLAG:' || e.audit_id || ':' || (am->>'id'), ${dateFromIso(today)}::date
    FROM (${recentEdits(like, today)}) e
    CROSS JOIN LATERAL jsonb_array_elements(e.after->'members') am
    JOIN LATERAL jsonb_array_elements(e.before->'members') bm ON bm->>'id' = am->>'id'
    WHERE ((am->>'majorIllness')::boolean AND NOT coalesce((bm->>'majorIllness')::boolean, false))
       OR ((am->>'disabilityGrade')::int <= 2 AND coalesce((bm->>'disabilityGrade')::int, 9) > 2)
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

/** A member in the `before` snapshot of an edit and not in its `after`: died or moved out. */
function memberLeft(like: string, today: string) {
  return Prisma.sql`
    INSERT INTO monitoring_alert (household_id, region_code, kind, detail, dedupe_key, raised_on)
    SELECT e.household_id, e.region_code, 'MEMBER_LEFT',
           jsonb_build_object('member', bm->>'name', 'on', (e.at AT TIME ZONE 'Asia/Shanghai')::date::text)::text,
           'MEMBER_LEFT:' || e.audit_id || ':' || (bm->>'id'), ${dateFromIso(today)}::date
    FROM (${recentEdits(like, today)}) e
    CROSS JOIN LATERAL jsonb_array_elements(e.before->'members') bm
    WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(e.after->'members') am WHERE am->>'id' = bm->>'id')
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

/**
 * Raise the alerts due on `today` (YYYY-MM-DD, China) for households under `regionPrefix`
 * ("21" for the province). Returns how many new alerts each kind raised.
 */
export async function detectAlerts(client: Client, opts: { regionPrefix: string; today: string }): Promise<DetectCounts> {
  if (!/^\d{2,12}$/.test(opts.regionPrefix)) throw new Error(`detectAlerts: bad region prefix ${opts.regionPrefix}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) throw new Error(`detectAlerts: bad date ${opts.today}`);
  const like = `${opts.regionPrefix}%`;
  const { today } = opts;
  const statements: [AlertKind, Prisma.Sql][] = [
    ["MISSED_VISITS", missedVisits(like, today)],
    ["INCOME_CHANGE", incomeChange(like, today)],
    ["TURNS_18", turnsAge(like, today, 18)],
    ["TURNS_75", turnsAge(like, today, 75)],
    ["NEW_FLAG", newFlag(like, today)],
    ["MEMBER_LEFT", memberLeft(like, today)],
  ];
  const counts = {} as DetectCounts;
  // One after another: the statements are independent, and a page's pool is small.
  for (const [kind, sql] of statements) counts[kind] = await client.$executeRaw(sql);
  return counts;
}
