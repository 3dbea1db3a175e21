/**
 * Where the dashboard's figures come from, twice: `rollup` reads the stat_* tables (what the
 * pages and the API use: a few thousand rows whatever the province's size), `naive` computes the
 * same rows with GROUP BY over the raw tables (what the benchmark compares against, and what the
 * tests check the roll-ups against). Both return the same row sets; lib/dashboard/compute.ts
 * turns either into a `Dashboard`.
 *
 * Every query is narrowed to the region (`… LIKE prefix || '%'`) and grouped by `child`, the
 * code one level down (the township itself on a township's dashboard). The roll-ups are read at
 * the children's grain, so their code column is the child's code, and grouped by GROUPING SETS:
 * rows per child (the figures) and rows per month (the trend), not per child × month — a few
 * dozen rows where the raw way gives hundreds. Consumers take the rows that have the key they
 * need (lib/dashboard/compute.ts).
 */

export type Sql = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

export type SourceParams = {
  /** Region code (2, 4, 6 or 9 digits). */
  prefix: string;
  /** Length of the child codes: 4, 6 or 9. */
  childLen: number;
  /** First day of the first month, and of the month after the last (YYYY-MM-DD). */
  from: string;
  /** First day of the last month of the range. */
  to: string;
  toEnd: string;
  /** First day of the month of `today`. */
  thisMonth: string;
  nextMonth: string;
  today: string;
  /** The region's code and its ancestors' (2, 4, 6, 9 digits), for the breadcrumb. */
  ancestors: string[];
};

export type MetricRows = {
  /** `child` or `month` is null in the roll-ups' per-month and per-child rows (GROUPING SETS). */
  visits: { child: string | null; month: string | null; visits: number; questionnaires: number }[];
  /** monthHouseholds: distinct households visited that month; first: those first visited in the range that month. */
  households: { child: string | null; month: string | null; monthHouseholds: number; first: number }[];
  staff: { child: string; staff: number }[];
  rosterVisited: { child: string; n: number }[];
  register: { child: string; n: number }[];
  problems: { child: string | null; month: string | null; found: number }[];
  resolution: { child: string | null; month: string | null; tier: string | null; n: number }[];
  transfers: { child: string; department: string; sent: number; resolved: number; returned: number }[];
  transfersOpen: { child: string; department: string; open: number; overdue: number }[];
  aid: { child: string | null; month: string | null; kind: string | null; amount: string; payments: number }[];
  applications: { child: string; type: string; stage: string; n: number }[];
  decisions: { child: string; stage: string; n: number; workingDays: number }[];
  publicity: { child: string; n: number }[];
};

/** The region's path (ancestors and itself), its children, and the departments, for the labels. */
export type ReferenceRows = {
  path: { code: string; name: string; level: number }[];
  children: { code: string; name: string; level: number; retired: boolean }[];
  departments: { code: string; name: string; sort: number }[];
};

const REFERENCE: Record<keyof ReferenceRows, Query> = {
  path: {
    text: "SELECT code, name, level FROM region WHERE code = ANY($1::text[]) AND level <= 4",
    args: (p) => [p.ancestors],
  },
  children: {
    // A township's dashboard has no children (the roll-ups stop at townships).
    text: "SELECT code, name, level, retired_at IS NOT NULL AS retired FROM region WHERE parent_code = $1 AND length($1) < 9",
    args: (p) => [p.prefix],
  },
  departments: { text: "SELECT code, name, sort FROM department", args: () => [] },
};

type Metric = keyof MetricRows;
type Query = { text: string; args: (p: SourceParams) => unknown[] };

// $1 prefix, $2 child length; the rest per query.
const RANGE = (p: SourceParams) => [p.prefix, p.childLen, p.from, p.to];
const RAW_RANGE = (p: SourceParams) => [p.prefix, p.childLen, p.from, p.toEnd];

/**
 * The roll-up queries at one grain, the one of the children: city copies for the province's
 * dashboard (14 cities' rows), county copies for a city's, township rows for a county's or a
 * township's. `stat_transfer_open` and `stat_publicity_open` (open items only) are township only.
 */
type Grain = "city" | "county" | "township";
function rollupQueries(grain: Grain): Record<Metric, Query> {
  const g = (table: string) => (grain === "township" ? table : `${table}_${grain}`);
  const code = `${grain}_code`;
  return {
    visits: {
      text: `SELECT ${code} AS child, month,
                    sum(visits)::int AS visits, sum(questionnaires)::int AS questionnaires
             FROM ${g("stat_visit")} WHERE month BETWEEN $3::date AND $4::date AND ${code} LIKE $1 || '%'
             GROUP BY GROUPING SETS ((1), (2))`,
      args: RANGE,
    },
    households: {
      text: `SELECT ${code} AS child, month,
                    sum(households)::int AS "monthHouseholds",
                    coalesce(sum(households) FILTER (WHERE prev_month < $3::date), 0)::int AS first
             FROM ${g("stat_household_visited")} WHERE month BETWEEN $3::date AND $4::date AND ${code} LIKE $1 || '%'
             GROUP BY GROUPING SETS ((1), (2))`,
      args: RANGE,
    },
    staff: {
      text: `SELECT ${code} AS child, sum(staff)::int AS staff
             FROM ${g("stat_staff_active")}
             WHERE month BETWEEN $3::date AND $4::date AND prev_month < $3::date AND ${code} LIKE $1 || '%' GROUP BY 1`,
      args: RANGE,
    },
    // On the roster now and visited this month: the roster page's own count (decision 025).
    rosterVisited: {
      text: `SELECT ${code} AS child, sum(households)::int AS n
             FROM ${g("stat_roster_visited")} WHERE month = $3::date AND ${code} LIKE $1 || '%' GROUP BY 1`,
      args: (p) => [p.prefix, p.childLen, p.thisMonth],
    },
    register: {
      text: `SELECT ${code} AS child, sum(households)::int AS n
             FROM ${g("stat_register")} WHERE category <> 'NONE' AND ${code} LIKE $1 || '%' GROUP BY 1`,
      args: (p) => [p.prefix, p.childLen],
    },
    problems: {
      text: `SELECT ${code} AS child, month, sum(found)::int AS found
             FROM ${g("stat_problem")} WHERE month BETWEEN $3::date AND $4::date AND ${code} LIKE $1 || '%'
             GROUP BY GROUPING SETS ((1), (2))`,
      args: RANGE,
    },
    resolution: {
      text: `SELECT ${code} AS child, month, tier::text AS tier, sum(count)::int AS n
             FROM ${g("stat_resolution")} WHERE month BETWEEN $3::date AND $4::date AND ${code} LIKE $1 || '%'
             GROUP BY GROUPING SETS ((1, 3), (2))`,
      args: RANGE,
    },
    transfers: {
      text: `SELECT ${code} AS child, department_code AS department,
                    sum(sent)::int AS sent, sum(resolved)::int AS resolved, sum(returned)::int AS returned
             FROM ${g("stat_transfer")} WHERE month BETWEEN $3::date AND $4::date AND ${code} LIKE $1 || '%' GROUP BY 1, 2`,
      args: RANGE,
    },
    transfersOpen: {
      text: `SELECT left(township_code, $2) AS child, department_code AS department, sum(open)::int AS open,
                    coalesce(sum(open) FILTER (WHERE due_on < $3::date), 0)::int AS overdue
             FROM stat_transfer_open WHERE township_code LIKE $1 || '%' GROUP BY 1, 2`,
      args: (p) => [p.prefix, p.childLen, p.today],
    },
    aid: {
      text: `SELECT ${code} AS child, month, fund_kind::text AS kind,
                    sum(amount)::text AS amount, sum(payments)::int AS payments
             FROM ${g("stat_aid_payment")}
             WHERE month BETWEEN $3::date AND $4::date AND ${code} LIKE $1 || '%'
             GROUP BY GROUPING SETS ((1, 3), (2))`,
      args: RANGE,
    },
    applications: {
      text: `SELECT ${code} AS child, type::text AS type, stage::text AS stage, sum(count)::int AS n
             FROM ${g("stat_application")} WHERE month BETWEEN $3::date AND $4::date AND ${code} LIKE $1 || '%' GROUP BY 1, 2, 3`,
      args: RANGE,
    },
    decisions: {
      text: `SELECT ${code} AS child, stage::text AS stage, sum(count)::int AS n, sum(working_days)::int AS "workingDays"
             FROM ${g("stat_application_decision")} WHERE month BETWEEN $3::date AND $4::date AND ${code} LIKE $1 || '%' GROUP BY 1, 2`,
      args: RANGE,
    },
    publicity: {
      text: `SELECT left(township_code, $2) AS child, sum(running)::int AS n
             FROM stat_publicity_open WHERE ends_on >= $3::date AND township_code LIKE $1 || '%' GROUP BY 1`,
      args: (p) => [p.prefix, p.childLen, p.today],
    },
  };
}

/**
 * The same figures straight from the raw tables. Distinct households (and staff) are counted the
 * way the roll-up defines them — each once, where first visited (active) in the period — which is
 * what a plain count(DISTINCT …) per subregion gives whenever nobody moved between subregions.
 */
const NAIVE: Record<Metric, Query> = {
  visits: {
    text: `SELECT left(region_code, $2) AS child, to_char(visited_on, 'YYYY-MM') AS month,
                  count(*)::int AS visits, (count(*) FILTER (WHERE nx_has_answers(answers)))::int AS questionnaires
           FROM visit WHERE visited_on >= $3::date AND visited_on < $4::date AND region_code LIKE $1 || '%' GROUP BY 1, 2`,
    args: RAW_RANGE,
  },
  households: {
    text: `WITH hm AS (
             SELECT DISTINCT ON (household_id, date_trunc('month', visited_on)) household_id, region_code,
                    date_trunc('month', visited_on) AS month
             FROM visit WHERE visited_on >= $3::date AND visited_on < $4::date AND region_code LIKE $1 || '%'
             ORDER BY household_id, date_trunc('month', visited_on), visited_on, id)
           SELECT left(region_code, $2) AS child, to_char(month, 'YYYY-MM') AS month, count(*)::int AS "monthHouseholds",
                  (count(*) FILTER (WHERE first))::int AS first
           FROM (SELECT hm.*, row_number() OVER (PARTITION BY household_id ORDER BY month) = 1 AS first FROM hm) x
           GROUP BY 1, 2`,
    args: RAW_RANGE,
  },
  staff: {
    text: `SELECT left(region_code, $2) AS child, count(*)::int AS staff FROM (
             SELECT DISTINCT ON (recorded_by_id) recorded_by_id, region_code
             FROM visit WHERE visited_on >= $3::date AND visited_on < $4::date AND region_code LIKE $1 || '%'
             ORDER BY recorded_by_id, visited_on, id) x
           GROUP BY 1`,
    args: RAW_RANGE,
  },
  rosterVisited: {
    text: `SELECT left(h.region_code, $2) AS child, count(*)::int AS n FROM household h
           WHERE h.category <> 'NONE' AND h.region_code LIKE $1 || '%'
             AND EXISTS (SELECT 1 FROM visit v WHERE v.household_id = h.id AND v.visited_on >= $3::date AND v.visited_on < $4::date)
           GROUP BY 1`,
    args: (p) => [p.prefix, p.childLen, p.thisMonth, p.nextMonth],
  },
  register: {
    text: `SELECT left(region_code, $2) AS child, count(*)::int AS n
           FROM household WHERE category <> 'NONE' AND region_code LIKE $1 || '%' GROUP BY 1`,
    args: (p) => [p.prefix, p.childLen],
  },
  problems: {
    text: `SELECT left(region_code, $2) AS child, to_char(found_on, 'YYYY-MM') AS month, count(*)::int AS found
           FROM problem WHERE found_on >= $3::date AND found_on < $4::date AND region_code LIKE $1 || '%' GROUP BY 1, 2`,
    args: RAW_RANGE,
  },
  resolution: {
    text: `SELECT left(region_code, $2) AS child, to_char(resolved_on, 'YYYY-MM') AS month, tier::text AS tier,
                  coalesce(resolution_department_code, '') AS department, count(*)::int AS n
           FROM problem
           WHERE status = 'RESOLVED' AND resolved_on >= $3::date AND resolved_on < $4::date AND region_code LIKE $1 || '%'
           GROUP BY 1, 2, 3, 4`,
    args: RAW_RANGE,
  },
  transfers: {
    text: `SELECT child, department, sum(sent)::int AS sent, sum(resolved)::int AS resolved, sum(returned)::int AS returned FROM (
             SELECT left(region_code, $2) AS child, department_code AS department, 1 AS sent, 0 AS resolved, 0 AS returned
             FROM transfer WHERE nx_china_day(created_at) >= $3::date AND nx_china_day(created_at) < $4::date AND region_code LIKE $1 || '%'
             UNION ALL
             SELECT left(region_code, $2), department_code, 0, (status = 'RESOLVED')::int, (status = 'RETURNED')::int
             FROM transfer
             WHERE status IN ('RESOLVED', 'RETURNED') AND region_code LIKE $1 || '%'
               AND nx_china_day(coalesce(answered_at, created_at)) >= $3::date AND nx_china_day(coalesce(answered_at, created_at)) < $4::date
           ) x GROUP BY 1, 2`,
    args: RAW_RANGE,
  },
  transfersOpen: {
    text: `SELECT left(region_code, $2) AS child, department_code AS department, count(*)::int AS open,
                  (count(*) FILTER (WHERE due_on < $3::date))::int AS overdue
           FROM transfer WHERE status IN ('SENT', 'ACCEPTED') AND region_code LIKE $1 || '%' GROUP BY 1, 2`,
    args: (p) => [p.prefix, p.childLen, p.today],
  },
  aid: {
    text: `SELECT child, month, kind, sum(amount)::text AS amount, sum(payments)::int AS payments FROM (
             SELECT left(p.region_code, $2) AS child, to_char(nx_china_day(e.created_at), 'YYYY-MM') AS month, f.kind::text AS kind,
                    -e.amount AS amount, 1 AS payments
             FROM fund_entry e JOIN problem p ON p.id = e.problem_id JOIN fund f ON f.id = e.fund_id
             WHERE e.kind = 'PAYMENT' AND p.region_code LIKE $1 || '%'
               AND nx_china_day(e.created_at) >= $3::date AND nx_china_day(e.created_at) < $4::date
             UNION ALL
             SELECT left(p.region_code, $2), to_char(nx_china_day(o.created_at), 'YYYY-MM'), f.kind::text, -r.amount, -1
             FROM fund_entry r JOIN fund_entry o ON o.id = r.reverses_entry_id JOIN problem p ON p.id = o.problem_id
                  JOIN fund f ON f.id = o.fund_id
             WHERE r.kind = 'REVERSAL' AND o.kind = 'PAYMENT' AND p.region_code LIKE $1 || '%'
               AND nx_china_day(o.created_at) >= $3::date AND nx_china_day(o.created_at) < $4::date
           ) x GROUP BY 1, 2, 3`,
    args: RAW_RANGE,
  },
  applications: {
    text: `SELECT left(region_code, $2) AS child, type::text AS type, stage::text AS stage, count(*)::int AS n
           FROM application WHERE accepted_on >= $3::date AND accepted_on < $4::date AND region_code LIKE $1 || '%' GROUP BY 1, 2, 3`,
    args: RAW_RANGE,
  },
  decisions: {
    text: `SELECT left(region_code, $2) AS child, stage::text AS stage, count(*)::int AS n,
                  coalesce(sum(decision_working_days), 0)::int AS "workingDays"
           FROM application
           WHERE stage IN ('APPROVED', 'REFUSED') AND decided_on >= $3::date AND decided_on < $4::date AND region_code LIKE $1 || '%'
           GROUP BY 1, 2`,
    args: RAW_RANGE,
  },
  publicity: {
    text: `SELECT left(region_code, $2) AS child, count(*)::int AS n
           FROM publicity WHERE outcome = 'RUNNING' AND ends_on >= $3::date AND region_code LIKE $1 || '%' GROUP BY 1`,
    args: (p) => [p.prefix, p.childLen, p.today],
  },
};

export type SourceName = "rollup" | "naive";
const ROLLUP: Record<Grain, Record<Metric, Query>> = {
  city: rollupQueries("city"),
  county: rollupQueries("county"),
  township: rollupQueries("township"),
};

/**
 * The roll-up queries as one statement (a JSON object of the metrics' rows): one round trip and
 * one plan instead of thirteen. Each query's parameters are renumbered into the statement's.
 */
function combined(queries: Record<string, Query>, p: SourceParams): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const parts = Object.keys(queries).map((name) => {
    const q = queries[name];
    const args = q.args(p);
    // Only the parameters the query uses (an unused one has no type PostgreSQL could infer).
    const used = new Map<number, number>();
    const text = q.text.replace(/\$(\d+)/g, (_, n: string) => {
      const i = Number(n);
      if (!used.has(i)) {
        params.push(args[i - 1]);
        used.set(i, params.length);
      }
      return `$${used.get(i)}`;
    });
    return `'${name}', (SELECT coalesce(json_agg(q), '[]'::json) FROM (${text}) q)`;
  });
  return { text: `SELECT json_build_object(${parts.join(",\n")}) AS metrics`, params };
}

/**
 * Every metric's rows for the region and range, and the reference rows: from the roll-ups in one
 * statement (one round trip), from the raw tables side by side.
 */
export async function fetchRows(sql: Sql, source: SourceName, p: SourceParams): Promise<MetricRows & ReferenceRows> {
  if (source === "rollup") {
    const grain: Grain = p.childLen === 4 ? "city" : p.childLen === 6 ? "county" : "township";
    const { text, params } = combined({ ...REFERENCE, ...ROLLUP[grain] }, p);
    const [row] = await sql(text, params);
    const rows = (typeof row.metrics === "string" ? JSON.parse(row.metrics) : row.metrics) as MetricRows & ReferenceRows;
    // Months come as the first day ("2026-11-01"): grouping by the date itself is cheaper than
    // formatting every row in SQL.
    for (const list of Object.values(rows) as { month?: string | null }[][]) {
      for (const r of list) if (r.month) r.month = r.month.slice(0, 7);
    }
    return rows;
  }
  const queries: Record<string, Query> = { ...REFERENCE, ...NAIVE };
  const names = Object.keys(queries);
  const results = await Promise.all(names.map((name) => sql(queries[name].text, queries[name].args(p))));
  return Object.fromEntries(names.map((name, i) => [name, results[i]])) as unknown as MetricRows & ReferenceRows;
}
