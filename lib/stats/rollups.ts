/**
 * The roll-up tables (stat_* by township, and their copies stat_*_county and stat_*_city) and their
 * definitions (views raw_stat_*), from the migrations *_rollups, *_county_rollups and
 * *_rollup_grains: triggers keep each table equal to its view in the writing transaction
 * (docs/decisions/010-rollups.md). Here: rebuild them after a bulk load, and verify them — every
 * row of every table against a GROUP BY over the raw tables. No server-only import: the CLI
 * (generator, benchmark) and the tests use it as the app does.
 */

export type Queryable = { query: (sql: string) => Promise<{ rows: Record<string, unknown>[] }> };

export type Rollup = { table: string; keys: string[]; values: string[]; what: string };

export const ROLLUPS: Rollup[] = [
  { table: "stat_visit", keys: ["month", "township_code"], values: ["visits", "questionnaires"], what: "visits, questionnaires" },
  { table: "stat_household_visited", keys: ["month", "township_code", "prev_month", "on_roster"], values: ["households"], what: "households visited (distinct)" },
  { table: "stat_staff_active", keys: ["month", "township_code", "prev_month"], values: ["staff"], what: "staff active (distinct)" },
  { table: "stat_register", keys: ["township_code", "category"], values: ["households"], what: "households registered" },
  { table: "stat_roster_visited", keys: ["month", "township_code"], values: ["households"], what: "roster households visited (on the roster now)" },
  { table: "stat_problem", keys: ["month", "township_code"], values: ["found"], what: "problems found" },
  { table: "stat_resolution", keys: ["month", "township_code", "tier", "department_code"], values: ["count"], what: "problems resolved by tier" },
  { table: "stat_transfer", keys: ["month", "township_code", "department_code"], values: ["sent", "resolved", "returned"], what: "transfers by department" },
  { table: "stat_transfer_open", keys: ["township_code", "department_code", "due_on"], values: ["open"], what: "open transfers by due day" },
  { table: "stat_aid_payment", keys: ["month", "township_code", "fund_kind"], values: ["amount", "payments"], what: "temporary aid paid by fund" },
  { table: "stat_application", keys: ["month", "township_code", "type", "stage"], values: ["count"], what: "applications by stage" },
  { table: "stat_application_decision", keys: ["month", "township_code", "type", "stage"], values: ["count", "working_days"], what: "decisions, working days" },
  { table: "stat_publicity_open", keys: ["township_code", "ends_on"], values: ["running"], what: "publicity running" },
];

/** Tables with county and city copies (every township table but the two "open now" ones). */
const COPIED = ROLLUPS.filter((r) => r.table !== "stat_transfer_open" && r.table !== "stat_publicity_open");
const copies = (level: "county" | "city"): Rollup[] =>
  COPIED.map((r) => ({
    table: `${r.table}_${level}`,
    keys: r.keys.map((k) => (k === "township_code" ? `${level}_code` : k)),
    values: r.values,
    what: `${r.what}, by ${level}`,
  }));

/** The county copies (what a city's dashboard reads) and the city copies (the province's). */
export const COUNTY_ROLLUPS: Rollup[] = copies("county");
export const CITY_ROLLUPS: Rollup[] = copies("city");

export const ALL_ROLLUPS: Rollup[] = [...ROLLUPS, ...COUNTY_ROLLUPS, ...CITY_ROLLUPS];

/** Empty every roll-up and fill it from its definition (after a bulk load with triggers off). */
export async function rebuildRollups(c: Queryable) {
  await c.query("SELECT rebuild_rollups()");
}

export type RollupCheck = { table: string; what: string; rows: number; mismatched: number };

/**
 * Each roll-up compared with its definition: rows in one and not the other, both ways. Rows whose
 * figures are all zero (counts that went back down, a payment and its reversal) are the same as
 * absent rows, on both sides.
 */
export async function verifyRollups(c: Queryable): Promise<RollupCheck[]> {
  const out: RollupCheck[] = [];
  for (const r of ALL_ROLLUPS) {
    const cols = [...r.keys, ...r.values].join(", ");
    const nonZero = `NOT (${r.values.map((v) => `${v} = 0`).join(" AND ")})`;
    const live = `SELECT ${cols} FROM ${r.table} WHERE ${nonZero}`;
    const raw = `SELECT ${cols} FROM raw_${r.table} WHERE ${nonZero}`;
    const { rows } = await c.query(`
      SELECT (SELECT count(*) FROM (${live}) l)::int AS rows,
             (SELECT count(*) FROM ((${live} EXCEPT ${raw}) UNION ALL (${raw} EXCEPT ${live})) d)::int AS mismatched`);
    out.push({ table: r.table, what: r.what, rows: Number(rows[0].rows), mismatched: Number(rows[0].mismatched) });
  }
  return out;
}
