/**
 * The province generator: a realistic Liaoning casework history, fast, for benchmarks and load
 * tests. Households over all 16,727 villages, their members, caseworkers per township, monthly
 * home visits with the campaign's questionnaire, the problems they found taken through the three
 * tiers in the campaign's proportions (seed report, Apr–Aug 2021: 7,987 at once, 1,402
 * transferred, 2,137 by temporary aid — about 69% / 12% / 19%), transfers (some returned and
 * redone, some still open and overdue), temporary aid paid from funds whose ledgers add up, and
 * applications for 低保 / 特困 / 低保边缘 at every stage.
 *
 * How: one transaction of INSERT … SELECT statements over generate_series, every "random" choice
 * a hash of a row's key and the seed (the same seed gives the same province). The roll-up
 * triggers are disabled for the load and the roll-ups rebuilt from their definitions at the end
 * (rebuild_rollups(), migration 20261130071548_rollups); what the BEFORE triggers would set
 * (visit.on_roster, application.decision_working_days) is set here the same way. The big tables'
 * secondary indexes and foreign keys are dropped and rebuilt (validated) after the load. A failure
 * rolls everything back, indexes and triggers included.
 *
 * Run it through `npm run db:generate` (lib/cli/generate.ts) or from the benchmark and the tests.
 * The database must be migrated and seeded with the reference data (regions, questionnaire,
 * departments, standards, calendar). No server-only import: command-line code and tests use it.
 */
import { t } from "../i18n";
import { todayInChina, monthBounds, addDays } from "../dates";
import { hashPassword } from "../users/password";
import { DOCUMENTS, PUBLICITY_DAYS } from "../applications/rules";
import { PAPERWORK_DAYS } from "../aid/constants";
import { RESOLUTION_DAYS } from "../problems/rules";
import { ALL_ROLLUPS, rebuildRollups } from "../stats/rollups";
import type { ProgressEvent } from "./progress";
import { dateLit, dropSecondary, int, lit, nextId, restoreForeignKeys, restoreIndexes, syncSequence, textArray, type Client, type SavedTable } from "./bulk";
import * as V from "./vocabulary";
import { blindIndex, blindIndexCandidates, CIPHER_BYTES, INDEX_BYTES, openIdNumber, sealIdNumber } from "../crypto/id-number-cipher";
import type { IdKeys } from "../crypto/keyring";
import { maskIdNumber } from "../households/id-number";

export type GenerateOptions = {
  households: number;
  /** Calendar months of history, ending with the month of `today` (partial, up to today). 1–24. */
  months?: number;
  /** Same seed, same province. */
  seed?: number;
  /** The last day of the history, YYYY-MM-DD (China). Default: today. */
  today?: string;
  /** Add to a database that already has households (default: refuse). */
  append?: boolean;
  /** Password of every generated account. */
  password?: string;
  /** The keys the members' ID numbers are encrypted and indexed with (docs/decisions/017). */
  idKeys: IdKeys;
  onProgress?: (e: ProgressEvent) => void;
};

/** Accounts the generator creates besides the caseworkers, supervisors and department staff. */
export const GENERATED_USERS = { provincial: "gen_province", admin: "gen_admin" } as const;
export const GENERATED_PASSWORD = "demo1234";

export type GenerateSummary = {
  today: string;
  /** First and last month of the history, YYYY-MM. */
  from: string;
  to: string;
  phases: { phase: string; ms: number; rows: number; unit: string }[];
  /** Rows inserted per table. */
  rows: Record<string, number>;
  totalMs: number;
};

/**
 * Tables whose user triggers (the roll-ups, visit_snapshot, application_working_days, the search
 * grams, the discovery candidates' upkeep) are off during the load.
 */
const TRIGGER_TABLES = ["household", "member", "visit", "problem", "transfer", "fund_entry", "application", "economic_check", "publicity"];
/** Tables big enough that rebuilding their indexes after the load beats maintaining them row by row. */
const REINDEXED_TABLES = ["household", "member", "visit"];

/** Households per INSERT: small enough for a live progress bar, big enough to amortise the statement. */
const CHUNK = 25_000;

/** Shares of the campaign (seed report): resolved at once / transferred / temporary aid. */
const TIER_SHARE = { IMMEDIATE: 7987 / 11526, TRANSFER: 1402 / 11526 };

export class GenerateRefused extends Error {}

export async function generateProvince(c: Client, opts: GenerateOptions): Promise<GenerateSummary> {
  const households = opts.households;
  if (!Number.isSafeInteger(households) || households < 1 || households > 20_000_000) {
    throw new GenerateRefused("households must be an integer from 1 to 20,000,000");
  }
  const months = opts.months ?? 12;
  if (!Number.isInteger(months) || months < 1 || months > 24) throw new GenerateRefused("months must be an integer from 1 to 24");
  const seed = opts.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 2 ** 31) throw new GenerateRefused("seed must be a non-negative integer");
  const today = opts.today ?? todayInChina();
  const emit = opts.onProgress ?? (() => {});
  const started = performance.now();

  // The months of the history, oldest first; the last one ends today.
  const monthStarts = [monthBounds(today).start];
  while (monthStarts.length < months) monthStarts.unshift(monthBounds(monthStarts[0]).previous);
  const periodStart = monthStarts[0];
  const span = daysBetween(periodStart, today); // days after periodStart up to today
  const mid = addDays(periodStart, Math.floor(span / 2));

  const summary: GenerateSummary = {
    today, from: periodStart.slice(0, 7), to: today.slice(0, 7), phases: [], rows: {}, totalMs: 0,
  };
  const count = (table: string, n: number) => (summary.rows[table] = (summary.rows[table] ?? 0) + n);

  /** Run one phase: progress events around it, its time and row count in the summary. */
  async function phase(name: string, unit: string, total: number, fn: (advance: (done: number, total?: number) => void) => Promise<number>) {
    const t0 = performance.now();
    emit({ kind: "start", phase: name, total, unit });
    const done = await fn((d, tot) => emit({ kind: "advance", phase: name, done: d, total: tot ?? total }));
    const ms = performance.now() - t0;
    emit({ kind: "end", phase: name, done, ms });
    summary.phases.push({ phase: name, ms, rows: done, unit });
    return done;
  }

  // bcrypt once, outside the transaction (it is the slow part of making users).
  const passwordHash = await hashPassword(opts.password ?? GENERATED_PASSWORD);

  // temp_buffers can only be set before the session's first temporary table.
  try { await c.query("SET temp_buffers = '256MB'"); } catch { /* already used temp tables: keep the default */ }
  await c.query("BEGIN");
  try {
    await c.query("SET LOCAL work_mem = '256MB'");
    await c.query("SET LOCAL maintenance_work_mem = '1GB'");
    await c.query("SET LOCAL synchronous_commit = off");
    // The generating statements are huge inlined expressions: compiling them costs more than it saves.
    await c.query("SET LOCAL jit = off");
    await c.query("SELECT pg_advisory_xact_lock(hashtext('nuanxin.generate'))");
    const saved = await prepare(c, { append: opts.append ?? false });

    const S = `${int(seed)}::bigint * 1000003`;
    await createFunctions(c, S);
    const T = dateLit(today);
    const P = dateLit(periodStart);

    // ── Villages, townships, staff ──────────────────────────────────────────────────────────
    const hBase = await nextId(c, "household");
    await phase("users", "users", 1, async () => {
      await c.query(`
        CREATE TEMP TABLE gv ON COMMIT DROP AS
        WITH v AS (
          SELECT code, name, rural, (CASE WHEN rural THEN 1.3 ELSE 1.0 END) * (0.35 + 1.3 * pg_temp.u(code::bigint, 1)) AS w
          FROM region WHERE level = 5 AND retired_at IS NULL),
        b AS (SELECT v.*, ${int(households)} * w / sum(w) OVER () AS exact FROM v),
        c AS (SELECT b.*, floor(exact)::int AS base, row_number() OVER (ORDER BY exact - floor(exact) DESC, code) AS rn FROM b),
        d AS (SELECT c.*, base + CASE WHEN rn <= ${int(households)} - sum(base) OVER () THEN 1 ELSE 0 END AS cnt FROM c)
        SELECT code, name, rural, left(code, 9) AS township, cnt, (sum(cnt) OVER (ORDER BY code) - cnt)::int AS first
        FROM d`);
      await c.query(`
        CREATE TEMP TABLE gt ON COMMIT DROP AS
        SELECT r.code AS township, coalesce(sum(v.cnt), 0)::int AS households,
               least(3, greatest(1, ceil(coalesce(sum(v.cnt), 0) / 400.0)))::int AS ncw
        FROM region r LEFT JOIN gv v ON v.township = r.code
        WHERE r.level = 4 AND r.retired_at IS NULL GROUP BY r.code`);
      const users = await c.query(`
        INSERT INTO app_user (username, name, password_hash, role, region_code, department_code)
        SELECT username, name, ${lit(passwordHash)}, role::role, region_code, department_code FROM (
          SELECT 'cw_' || g.township || '_' || k AS username,
                 pg_temp.surname(g.township::bigint * 8 + k) || pg_temp.given(g.township::bigint * 8 + k, pg_temp.u(g.township::bigint * 8 + k, 5) < 0.4, 1985) AS name,
                 'CASEWORKER' AS role, g.township AS region_code, NULL AS department_code
          FROM gt g CROSS JOIN LATERAL generate_series(1, g.ncw) k
          UNION ALL
          SELECT 'sv_' || code, pg_temp.surname(code::bigint * 8) || pg_temp.given(code::bigint * 8, pg_temp.u(code::bigint, 6) < 0.5, 1980),
                 'SUPERVISOR', code, NULL
          FROM region WHERE level = 3 AND retired_at IS NULL
          UNION ALL
          SELECT 'dp_' || r.code || '_' || lower(d.code), pg_temp.surname(r.code::bigint * 64 + d.sort) || pg_temp.given(r.code::bigint * 64 + d.sort, pg_temp.u(r.code::bigint * 64 + d.sort, 7) < 0.5, 1980),
                 'DEPARTMENT', r.code, d.code
          FROM region r CROSS JOIN department d WHERE r.level = 2 AND r.retired_at IS NULL AND d.active
          UNION ALL SELECT ${lit(GENERATED_USERS.provincial)}, '省厅统计员', 'PROVINCIAL', '21', NULL
          UNION ALL SELECT ${lit(GENERATED_USERS.admin)}, '省厅系统管理员', 'ADMIN', '21', NULL
        ) u
        ON CONFLICT (username) DO NOTHING`);
      count("app_user", users.rowCount ?? 0);
      // The staff as lookup tables (existing generated accounts are reused on --append).
      await c.query(`
        CREATE TEMP TABLE gcw ON COMMIT DROP AS
        SELECT split_part(username, '_', 2) AS township, split_part(username, '_', 3)::int AS k, id, name
        FROM app_user WHERE role = 'CASEWORKER' AND username ~ '^cw_[0-9]{9}_[0-9]+$'`);
      await c.query(`
        UPDATE gt SET ncw = x.n FROM (SELECT township, max(k) AS n FROM gcw GROUP BY township) x WHERE x.township = gt.township`);
      await c.query(`
        CREATE TEMP TABLE gsv ON COMMIT DROP AS
        SELECT split_part(username, '_', 2) AS county, id FROM app_user WHERE role = 'SUPERVISOR' AND username ~ '^sv_[0-9]{6}$'`);
      await c.query(`
        CREATE TEMP TABLE gdp ON COMMIT DROP AS
        SELECT region_code AS city, department_code, id FROM app_user
        WHERE role = 'DEPARTMENT' AND username ~ '^dp_[0-9]{4}_'`);
      return users.rowCount ?? 0;
    });
    const adminId = Number((await c.query(`SELECT id FROM app_user WHERE username = ${lit(GENERATED_USERS.admin)}`)).rows[0].id);

    // ── Households (planned in a temp table, with their applications, then inserted) ────────
    // (OFFSET 0 keeps each level a level: flattened, every use of a column repeats its expression.)
    await c.query(`
      CREATE TEMP TABLE gh ON COMMIT DROP AS
      SELECT b.*,
        pg_temp.surname(b.id::bigint * 8 + 1) AS head_surname,
        pg_temp.surname(b.id::bigint * 8 + 1) || pg_temp.given(b.id::bigint * 8 + 1, b.head_male, extract(year FROM ${T})::int - b.head_age) AS head_name,
        b.base_category AS category,
        CASE WHEN b.base_category <> 'NONE' THEN DATE '1900-01-01' END AS roster_since,
        1 AS version,
        b.created_on AS updated_on,
        b.base_category <> 'NONE' AND pg_temp.u(b.id, 27) < 0.04 AS lapsed
      FROM (
        SELECT a.*,
          CASE WHEN a.base_category = 'TEKUN' OR a.app_type = 'TEKUN' THEN 1
               WHEN pg_temp.u(a.id, 22) < 0.22 THEN 1 WHEN pg_temp.u(a.id, 22) < 0.52 THEN 2
               WHEN pg_temp.u(a.id, 22) < 0.80 THEN 3 ELSE 4 END AS member_count,
          pg_temp.u(a.id, 23) < 0.6 AS head_male,
          CASE WHEN a.base_category = 'TEKUN' OR a.app_type = 'TEKUN'
               THEN CASE WHEN pg_temp.u(a.id, 24) < 0.8 THEN pg_temp.i(a.id, 25, 60, 92) ELSE pg_temp.i(a.id, 25, 25, 59) END
               ELSE pg_temp.i(a.id, 25, 28, 86) END AS head_age
        FROM (
          SELECT h.*,
            CASE WHEN h.id = ${int(hBase)} THEN 'DIBAO'
                 WHEN h.base_category = 'NONE' AND pg_temp.u(h.id, 30) < 0.10 THEN
              CASE WHEN pg_temp.u(h.id, 31) < 0.65 THEN 'DIBAO' WHEN pg_temp.u(h.id, 31) < 0.75 THEN 'TEKUN' ELSE 'DIBAO_EDGE' END
            END::application_type AS app_type
          FROM (
            SELECT ${int(hBase - 1)} + v.first + g AS id, v.code AS region_code, v.township, left(v.code, 6) AS county,
                   left(v.code, 4) AS city, v.rural, v.name AS village_name, t.ncw,
                   (CASE WHEN v.first + g = 1 THEN 'NONE'
                         WHEN pg_temp.u(${int(hBase - 1)} + v.first + g, 21) < 0.45 THEN 'DIBAO'
                         WHEN pg_temp.u(${int(hBase - 1)} + v.first + g, 21) < 0.55 THEN 'TEKUN'
                         WHEN pg_temp.u(${int(hBase - 1)} + v.first + g, 21) < 0.70 THEN 'DIBAO_EDGE'
                         WHEN pg_temp.u(${int(hBase - 1)} + v.first + g, 21) < 0.80 THEN 'RIGID_EXPENSE'
                         ELSE 'NONE' END)::assistance_category AS base_category,
                   1 + floor(pg_temp.u(${int(hBase - 1)} + v.first + g, 26) * t.ncw)::int AS cw_k,
                   ${P} - pg_temp.i(${int(hBase - 1)} + v.first + g, 28, 30, 2000) AS created_on
            FROM gv v JOIN gt t ON t.township = v.township CROSS JOIN LATERAL generate_series(1, v.cnt) g
            OFFSET 0
          ) h
          OFFSET 0
        ) a
        OFFSET 0
      ) b`);
    await c.query("ALTER TABLE gh ADD PRIMARY KEY (id)");
    await c.query("ANALYZE gh, gcw, gsv, gdp");

    // Applications, planned now: an approval puts the household on the roster from its decision.
    const aBase = await nextId(c, "application");
    await c.query(`
      CREATE TEMP TABLE ga ON COMMIT DROP AS
      SELECT z.*,
        CASE WHEN z.decided_on <= ${T} THEN CASE WHEN z.approve THEN 'APPROVED' ELSE 'REFUSED' END
             WHEN z.pub_final <= ${T} THEN 'IN_PUBLICITY'
             WHEN z.objected AND z.objection_on <= ${T} AND z.reproposed_on <= ${T} THEN 'PROPOSED'
             WHEN z.objected AND z.objection_on <= ${T} THEN 'ACCEPTED'
             WHEN z.pub1_on <= ${T} THEN 'IN_PUBLICITY'
             WHEN z.proposed_on <= ${T} THEN 'PROPOSED'
             ELSE 'ACCEPTED' END::application_stage AS stage
      FROM (
        SELECT y.*, CASE WHEN y.objected THEN y.pub2_on ELSE y.pub1_on END AS pub_final,
               CASE WHEN y.objected THEN y.pub2_on ELSE y.pub1_on END + ${int(PUBLICITY_DAYS)} + pg_temp.i(y.household_id, 39, 0, 4) AS decided_on
        FROM (
          SELECT x.*, x.objection_on + pg_temp.i(x.household_id, 37, 6, 12) AS reproposed_on,
                 x.objection_on + pg_temp.i(x.household_id, 37, 6, 12) + 1 AS pub2_on
          FROM (
            SELECT w.*, w.pub1_on + pg_temp.i(w.household_id, 36, 1, 4) AS objection_on
            FROM (
              SELECT v.*, v.proposed_on + pg_temp.i(v.household_id, 35, 1, 3) AS pub1_on
              FROM (
                SELECT q.*, q.check_on + pg_temp.i(q.household_id, 34, 1, 4) AS proposed_on
                FROM (
                  SELECT ${int(aBase - 1)} + row_number() OVER (ORDER BY p.accepted_on, p.household_id) AS id, p.*,
                         p.accepted_on + pg_temp.i(p.household_id, 33, 3, 8) + CASE WHEN p.slow THEN pg_temp.i(p.household_id, 38, 8, 20) ELSE 0 END AS check_on
                  FROM (
                    SELECT h.id AS household_id, h.region_code, h.county, h.township, h.rural, h.cw_k, h.member_count, h.app_type AS type,
                           ${P} + pg_temp.i(h.id, 32, 0, ${int(span)}) AS accepted_on,
                           pg_temp.u(h.id, 40) < 0.15 AS slow,
                           pg_temp.u(h.id, 41) < 0.05 AS objected,
                           CASE WHEN h.app_type = 'DIBAO_EDGE' THEN pg_temp.u(h.id, 42) < 0.80 ELSE pg_temp.u(h.id, 42) < 0.76 END AS approve
                    FROM gh h WHERE h.app_type IS NOT NULL
                  ) p
                ) q
              ) v
            ) w
          ) x
        ) y
      ) z`);
    // However small the province, one application is in its publicity now (the first household's).
    await c.query(`
      UPDATE ga SET accepted_on = ${T} - 12, slow = false, objected = false, approve = true, check_on = ${T} - 9, proposed_on = ${T} - 6,
                    pub1_on = ${T} - 3, pub_final = ${T} - 3, decided_on = ${T} + 6, stage = 'IN_PUBLICITY'
      WHERE household_id = ${int(hBase)}`);
    await c.query(`
      UPDATE gh SET category = a.type::text::assistance_category, roster_since = a.decided_on, version = 2, updated_on = a.decided_on
      FROM ga a WHERE a.household_id = gh.id AND a.stage = 'APPROVED'`);

    await phase("households", "rows", households, async (advance) => {
      let done = 0;
      for (let lo = hBase; lo < hBase + households; lo += CHUNK) {
        const hi = Math.min(lo + CHUNK, hBase + households) - 1;
        const r = await c.query(`
          INSERT INTO household (id, region_code, address, phone, category, head_name, member_count, version, created_at, updated_at)
          SELECT id, region_code,
                 CASE WHEN rural THEN village_name || ' ' || pg_temp.i(id, 50, 1, 260) || '号'
                      ELSE village_name || ' ' || pg_temp.i(id, 50, 1, 36) || '号楼' || pg_temp.i(id, 51, 1, 6) || '单元'
                           || pg_temp.i(id, 52, 1, 7) || '0' || pg_temp.i(id, 53, 1, 4) END,
                 CASE WHEN pg_temp.u(id, 54) < 0.1 THEN NULL
                      ELSE '1' || pg_temp.pick(ARRAY['3','5','8','8','3','9','7','6'], id, 55) || lpad(pg_temp.i(id, 56, 0, 999999999)::text, 9, '0') END,
                 category, head_name, member_count, version,
                 pg_temp.at(created_on, pg_temp.i(id, 57, 480, 1020)), pg_temp.at(updated_on, pg_temp.i(id, 58, 480, 1020))
          FROM gh WHERE id BETWEEN ${int(lo)} AND ${int(hi)}`);
        done += r.rowCount ?? 0;
        advance(done);
      }
      count("household", done);
      return done;
    });

    // ── Members ─────────────────────────────────────────────────────────────────────────────
    const mTotal = Number((await c.query("SELECT sum(member_count)::bigint AS n FROM gh")).rows[0].n);
    await phase("members", "rows", mTotal, async (advance) => {
      // Planned in SQL without their ID numbers (gmember0/1); numbered, encrypted and indexed here,
      // so no plaintext number is ever written to the database, not even to a temporary table.
      // What crosses the wire is packed: the plan as one fixed-width text (mk, county, birth date,
      // sex), the ciphertexts and indexes back as one binary parameter each, sliced by position.
      // Pipelined: while PostgreSQL inserts one chunk, Node encrypts the next (two plan tables).
      const tables = ["gmember0", "gmember1"];
      for (const t of tables) await c.query(`CREATE TEMP TABLE ${t} ON COMMIT DROP AS ${memberSelect(T, 0, -1)} WITH NO DATA`);
      const chunks: [number, number][] = [];
      for (let lo = hBase; lo < hBase + households; lo += CHUNK * 2) chunks.push([lo, Math.min(lo + CHUNK * 2, hBase + households) - 1]);
      const plan = async (k: number): Promise<string> => {
        const t = tables[k % 2];
        await c.query(`TRUNCATE ${t}`);
        await c.query(`INSERT INTO ${t} ${memberSelect(T, chunks[k][0], chunks[k][1])}`);
        const packed = await c.query<{ p: string | null }>(`
          SELECT string_agg(lpad(mk::text, ${PLAN_MK}, '0') || county || to_char(birth_date, 'YYYYMMDD') || male::int, '' ORDER BY mk) AS p FROM ${t}`);
        return packed.rows[0].p ?? "";
      };
      // ID numbers: the region-only mask is left(…, 6) || 12 stars (maskIdNumber), i.e. the county here.
      const insert = (k: number, ids: Identities) => c.query(`
        INSERT INTO member (household_id, region_code, name, id_cipher, id_index, id_number_masked, birth_date, male, relation,
                            major_illness, disability_grade, post_compulsory_student, unsupported_child, labour_capacity, created_at, updated_at)
        SELECT g.household_id, g.region_code, g.name,
               substring($1::bytea FROM (g.n::int - 1) * ${CIPHER_BYTES} + 1 FOR ${CIPHER_BYTES}),
               substring($2::bytea FROM (g.n::int - 1) * ${INDEX_BYTES} + 1 FOR ${INDEX_BYTES}),
               g.county || repeat('*', 12), g.birth_date, g.male, g.relation::relation,
               g.major_illness, g.disability_grade, g.student, g.unsupported_child, g.labour::labour_capacity, g.created_at, g.created_at
        FROM (SELECT x.*, row_number() OVER (ORDER BY x.mk) AS n FROM ${tables[k % 2]} x) g`,
        [ids.cipher, ids.index]);
      let done = 0;
      let ids = await identities(opts.idKeys, seed, await plan(0));
      for (let k = 0; k < chunks.length; k++) {
        const next = k + 1 < chunks.length ? await plan(k + 1) : null;
        const inserting = insert(k, ids);
        const nextIds = next === null ? null : await identities(opts.idKeys, seed, next);
        done += (await inserting).rowCount ?? 0;
        advance(done);
        if (nextIds) ids = nextIds;
      }
      count("member", done);
      return done;
    });
    await phase("member ID numbers", "fixed", 1, async () => repairIdNumbers(c, opts.idKeys));

    // What each household is like (for what visits find), and who visits it.
    await c.query(`
      CREATE TEMP TABLE ghv ON COMMIT DROP AS
      SELECT h.id, h.region_code, h.township, h.rural, h.member_count, h.head_name, h.roster_since, h.lapsed, h.cw_k, h.ncw,
             s.cw_ids, s.cw_names,
             coalesce(m.working, false) AS working, coalesce(m.student, false) AS student, coalesce(m.elderly, false) AS elderly,
             coalesce(m.disabled, false) AS disabled, coalesce(m.young, false) AS young
      FROM gh h LEFT JOIN (
        SELECT household_id,
               bool_or(age BETWEEN 18 AND 59) AS working, bool_or(post_compulsory_student OR age BETWEEN 6 AND 15) AS student,
               bool_or(age >= 75) AS elderly, bool_or(disability_grade IS NOT NULL) AS disabled, bool_or(age < 14) AS young
        FROM (SELECT household_id, post_compulsory_student, disability_grade,
                     extract(year FROM age(${T}, birth_date))::int AS age
              FROM member WHERE household_id BETWEEN ${int(hBase)} AND ${int(hBase + households - 1)}) mm
        GROUP BY household_id
      ) m ON m.household_id = h.id
      JOIN (SELECT township, array_agg(id ORDER BY k) AS cw_ids, array_agg(name ORDER BY k) AS cw_names FROM gcw GROUP BY township) s
        ON s.township = h.township`);
    await c.query("ALTER TABLE ghv ADD PRIMARY KEY (id)");
    await c.query("ANALYZE ghv");

    // ── Register (低收入人口信息库) and applications ──────────────────────────────────────────
    await phase("register, applications", "rows", 1, async () => {
      let rows = 0;
      const reg = await c.query(`
        INSERT INTO register_entry (household_id, region_code, category, monthly_amount, from_month, created_at)
        SELECT id, region_code, base_category,
               CASE base_category WHEN 'DIBAO' THEN 50 * pg_temp.i(id, 60, 4, 16) WHEN 'TEKUN' THEN 10 * pg_temp.i(id, 60, 80, 100) END,
               date_trunc('month', created_on)::date, pg_temp.at(created_on, 600)
        FROM gh WHERE base_category <> 'NONE'`);
      count("register_entry", reg.rowCount ?? 0);
      rows += reg.rowCount ?? 0;
      rows += await insertApplications(c, { T, count });
      return rows;
    });

    // ── Visits ──────────────────────────────────────────────────────────────────────────────
    const questionnaire = await c.query<{ version: number; questions: Question[] }>(
      "SELECT version, questions FROM questionnaire_template WHERE active ORDER BY version DESC LIMIT 1");
    if (!questionnaire.rows[0]) throw new GenerateRefused("no active questionnaire: seed the database first (npm run db:seed -- --no-demo)");
    const answers = await createAnswerTables(c, questionnaire.rows[0].questions, seed);
    await c.query(`
      CREATE TEMP TABLE gm ON COMMIT DROP AS
      SELECT idx, start, next - 1 AS last_day
      FROM (SELECT (o - 1) AS idx, d::date AS start, (d + interval '1 month')::date AS next
            FROM unnest(ARRAY[${monthStarts.map(dateLit).join(", ")}]) WITH ORDINALITY AS m(d, o)) x`);
    await c.query(`CREATE TEMP TABLE gfound (visit_id int, household_id int, region_code varchar(12), found_on date,
                     created_by_id int, category text, description text) ON COMMIT DROP`);
    const qVersion = questionnaire.rows[0].version;
    // Temporary tables have no statistics until analysed: without them the planner guesses joins badly.
    await c.query("ANALYZE gm, gfind");
    await phase("visits", "rows", Math.round(households * months * 0.85), async (advance) => {
      let done = 0;
      for (let lo = hBase; lo < hBase + households; lo += CHUNK) {
        const hi = Math.min(lo + CHUNK, hBase + households) - 1;
        const r = await c.query(visitInsert({ T, lo, hi, months, qVersion, answers }));
        done += Number(r.rows[0]?.n ?? 0);
        const fraction = (hi - hBase + 1) / households;
        advance(done, Math.round(done / fraction));
      }
      count("visit", done);
      return done;
    });

    // ── Problems and their resolutions ──────────────────────────────────────────────────────
    const pBase = await nextId(c, "problem");
    const acBase = await nextId(c, "aid_case");
    await phase("problems, transfers, aid", "rows", 1, async () => {
      await planProblems(c, { T, P, span, pBase, acBase });
      let rows = 0;
      for (const [table, sql] of resolutionInserts(T)) {
        const r = await c.query(sql);
        count(table, r.rowCount ?? 0);
        rows += r.rowCount ?? 0;
      }
      return rows;
    });

    await phase("fund ledgers", "rows", 1, async () => {
      const feBase = await nextId(c, "fund_entry");
      const n = await insertLedgers(c, { T, P, mid: dateLit(mid), feBase, adminId });
      count("fund_entry", n);
      return n;
    });

    // The search grams the household and member triggers would have kept (decision 024), before
    // the indexes are back: the GIN index is then built once, on the result.
    await phase("search grams", "households", 1, async () => {
      await c.query("SELECT rebuild_search_grams()");
      // The address grams the suspected-duplicate rule compares (decision 028), likewise.
      await c.query("UPDATE household SET address_grams = nx_grams(address)");
      return 1;
    });

    // ── Put the tables back: indexes, foreign keys, statistics, roll-ups, triggers ──────────
    const nIndexes = saved.reduce((s, x) => s + x.indexes.length, 0);
    await phase("indexes", "indexes", nIndexes, async (advance) => {
      let done = 0;
      for (const s of saved) await restoreIndexes(c, s, () => advance(++done));
      return done;
    });
    const nKeys = saved.reduce((s, x) => s + x.foreignKeys.length, 0);
    await phase("foreign keys (checked)", "keys", nKeys, async (advance) => {
      let done = 0;
      for (const s of saved) await restoreForeignKeys(c, s, () => advance(++done));
      return done;
    });
    for (const table of ["household", "problem", "aid_case", "application", "publicity", "fund_entry"]) await syncSequence(c, table);
    await phase("analyze", "tables", 1, async () => {
      await c.query("ANALYZE household, member, visit, problem, transfer, aid_case, fund_entry, application, publicity, register_entry");
      return 1;
    });
    await phase("roll-ups", "tables", ALL_ROLLUPS.length, async () => {
      await rebuildRollups(c);
      return ALL_ROLLUPS.length;
    });
    // The discovery worklist (decision 023): every household evaluated against the enabled rules, one statement.
    await phase("discovery candidates", "tables", 1, async () => {
      await c.query("SELECT rebuild_discovery_candidates($1::date)", [today]);
      await c.query("ANALYZE discovery_candidate, stat_discovery");
      return 1;
    });
    for (const table of TRIGGER_TABLES) await c.query(`ALTER TABLE "${table}" ENABLE TRIGGER USER`);
    summary.totalMs = performance.now() - started;
    await c.query(
      `INSERT INTO audit_log (actor_id, action, entity, after) VALUES ($1, 'generate.province', 'system', $2)`,
      [adminId, JSON.stringify({ households, months, seed, today, rows: summary.rows })],
    );
    await phase("commit", "tx", 1, async () => {
      await c.query("COMMIT");
      return 1;
    });
  } catch (error) {
    await c.query("ROLLBACK").catch(() => {});
    throw error;
  }

  // Outside the transaction: the visibility map (index-only scans) and fresh statistics.
  await phase("vacuum analyze", "tables", REINDEXED_TABLES.length + 3, async (advance) => {
    let done = 0;
    for (const table of [...REINDEXED_TABLES, "problem", "transfer", "fund_entry"]) {
      await c.query(`VACUUM (ANALYZE) "${table}"`);
      advance(++done);
    }
    return done;
  });
  summary.totalMs = performance.now() - started;
  return summary;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Preconditions, locks, triggers off, big tables' indexes and foreign keys out of the way. */
async function prepare(c: Client, opts: { append: boolean }): Promise<SavedTable[]> {
  const villages = Number((await c.query("SELECT count(*) AS n FROM region WHERE level = 5 AND retired_at IS NULL")).rows[0].n);
  if (villages === 0) throw new GenerateRefused("the region table is empty: seed the database first (npm run db:seed -- --no-demo)");
  const departments = Number((await c.query("SELECT count(*) AS n FROM department WHERE active")).rows[0].n);
  if (departments === 0) throw new GenerateRefused("no departments: seed the database first (npm run db:seed -- --no-demo)");
  const existing = Number((await c.query("SELECT count(*) AS n FROM (SELECT 1 FROM household LIMIT 1) x")).rows[0].n);
  if (existing > 0 && !opts.append) {
    throw new GenerateRefused("the database already has households; pass append to add a generated province to them");
  }
  // Every city fund and township reserve exists (the seed makes them; a partial seed may not have).
  await c.query(`
    INSERT INTO fund (kind, region_code, name)
    SELECT 'CITY_FUND'::fund_kind, code, name || '社会救助基金' FROM region WHERE level = 2 AND retired_at IS NULL
    UNION ALL
    SELECT 'TOWNSHIP_RESERVE'::fund_kind, code, name || '临时救助备用金' FROM region WHERE level = 4 AND retired_at IS NULL
    ON CONFLICT (kind, region_code) DO NOTHING`);
  for (const table of TRIGGER_TABLES) await c.query(`ALTER TABLE "${table}" DISABLE TRIGGER USER`);
  const saved: SavedTable[] = [];
  for (const table of REINDEXED_TABLES) saved.push(await dropSecondary(c, table));
  return saved;
}

/**
 * Deterministic randomness and small helpers, as temporary SQL functions (gone with the
 * session). Simple SQL functions are inlined by the planner, so they cost what the expression does.
 */
async function createFunctions(c: Client, seedExpr: string) {
  const fns = [
    // A uniform number in [0, 1) from a key and a salt (one salt per decision).
    `CREATE FUNCTION pg_temp.u(k bigint, salt int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT (hashint8extended(k, ${seedExpr} + salt) & 2147483647)::float8 / 2147483648.0 $$`,
    `CREATE FUNCTION pg_temp.i(k bigint, salt int, lo int, hi int) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT lo + floor(pg_temp.u(k, salt) * (hi - lo + 1))::int $$`,
    `CREATE FUNCTION pg_temp.pick(a text[], k bigint, salt int) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT a[1 + floor(pg_temp.u(k, salt) * cardinality(a))::int] $$`,
    // An instant in China on a day, `minutes` after midnight, never later than now.
    `CREATE FUNCTION pg_temp.at(d date, minutes int) RETURNS timestamptz LANGUAGE sql STABLE
       AS $$ SELECT least((d + make_interval(mins => minutes)) AT TIME ZONE 'Asia/Shanghai', now()) $$`,
    // Surnames: frequent ones first, drawn with a bias towards the front.
    `CREATE FUNCTION pg_temp.surname(k bigint) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT (${textArray(V.SURNAMES)})[1 + floor(pg_temp.u(k, 901) ^ 2 * ${V.SURNAMES.length})::int] $$`,
    `CREATE FUNCTION pg_temp.given(k bigint, male boolean, born int) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT CASE WHEN pg_temp.u(k, 902) < 0.2 THEN '' ELSE
                      CASE WHEN born < 1975 THEN CASE WHEN male THEN pg_temp.pick(${textArray(V.GIVEN.oldMale[0])}, k, 903)
                                                      ELSE pg_temp.pick(${textArray(V.GIVEN.oldFemale[0])}, k, 903) END
                           ELSE CASE WHEN male THEN pg_temp.pick(${textArray(V.GIVEN.youngMale[0])}, k, 903)
                                     ELSE pg_temp.pick(${textArray(V.GIVEN.youngFemale[0])}, k, 903) END END END
                 || CASE WHEN born < 1975 THEN CASE WHEN male THEN pg_temp.pick(${textArray(V.GIVEN.oldMale[1])}, k, 904)
                                                    ELSE pg_temp.pick(${textArray(V.GIVEN.oldFemale[1])}, k, 904) END
                         ELSE CASE WHEN male THEN pg_temp.pick(${textArray(V.GIVEN.youngMale[1])}, k, 904)
                                   ELSE pg_temp.pick(${textArray(V.GIVEN.youngFemale[1])}, k, 904) END END $$`,
  ];
  for (const sql of fns) await c.query(sql);
}

/**
 * Members of households lo..hi: the head as planned, then a spouse, children, a parent or
 * grandchildren. Each level computes a few columns the next reads; OFFSET 0 keeps the planner from
 * flattening the levels, which would copy every expression into each place that uses it.
 */
function memberSelect(T: string, lo: number, hi: number): string {
  return `
    SELECT household_id, region_code, county, mk, name, birth_date, male, relation,
           major_illness, disability_grade, student, unsupported_child, labour, created_at
    FROM (
        SELECT e.*,
          CASE WHEN e.age BETWEEN 18 AND 59 AND NOT e.student THEN
            CASE WHEN e.disability_grade <= 2 THEN 'NONE'
                 WHEN e.disability_grade IS NOT NULL OR e.major_illness THEN
                   CASE WHEN pg_temp.u(e.mk, 40) < 0.5 THEN 'PARTIAL' WHEN pg_temp.u(e.mk, 40) < 0.65 THEN 'NONE' ELSE 'NOT_ASSESSED' END
                 WHEN pg_temp.u(e.mk, 40) < 0.08 THEN 'FULL' ELSE 'NOT_ASSESSED' END
            ELSE 'NOT_ASSESSED' END AS labour
        FROM (
          SELECT d.*,
            (${T} - make_interval(years => d.age))::date - pg_temp.i(d.mk, 33, 0, 364) AS birth_date,
            CASE WHEN d.relation = 'HEAD' AND d.base_category = 'TEKUN' AND d.age < 60 THEN pg_temp.i(d.mk, 35, 1, 2)
                 WHEN pg_temp.u(d.mk, 34) < 0.065 THEN CASE WHEN pg_temp.u(d.mk, 35) < 0.5 THEN pg_temp.i(d.mk, 36, 1, 2) ELSE pg_temp.i(d.mk, 36, 3, 4) END
            END AS disability_grade,
            (d.relation = 'HEAD' AND d.base_category = 'RIGID_EXPENSE')
              OR pg_temp.u(d.mk, 37) < CASE WHEN d.age >= 40 THEN 0.075 WHEN d.age >= 18 THEN 0.03 ELSE 0.01 END AS major_illness,
            d.age BETWEEN 16 AND 22 AND pg_temp.u(d.mk, 38) < CASE WHEN d.age <= 18 THEN 0.75 ELSE 0.45 END AS student,
            d.relation = 'GRANDCHILD' AND d.age < 18 AND pg_temp.u(d.mk, 41) < 0.3 AS unsupported_child,
            CASE WHEN d.relation = 'HEAD' THEN d.head_name
                 WHEN d.relation IN ('CHILD', 'GRANDCHILD') AND d.head_male THEN d.head_surname || pg_temp.given(d.mk, d.male, extract(year FROM ${T})::int - d.age)
                 ELSE pg_temp.surname(d.mk) || pg_temp.given(d.mk, d.male, extract(year FROM ${T})::int - d.age) END AS name
        FROM (
          SELECT c.*,
            CASE c.relation WHEN 'HEAD' THEN c.head_age
                 WHEN 'SPOUSE' THEN greatest(20, least(95, c.head_age + pg_temp.i(c.mk, 31, -5, 5)))
                 WHEN 'CHILD' THEN greatest(0, c.head_age - 22 - pg_temp.i(c.mk, 31, 0, 18))
                 WHEN 'PARENT' THEN least(96, c.head_age + pg_temp.i(c.mk, 31, 22, 32))
                 ELSE least(17, greatest(0, c.head_age - 46 - pg_temp.i(c.mk, 31, 0, 12))) END AS age,
            CASE c.relation WHEN 'HEAD' THEN c.head_male WHEN 'SPOUSE' THEN NOT c.head_male ELSE pg_temp.u(c.mk, 32) < 0.5 END AS male
          FROM (
            SELECT h.id AS household_id, h.region_code, h.county, h.base_category, h.head_age, h.head_male, h.head_name, h.head_surname,
                   h.id::bigint * 8 + k AS mk, pg_temp.at(h.created_on, 600) AS created_at,
                   CASE WHEN k = 1 THEN 'HEAD'
                        WHEN k = 2 THEN CASE WHEN pg_temp.u(h.id::bigint * 8 + k, 30) < 0.70 THEN 'SPOUSE'
                                             WHEN pg_temp.u(h.id::bigint * 8 + k, 30) < 0.88 OR h.head_age > 62 THEN 'CHILD' ELSE 'PARENT' END
                        ELSE CASE WHEN h.head_age >= 56 AND pg_temp.u(h.id::bigint * 8 + k, 30) < 0.5 THEN 'GRANDCHILD' ELSE 'CHILD' END
                   END AS relation
            FROM gh h CROSS JOIN LATERAL generate_series(1, h.member_count) k
            WHERE h.id BETWEEN ${int(lo)} AND ${int(hi)} OFFSET 0
          ) c OFFSET 0
        ) d OFFSET 0
      ) e OFFSET 0
    ) f`;
}

/**
 * ID numbers of planned members: county, birth date, a sequence number drawn from the seed and
 * the member's key (odd for men, GB 11643), the check character; stored only as ciphertext, blind
 * index and the region-only mask.
 */
/** Width of the member key in the packed plan (ids up to 20M households × 8 fit in 10 digits). */
const PLAN_MK = 10;
/** One planned member in the packed plan: mk, county (6), birth date YYYYMMDD (8), sex (1). */
const PLAN_RECORD = PLAN_MK + 6 + 8 + 1;
type Identities = { cipher: Buffer; index: Buffer };

/**
 * ID numbers of planned members (the packed plan, in mk order): county, birth date, a sequence
 * number drawn from the seed and the member's key (odd for men, GB 11643), the check character;
 * returned only as ciphertexts and blind indexes, each packed in one buffer in the same order.
 */
async function identities(keys: IdKeys, seed: number, plan: string): Promise<Identities> {
  const n = plan.length / PLAN_RECORD;
  const cipher = Buffer.allocUnsafe(n * CIPHER_BYTES);
  const index = Buffer.allocUnsafe(n * INDEX_BYTES);
  for (let r = 0; r < n; r++) {
    // Yield now and then, so the socket sends the INSERT running meanwhile and reads its answer.
    if (r % 2000 === 1999) await new Promise((resolve) => setImmediate(resolve));
    const at = r * PLAN_RECORD;
    const mk = Number(plan.slice(at, at + PLAN_MK));
    const male = plan[at + PLAN_RECORD - 1] === "1";
    const seq = 2 * (mix(seed, mk) % 500) + (male ? 1 : 0);
    const first17 = plan.slice(at + PLAN_MK, at + PLAN_RECORD - 1) + String(seq).padStart(3, "0");
    const id = first17 + checkCharacter(first17);
    sealIdNumber(keys, id).copy(cipher, r * CIPHER_BYTES);
    blindIndex(keys, id).copy(index, r * INDEX_BYTES);
  }
  return { cipher, index };
}

/** A 32-bit hash of (seed, key) (murmur3's finaliser): same seed, same numbers. */
function mix(seed: number, key: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ (key | 0) ^ Math.imul(Math.floor(key / 2 ** 32), 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * ID numbers are drawn at random (county, birth date, sequence), like real ones: a few collide with
 * each other or with numbers already in the table — seen by equal blind indexes, since only those
 * are stored. Give each later duplicate a free sequence number of the same sex (free: its blind
 * index under every index key is in no row); returns how many were changed.
 */
async function repairIdNumbers(c: Client, keys: IdKeys): Promise<number> {
  const dups = await c.query<{ id: number; id_cipher: Buffer }>(`
    SELECT m.id, m.id_cipher FROM member m
    JOIN (SELECT id_index, min(id) AS keep FROM member GROUP BY id_index HAVING count(*) > 1) d
      ON d.id_index = m.id_index AND m.id <> d.keep`);
  if (dups.rows.length === 0) return 0;
  // Every other number of the same sex with the same first 14 characters, and which are taken.
  const numbers = dups.rows.map((r) => openIdNumber(keys, r.id_cipher));
  const candidates = new Map<string, string>(); // blind index (hex, any key) → number
  for (const n of numbers) {
    for (let s = Number(n[16]) % 2; s < 1000; s += 2) {
      const first17 = n.slice(0, 14) + String(s).padStart(3, "0");
      const id = first17 + checkCharacter(first17);
      for (const b of blindIndexCandidates(keys, id)) candidates.set(b.toString("hex"), id);
    }
  }
  const takenRows = await c.query<{ x: string }>(
    "SELECT encode(x, 'hex') AS x FROM unnest($1::bytea[]) AS x WHERE EXISTS (SELECT 1 FROM member m WHERE m.id_index = x)",
    [[...candidates.keys()].map((x) => Buffer.from(x, "hex"))]);
  const taken = new Set(takenRows.rows.map((r) => candidates.get(r.x)!));
  const ids: number[] = [];
  const fresh: string[] = [];
  dups.rows.forEach((r, k) => {
    const n = numbers[k];
    let found: string | null = null;
    for (let s = Number(n[16]) % 2; s < 1000 && !found; s += 2) {
      const first17 = n.slice(0, 14) + String(s).padStart(3, "0");
      const id = first17 + checkCharacter(first17);
      if (!taken.has(id)) found = id;
    }
    if (!found) throw new Error(`no free ID sequence number for ${maskIdNumber(n)} (member ${r.id})`);
    taken.add(found);
    ids.push(r.id);
    fresh.push(found);
  });
  await c.query(
    `UPDATE member m SET id_cipher = x.c, id_index = x.i
     FROM unnest($1::int[], $2::bytea[], $3::bytea[]) AS x(id, c, i) WHERE m.id = x.id`,
    [ids, fresh.map((n) => sealIdNumber(keys, n)), fresh.map((n) => blindIndex(keys, n))]);
  return ids.length;
}

function checkCharacter(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
  return "10X98765432"[sum % 11];
}

/** Applications with their checklist, economic check, publicity (and objections); approvals enter the register. */
async function insertApplications(c: Client, { T, count }: { T: string; count: (t: string, n: number) => void }): Promise<number> {
  let rows = 0;
  const add = (table: string, n: number | null) => { count(table, n ?? 0); rows += n ?? 0; };
  const r = await c.query(`
    INSERT INTO application (id, household_id, region_code, type, stage, accepted_on, extended, proposal, proposed_amount, proposal_reason,
                             decided_amount, start_month, decision_reason, decided_by_id, decided_on, decision_working_days,
                             confirmed_by_township, created_by_id, created_at, version)
    SELECT a.id, a.household_id, a.region_code, a.type, a.stage, a.accepted_on,
           a.slow AND pg_temp.u(a.household_id, 43) < 0.5,
           CASE WHEN a.stage IN ('PROPOSED', 'IN_PUBLICITY', 'APPROVED', 'REFUSED') THEN CASE WHEN a.approve THEN 'GRANT' ELSE 'REFUSE' END END::proposal,
           CASE WHEN a.stage IN ('PROPOSED', 'IN_PUBLICITY', 'APPROVED', 'REFUSED') AND a.approve THEN a.amount END,
           CASE WHEN a.stage IN ('PROPOSED', 'IN_PUBLICITY', 'APPROVED', 'REFUSED') THEN
             CASE WHEN a.approve THEN ${lit(V.APPLICATION_TEXTS.grant)} ELSE ${lit(V.APPLICATION_TEXTS.refuse)} END END,
           CASE WHEN a.stage = 'APPROVED' THEN a.amount END,
           CASE WHEN a.stage = 'APPROVED' THEN (date_trunc('month', a.decided_on) + interval '1 month')::date END,
           CASE a.stage WHEN 'APPROVED' THEN ${lit(V.APPLICATION_TEXTS.approve)} WHEN 'REFUSED' THEN ${lit(V.APPLICATION_TEXTS.refuseDecision)} END,
           CASE WHEN a.stage IN ('APPROVED', 'REFUSED') THEN CASE WHEN coalesce(s.delegated_confirmation, false) THEN cw.id ELSE sv.id END END,
           CASE WHEN a.stage IN ('APPROVED', 'REFUSED') THEN a.decided_on END,
           CASE WHEN a.stage IN ('APPROVED', 'REFUSED') THEN working_days_between(a.accepted_on, a.decided_on) END,
           a.stage IN ('APPROVED', 'REFUSED') AND coalesce(s.delegated_confirmation, false),
           cw.id, pg_temp.at(a.accepted_on, pg_temp.i(a.household_id, 44, 510, 990)),
           CASE a.stage WHEN 'ACCEPTED' THEN CASE WHEN a.objected AND a.objection_on <= ${T} THEN 4 ELSE 1 END
                        WHEN 'PROPOSED' THEN CASE WHEN a.objected AND a.objection_on <= ${T} THEN 5 ELSE 2 END
                        WHEN 'IN_PUBLICITY' THEN CASE WHEN a.objected AND a.objection_on <= ${T} THEN 6 ELSE 3 END
                        ELSE CASE WHEN a.objected THEN 7 ELSE 4 END END
    FROM (
      SELECT ga.*,
        (CASE ga.type WHEN 'TEKUN' THEN 10 * pg_temp.i(ga.household_id, 45, 80, 100)
                      WHEN 'DIBAO' THEN 10 * pg_temp.i(ga.household_id, 45, 15, 70) * ga.member_count
                      ELSE 10 * pg_temp.i(ga.household_id, 45, 5, 20) END)::numeric(10, 2) AS amount
      FROM ga) a
    JOIN gcw cw ON cw.township = a.township AND cw.k = a.cw_k
    LEFT JOIN gsv sv ON sv.county = a.county
    LEFT JOIN county_setting s ON s.county_code = a.county`);
  add("application", r.rowCount);

  // 容缺受理: each document of the type's checklist; a missing one has a deadline, and is in (or
  // waived) before any decision.
  const docs = Object.entries(DOCUMENTS).flatMap(([type, kinds]) => kinds.map((kind, i) => `(${lit(type)}, ${i + 1}, ${lit(kind)})`));
  const d = await c.query(`
    INSERT INTO application_document (application_id, kind, missing, due_on, received_on, waived_reason, waived_by_id)
    SELECT a.id, k.kind, x.missing,
           CASE WHEN x.missing THEN a.accepted_on + 15 END,
           CASE WHEN NOT x.missing THEN a.accepted_on
                WHEN x.waive THEN NULL
                WHEN a.stage IN ('APPROVED', 'REFUSED') THEN least(x.arrives, a.decided_on - 1)
                WHEN x.arrives <= ${T} THEN x.arrives END,
           CASE WHEN x.missing AND x.waive THEN ${lit(V.APPLICATION_TEXTS.waived)} END,
           CASE WHEN x.missing AND x.waive THEN sv.id END
    FROM ga a
    JOIN (VALUES ${docs.join(", ")}) AS k(type, n, kind) ON k.type = a.type::text
    LEFT JOIN gsv sv ON sv.county = a.county
    CROSS JOIN LATERAL (
      SELECT pg_temp.u(a.id::bigint * 16 + k.n, 46) < CASE WHEN a.slow THEN 0.5 ELSE 0.2 END AS missing,
             a.accepted_on + pg_temp.i(a.id::bigint * 16 + k.n, 47, 3, 25) AS arrives,
             pg_temp.u(a.id::bigint * 16 + k.n, 48) < 0.06 AND (a.stage IN ('APPROVED', 'REFUSED') OR a.accepted_on + 10 <= ${T}) AS waive
    ) x`);
  add("application_document", d.rowCount);

  // 家庭经济状况核对 against the standard in force on the acceptance day: under it when granted.
  // The applicants' members in one pass (member's indexes are rebuilt only at the end of the load).
  await c.query(`
    CREATE TEMP TABLE gam ON COMMIT DROP AS
    SELECT m.household_id, min(m.id) FILTER (WHERE m.relation = 'HEAD') AS head_id, min(m.name) FILTER (WHERE m.relation = 'HEAD') AS head_name,
           coalesce(jsonb_agg(jsonb_build_object('memberId', m.id, 'name', m.name, 'monthlyIncome', '0.00') ORDER BY m.id)
                    FILTER (WHERE m.relation <> 'HEAD'), '[]'::jsonb) AS others
    FROM member m JOIN ga a ON a.household_id = m.household_id GROUP BY m.household_id`);
  const e = await c.query(`
    INSERT INTO economic_check (application_id, incomes, assets, household_size, monthly_income, income_per_head,
                                standard_id, standard_amount, tekun_conditions, eligible, checked_on, created_by_id, created_at)
    SELECT a.id,
           jsonb_build_array(jsonb_build_object('memberId', m.head_id, 'name', m.head_name,
             'monthlyIncome', to_char(a.per_head * a.member_count, 'FM999999990.00'))) || m.others,
           '[]'::jsonb, a.member_count, a.per_head * a.member_count, a.per_head,
           a.standard_id, a.standard_amount,
           CASE WHEN a.type = 'TEKUN' THEN jsonb_build_object('noWorkCapacity', true, 'noIncome', a.approve, 'noSupporter', a.approve) END,
           a.approve, a.check_on, cw.id, pg_temp.at(a.check_on, 660)
    FROM (
      SELECT g.*, st.id AS standard_id, st.monthly_amount AS standard_amount,
             CASE WHEN g.type = 'TEKUN' THEN CASE WHEN g.approve THEN 0 ELSE 10 * pg_temp.i(g.id, 49, 20, 60) END
                  WHEN g.approve THEN round(coalesce(st.monthly_amount, 600) * (0.15 + 0.6 * pg_temp.u(g.id, 49)))
                  ELSE round(coalesce(st.monthly_amount, 600) * (1.05 + 0.7 * pg_temp.u(g.id, 49))) END::numeric(12, 2) AS per_head
      FROM ga g
      LEFT JOIN LATERAL (
        SELECT s.id, s.monthly_amount FROM assistance_standard s
        WHERE s.city_code = left(g.region_code, 4) AND s.area = CASE WHEN g.rural THEN 'RURAL' ELSE 'URBAN' END::area_kind
          AND s.type = g.type AND s.effective_from <= g.accepted_on AND (s.effective_to IS NULL OR s.effective_to > g.accepted_on)
        ORDER BY s.effective_from DESC LIMIT 1) st ON true
      WHERE g.check_on <= ${T}
    ) a
    JOIN gcw cw ON cw.township = a.township AND cw.k = a.cw_k
    JOIN gam m ON m.household_id = a.household_id`);
  add("economic_check", e.rowCount);

  // 公示: 7 days in the village; an objection sends it back, and a second one follows.
  const pubBase = await nextId(c, "publicity");
  const p = await c.query(`
    INSERT INTO publicity (id, application_id, region_code, level, starts_on, ends_on, outcome, created_by_id, created_at)
    SELECT ${int(pubBase - 1)} + row_number() OVER (ORDER BY x.starts_on, x.application_id, x.n), x.application_id, x.region_code, 1,
           x.starts_on, x.starts_on + ${int(PUBLICITY_DAYS - 1)}, x.outcome::publicity_outcome, x.created_by_id, pg_temp.at(x.starts_on, 540)
    FROM (
      SELECT a.id AS application_id, a.region_code, 1 AS n, a.pub1_on AS starts_on, cw.id AS created_by_id,
             CASE WHEN a.objected AND a.objection_on <= ${T} THEN 'OBJECTED'
                  WHEN a.stage IN ('APPROVED', 'REFUSED') THEN 'PASSED' ELSE 'RUNNING' END AS outcome
      FROM ga a JOIN gcw cw ON cw.township = a.township AND cw.k = a.cw_k
      WHERE a.pub1_on <= ${T}
      UNION ALL
      SELECT a.id, a.region_code, 2, a.pub2_on, cw.id, CASE WHEN a.stage IN ('APPROVED', 'REFUSED') THEN 'PASSED' ELSE 'RUNNING' END
      FROM ga a JOIN gcw cw ON cw.township = a.township AND cw.k = a.cw_k
      WHERE a.objected AND a.pub2_on <= ${T}
    ) x`);
  add("publicity", p.rowCount);
  const o = await c.query(`
    INSERT INTO objection (publicity_id, received_on, raised_by, content, created_by_id, created_at)
    SELECT p.id, a.objection_on, ${lit(V.APPLICATION_TEXTS.objectionBy)}, ${lit(V.APPLICATION_TEXTS.objection)}, p.created_by_id,
           pg_temp.at(a.objection_on, 600)
    FROM publicity p JOIN ga a ON a.id = p.application_id WHERE p.outcome = 'OBJECTED' AND p.id >= ${int(pubBase)}`);
  add("objection", o.rowCount);

  // Approval: the register's new period, from the month after the decision.
  const reg = await c.query(`
    INSERT INTO register_entry (household_id, region_code, category, monthly_amount, from_month, application_id, created_at)
    SELECT a.household_id, a.region_code, a.type::text::assistance_category, ap.decided_amount, ap.start_month, a.id, pg_temp.at(a.decided_on, 900)
    FROM ga a JOIN application ap ON ap.id = a.id WHERE a.stage = 'APPROVED'`);
  add("register_entry", reg.rowCount);
  return rows;
}

type Question = { key: string; kind: "choice" | "text"; options?: { value: string }[]; required?: boolean };

/**
 * Answer sets for the active questionnaire: 32 quiet ones (mostly the calm answers, as the
 * campaign's visits mostly were), and per finding the answer that reveals it. Only keys and values
 * the stored questionnaire has are used, so the answers always fit the version they are filed under.
 */
type AnswerSets = { quiet: Record<string, string>[]; findings: { idx: number; category: string; needs: string; answer: Record<string, string>; text: string }[] };

async function createAnswerTables(c: Client, questions: Question[], seed: number): Promise<AnswerSets> {
  const next = mulberry32(seed + 17);
  const choice = new Map(questions.filter((q) => q.kind === "choice").map((q) => [q.key, new Set((q.options ?? []).map((o) => o.value))]));
  const variants: Record<string, string>[] = [];
  for (let k = 0; k < 32; k++) {
    const a: Record<string, string> = {};
    for (const q of questions) {
      if (q.kind === "text") {
        a[q.key] = next() < 0.08 ? V.REQUESTS[Math.floor(next() * V.REQUESTS.length)] : "";
        continue;
      }
      const options = q.options ?? [];
      const table = (V.QUIET_ANSWERS[q.key] ?? []).filter(([v]) => choice.get(q.key)?.has(v));
      if (table.length === 0) {
        if (options[0]) a[q.key] = options[0].value;
        continue;
      }
      let r = next() * table.reduce((s, [, w]) => s + w, 0);
      a[q.key] = table[table.length - 1][0];
      for (const [v, w] of table) if ((r -= w) < 0) { a[q.key] = v; break; }
    }
    variants.push(a);
  }

  const findings = V.FINDINGS.flatMap((f) => f.texts.map((text) => {
    const answer: Record<string, string> = {};
    if (choice.get(f.answer[0])?.has(f.answer[1])) answer[f.answer[0]] = f.answer[1];
    if (choice.get("livingChange")?.has("worse")) answer.livingChange = "worse";
    return { category: f.category, needs: f.needs, answer, text };
  })).map((f, i) => ({ idx: i + 1, ...f }));
  await c.query(`CREATE TEMP TABLE gfind (idx int PRIMARY KEY, category text, needs text, answer jsonb, text text UNIQUE) ON COMMIT DROP`);
  await c.query(
    `INSERT INTO gfind SELECT x.idx, x.category, x.needs, x.answer, x.text
     FROM jsonb_to_recordset($1::jsonb) AS x(idx int, category text, needs text, answer jsonb, text text)`,
    [JSON.stringify(findings)]);
  return { quiet: variants, findings };
}

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Visits of households lo..hi over the months: a roster household (category ≠ NONE) monthly
 * (每月入户一次) with a few months missed and a few follow-up visits, others now and then; some
 * registered households missed the last two months (overdue on the roster). About 1 visit in 85
 * finds a problem; those visits are noted in gfound. Returns the number of visits.
 */
function visitInsert({ T, lo, hi, months, qVersion, answers }: {
  T: string; lo: number; hi: number; months: number; qVersion: number; answers: AnswerSets;
}): string {
  const quiet = textArray(V.QUIET_FINDINGS);
  // Looked up by subscript in constant arrays: cheaper than a join for every one of millions of rows.
  const quietAnswers = `ARRAY[${answers.quiet.map((a) => `${lit(JSON.stringify(a))}::jsonb`).join(", ")}]`;
  const findingAnswers = `ARRAY[${answers.findings.map((f) => `${lit(JSON.stringify(f.answer))}::jsonb`).join(", ")}]`;
  const findingTexts = textArray(answers.findings.map((f) => f.text));
  return `
    WITH ins AS (
      INSERT INTO visit (household_id, region_code, visited_on, visitors, people_met, questionnaire_version, answers, findings,
                         idempotency_key, recorded_by_id, on_roster, created_at)
      SELECT x.id, x.region_code, x.visited_on,
             x.cw_names[x.rec_k] || '、' || CASE WHEN x.rural THEN '村干部' ELSE pg_temp.pick(ARRAY['社区干部', '网格员'], x.key, 62) END,
             CASE WHEN x.member_count > 1 AND pg_temp.u(x.key, 63) < 0.35 THEN x.head_name || '等' ELSE x.head_name END,
             ${int(qVersion)},
             CASE WHEN x.fidx IS NOT NULL THEN (${quietAnswers})[x.qk + 1] || (${findingAnswers})[x.fidx]
                  WHEN pg_temp.u(x.key, 64) < 0.88 THEN (${quietAnswers})[x.qk + 1] ELSE '{}'::jsonb END,
             CASE WHEN x.fidx IS NOT NULL THEN (${findingTexts})[x.fidx] ELSE pg_temp.pick(${quiet}, x.key, 65) END,
             gen_random_uuid(), x.cw_ids[x.rec_k], coalesce(x.visited_on >= x.roster_since, false),
             pg_temp.at(x.visited_on, pg_temp.i(x.key, 66, 510, 1080))
      FROM (
        SELECT w.*,
          CASE WHEN pg_temp.u(w.key, 50) < 0.012 THEN
            (SELECT fi.idx FROM gfind fi
             WHERE fi.needs = '' OR (fi.needs = 'working' AND w.working) OR (fi.needs = 'student' AND w.student)
                OR (fi.needs = 'elderly' AND w.elderly) OR (fi.needs = 'disabled' AND w.disabled) OR (fi.needs = 'young' AND w.young)
             ORDER BY pg_temp.u(w.key * 64 + fi.idx, 51) LIMIT 1)
          END AS fidx,
          CASE WHEN pg_temp.u(w.key, 42) < 0.85 THEN w.cw_k ELSE 1 + floor(pg_temp.u(w.key, 43) * w.ncw)::int END AS rec_k,
          floor(pg_temp.u(w.key, 44) * 32)::int AS qk
        FROM (
          -- Every household × month × (first visit, follow-up): whether it happened, and on which day.
          SELECT h.*, m.idx, n.k, h.id::bigint * 64 + m.idx * 2 + n.k AS key,
                 h.roster_since IS NOT NULL AND h.roster_since <= m.last_day AS roster_month,
                 m.start + pg_temp.i(h.id::bigint * 64 + m.idx * 2 + n.k, 41, 0, m.last_day - m.start) AS visited_on
          FROM ghv h CROSS JOIN gm m CROSS JOIN (VALUES (0), (1)) AS n(k)
          WHERE h.id BETWEEN ${int(lo)} AND ${int(hi)} AND NOT (h.lapsed AND m.idx >= ${int(months - 2)})
          OFFSET 0
        ) w
        WHERE w.visited_on <= ${T}
          AND pg_temp.u(w.key, 40) < CASE WHEN w.k = 0 THEN CASE WHEN w.roster_month THEN 0.95 ELSE 0.33 END
                                         ELSE CASE WHEN w.roster_month THEN 0.10 ELSE 0.02 END END
        OFFSET 0
      ) x
      RETURNING id, household_id, region_code, visited_on, recorded_by_id, findings
    ), found AS (
      INSERT INTO gfound SELECT ins.id, ins.household_id, ins.region_code, ins.visited_on, ins.recorded_by_id, f.category, f.text
      FROM ins JOIN gfind f ON f.text = ins.findings
    )
    SELECT count(*) AS n FROM ins`;
}

/**
 * Every problem and the course it took (gp): found on a visit (or reported by a grid worker, the
 * hotline or the household), a tier drawn in the campaign's proportions, how long it took, and
 * where it stands today: resolved, still open, transferred (returned once for some), or waiting
 * for the county's sign-off. About 4% get stuck, which is where overdue work comes from.
 */
async function planProblems(c: Client, { T, P, span, pBase, acBase }: { T: string; P: string; span: number; pBase: number; acBase: number }) {
  const reporters = Object.entries(V.REPORTERS);
  await c.query("ANALYZE gfound");
  await c.query(`
    CREATE TEMP TABLE gp0 ON COMMIT DROP AS
    SELECT visit_id, household_id, region_code, found_on, created_by_id, 'VISIT' AS source, NULL::text AS reporter, category, description
    FROM gfound
    UNION ALL
    SELECT NULL, h.id, h.region_code, ${P} + pg_temp.i(h.id, 71, 0, ${int(span)}), cw.id, r.source, r.reporter, f.category, f.text
    FROM ghv h
    JOIN gcw cw ON cw.township = h.township AND cw.k = h.cw_k
    JOIN gfind f ON f.idx = 1 + floor(pg_temp.u(h.id, 72) * 8)::int
    CROSS JOIN LATERAL (
      SELECT src AS source, pg_temp.pick(names, h.id, 74) AS reporter
      FROM (VALUES ${reporters.map(([s, names]) => `(${lit(s)}, ${textArray(names)})`).join(", ")}) AS x(src, names)
      ORDER BY pg_temp.u(h.id * 4 + length(src), 73) LIMIT 1
    ) r
    WHERE pg_temp.u(h.id, 70) < 0.01`);
  await c.query(`
    CREATE TEMP TABLE gp ON COMMIT DROP AS
    SELECT z.*,
      CASE
        WHEN z.plan = 'IMMEDIATE' THEN CASE WHEN z.done THEN 'RESOLVED' ELSE 'OPEN' END
        WHEN z.plan = 'TRANSFER' THEN
          CASE WHEN z.done THEN 'RESOLVED'
               WHEN z.t1_on > ${T} THEN 'OPEN'
               WHEN NOT z.returned_first OR z.t1_answer_on > ${T} THEN 'TRANSFERRED'
               WHEN z.t2_on > ${T} OR z.reroute_waiting THEN 'OPEN'
               ELSE 'TRANSFERRED' END
        WHEN z.advance THEN CASE WHEN z.done THEN 'RESOLVED' ELSE 'OPEN' END
        WHEN z.rejected AND z.plan_on <= ${T} THEN CASE WHEN z.after_rejection_on <= ${T} AND NOT z.stuck THEN 'RESOLVED' ELSE 'OPEN' END
        WHEN z.done THEN 'RESOLVED'
        WHEN z.conference_on <= ${T} THEN 'IN_AID'
        ELSE 'OPEN' END AS status
    FROM (
      SELECT y.*, y.found_on + y.delay AS plan_on,
        NOT y.stuck AND y.found_on + y.delay <= ${T} AND NOT y.rejected AS done,
        y.found_on + y.delay + pg_temp.i(y.id, 86, 2, 6) AS after_rejection_on
      FROM (
        SELECT b.*,
          CASE b.plan
            WHEN 'IMMEDIATE' THEN CASE WHEN b.urgency = 'HIGH' THEN pg_temp.i(b.id, 80, 0, 1) ELSE pg_temp.i(b.id, 80, 0, 4) END
            WHEN 'TRANSFER' THEN pg_temp.i(b.id, 80, 6, 27)
            ELSE CASE WHEN b.advance THEN pg_temp.i(b.id, 80, 0, 2) ELSE pg_temp.i(b.id, 80, 4, 14) END END AS delay,
          b.found_on + 1 AS t1_on, b.found_on + 4 AS t1_answer_on, b.found_on + 5 AS t2_on,
          b.found_on + pg_temp.i(b.id, 81, 1, 3) AS conference_on
        FROM (
          SELECT a.*,
            -- However small the province, its four oldest problems show each course: a transfer
            -- still open (overdue), one returned and redone, a case conference paid, one solved at once.
            CASE a.id - ${int(pBase - 1)} WHEN 1 THEN 'TRANSFER' WHEN 2 THEN 'TRANSFER' WHEN 3 THEN 'TEMP_AID' WHEN 4 THEN 'IMMEDIATE' ELSE
              CASE WHEN pg_temp.u(a.id, 75) < ${TIER_SHARE.IMMEDIATE} THEN 'IMMEDIATE'
                   WHEN pg_temp.u(a.id, 75) < ${TIER_SHARE.IMMEDIATE + TIER_SHARE.TRANSFER} THEN 'TRANSFER' ELSE 'TEMP_AID' END END AS plan,
            CASE WHEN pg_temp.u(a.id, 76) < 0.2 THEN 'HIGH' WHEN pg_temp.u(a.id, 76) < 0.75 THEN 'MEDIUM' ELSE 'LOW' END AS urgency,
            a.id - ${int(pBase - 1)} = 1 OR (a.id - ${int(pBase - 1)} > 4 AND pg_temp.u(a.id, 77) < 0.04) AS stuck,
            a.id - ${int(pBase - 1)} = 2 OR (a.id - ${int(pBase - 1)} > 4 AND pg_temp.u(a.id, 78) < 0.12) AS returned_first,
            a.id - ${int(pBase - 1)} > 4 AND pg_temp.u(a.id, 78) < 0.12 AND pg_temp.u(a.id, 77) < 0.012 AS reroute_waiting,
            a.id - ${int(pBase - 1)} > 4 AND pg_temp.u(a.id, 79) < 0.55 AS advance,
            pg_temp.u(a.id, 82) < 0.2 AS conference_emergency,
            a.id - ${int(pBase - 1)} > 4 AND pg_temp.u(a.id, 79) >= 0.55 AND pg_temp.u(a.id, 83) < 0.03 AS rejected,
            coalesce(d.department, 'HEALTH') AS department,
            CASE WHEN coalesce(d.department, 'HEALTH') = 'SOCIAL_INSURANCE' THEN 'HEALTH' ELSE 'SOCIAL_INSURANCE' END AS first_department
          FROM (
            SELECT ${int(pBase - 1)} + row_number() OVER (ORDER BY found_on, household_id, visit_id) AS id, gp0.* FROM gp0
          ) a
          LEFT JOIN (VALUES ${Object.entries(V.DEPARTMENT_FOR).map(([k, v]) => `(${lit(k)}, ${lit(v)})`).join(", ")}) AS d(category, department)
            ON d.category = a.category
        ) b
      ) y
    ) z`);
  await c.query("ALTER TABLE gp ADD PRIMARY KEY (id)");
  await c.query("ANALYZE gp");
  // Aid cases get their ids here, in the order they were opened.
  await c.query(`
    CREATE TEMP TABLE gac ON COMMIT DROP AS
    SELECT ${int(acBase - 1)} + row_number() OVER (ORDER BY opened_on, problem_id) AS id, x.* FROM (
      SELECT p.id AS problem_id, CASE WHEN p.advance THEN p.plan_on ELSE p.conference_on END AS opened_on
      FROM gp p
      WHERE p.plan = 'TEMP_AID' AND ((p.advance AND p.status = 'RESOLVED') OR (NOT p.advance AND p.conference_on <= ${T}))
    ) x`);
  await c.query("ANALYZE gac");
}

/** The problems, their transfers and aid cases, from the plan. [table, statement] in order. */
function resolutionInserts(T: string): [string, string][] {
  const txt = (m: Record<string, string>, col: string) =>
    `CASE ${col} ${Object.entries(m).map(([k, v]) => `WHEN ${lit(k)} THEN ${lit(v)}`).join(" ")} END`;
  const tier = `CASE WHEN p.status <> 'RESOLVED' THEN NULL WHEN p.plan = 'TEMP_AID' AND p.rejected THEN 'IMMEDIATE' ELSE p.plan END`;
  const resolvedOn = `CASE WHEN p.plan = 'TEMP_AID' AND p.rejected THEN p.after_rejection_on ELSE p.plan_on END`;
  const openStatus = (on: string, key: string) =>
    `CASE WHEN ${on} + 2 <= ${T} AND pg_temp.u(${key}, 90) < 0.6 THEN 'ACCEPTED' ELSE 'SENT' END`;
  return [
    ["problem", `
      INSERT INTO problem (id, household_id, visit_id, region_code, source, reporter, category, description, urgency, status, found_on, due_on,
                           tier, resolution, resolved_on, resolved_by_id, resolution_department_code, created_by_id, version, created_at)
      SELECT p.id, p.household_id, p.visit_id, p.region_code, p.source::problem_source, p.reporter, p.category::problem_category, p.description,
             p.urgency::urgency, p.status::problem_status, p.found_on,
             p.found_on + CASE p.urgency ${Object.entries(RESOLUTION_DAYS).map(([k, v]) => `WHEN ${lit(k)} THEN ${int(v)}`).join(" ")} END,
             (${tier})::resolution_tier,
             CASE WHEN p.status = 'RESOLVED' THEN
               CASE ${tier}
                 WHEN 'IMMEDIATE' THEN ${txt(V.IMMEDIATE_RESOLUTIONS, "p.category")}
                 WHEN 'TRANSFER' THEN ${txt(V.TRANSFER_ANSWERS, "p.department")}
                 ELSE replace(CASE WHEN p.advance THEN ${lit(t.aid.advanceResolution)} ELSE ${lit(t.aid.conferenceResolution)} END,
                              '{amount}', to_char(a.amount, 'FM999999990.00')) END END,
             CASE WHEN p.status = 'RESOLVED' THEN ${resolvedOn} END,
             CASE WHEN p.status <> 'RESOLVED' THEN NULL
                  WHEN ${tier} = 'TRANSFER' THEN dp.id
                  WHEN ${tier} = 'TEMP_AID' AND NOT p.advance THEN coalesce(sv.id, p.created_by_id)
                  ELSE p.created_by_id END,
             CASE WHEN p.status = 'RESOLVED' AND ${tier} = 'TRANSFER' THEN p.department END,
             p.created_by_id,
             1 + (p.status <> 'OPEN')::int + (p.status = 'RESOLVED' AND p.plan IN ('TRANSFER') )::int
               + (p.plan = 'TRANSFER' AND p.returned_first AND p.t1_answer_on <= ${T})::int * 2,
             pg_temp.at(p.found_on, pg_temp.i(p.id, 91, 540, 1080))
      FROM gp p
      LEFT JOIN gdp dp ON dp.city = left(p.region_code, 4) AND dp.department_code = p.department
      LEFT JOIN gsv sv ON sv.county = left(p.region_code, 6)
      LEFT JOIN LATERAL (
        SELECT CASE WHEN p.advance THEN 50 * pg_temp.i(p.id, 84, 4, 20)
                    WHEN p.conference_emergency THEN 100 * pg_temp.i(p.id, 84, 35, 80)
                    ELSE 100 * pg_temp.i(p.id, 84, 10, 80) END::numeric(14, 2) AS amount) a ON p.plan = 'TEMP_AID'`],
    ["transfer", `
      INSERT INTO transfer (problem_id, region_code, department_code, request, due_on, status, answer, answered_by_id, answered_at,
                            created_by_id, created_at, version)
      SELECT x.problem_id, x.region_code, x.department, ${txt(V.TRANSFER_REQUESTS, "x.department")}, x.sent_on + 15,
             x.status::transfer_status,
             CASE x.status WHEN 'RESOLVED' THEN ${txt(V.TRANSFER_ANSWERS, "x.department")} WHEN 'RETURNED' THEN ${lit(V.TRANSFER_RETURNED)} END,
             CASE WHEN x.status IN ('RESOLVED', 'RETURNED') THEN dp.id END,
             CASE WHEN x.status IN ('RESOLVED', 'RETURNED') THEN pg_temp.at(x.answered_on, pg_temp.i(x.problem_id * 2 + x.n, 92, 540, 1020)) END,
             x.created_by_id, pg_temp.at(x.sent_on, pg_temp.i(x.problem_id * 2 + x.n, 93, 540, 1020)),
             CASE x.status WHEN 'SENT' THEN 1 WHEN 'ACCEPTED' THEN 2 ELSE 3 END
      FROM (
        -- The first transfer: to the right department, or (returned_first) to one that sends it back.
        SELECT p.id AS problem_id, 1 AS n, p.region_code, p.created_by_id, p.t1_on AS sent_on,
               CASE WHEN p.returned_first THEN p.first_department ELSE p.department END AS department,
               CASE WHEN p.returned_first THEN CASE WHEN p.t1_answer_on <= ${T} THEN 'RETURNED' ELSE ${openStatus("p.t1_on", "p.id * 2")} END
                    WHEN p.status = 'RESOLVED' THEN 'RESOLVED' ELSE ${openStatus("p.t1_on", "p.id * 2")} END AS status,
               CASE WHEN p.returned_first THEN p.t1_answer_on ELSE p.plan_on END AS answered_on
        FROM gp p WHERE p.plan = 'TRANSFER' AND p.t1_on <= ${T}
        UNION ALL
        -- Redone after the return: to the right department.
        SELECT p.id, 2, p.region_code, p.created_by_id, p.t2_on, p.department,
               CASE WHEN p.status = 'RESOLVED' THEN 'RESOLVED' ELSE ${openStatus("p.t2_on", "p.id * 2 + 1")} END,
               p.plan_on
        FROM gp p WHERE p.plan = 'TRANSFER' AND p.returned_first AND p.t2_on <= ${T} AND (p.status = 'RESOLVED' OR NOT p.reroute_waiting)
      ) x
      LEFT JOIN gdp dp ON dp.city = left(x.region_code, 4) AND dp.department_code = x.department
      ORDER BY x.sent_on, x.problem_id, x.n`],
    ["aid_case", `
      INSERT INTO aid_case (id, problem_id, household_id, region_code, kind, amount, reason, status, fund_id, paperwork_due_on, paperwork_done_on,
                            conference_on, participants, minutes, signed_off_by_id, signed_off_at, sign_off_note, created_by_id, created_at, version)
      SELECT g.id, p.id, p.household_id, p.region_code,
             CASE WHEN p.advance OR p.conference_emergency THEN 'EMERGENCY' ELSE 'EXPENDITURE' END::aid_kind,
             a.amount,
             CASE WHEN p.advance OR p.conference_emergency THEN ${lit(V.AID_REASONS.EMERGENCY)} ELSE ${lit(V.AID_REASONS.EXPENDITURE)} END,
             s.status::aid_status,
             CASE WHEN s.status = 'PAID' THEN f.id END,
             CASE WHEN p.advance THEN p.plan_on + ${int(PAPERWORK_DAYS)} END,
             CASE WHEN p.advance AND p.plan_on + pg_temp.i(p.id, 87, 3, 20) <= ${T} AND pg_temp.u(p.id, 88) < 0.92
                  THEN p.plan_on + pg_temp.i(p.id, 87, 3, 20) END,
             CASE WHEN NOT p.advance THEN p.conference_on END,
             CASE WHEN NOT p.advance THEN ${lit(V.CONFERENCE.participants)} END,
             CASE WHEN NOT p.advance THEN ${lit(V.CONFERENCE.minutes)} END,
             CASE WHEN s.status IN ('PAID', 'REJECTED') AND NOT p.advance THEN sv.id END,
             CASE WHEN s.status IN ('PAID', 'REJECTED') AND NOT p.advance THEN pg_temp.at(p.plan_on, pg_temp.i(p.id, 89, 840, 1020)) END,
             CASE s.status WHEN 'PAID' THEN CASE WHEN NOT p.advance THEN ${lit(V.CONFERENCE.signOff)} END WHEN 'REJECTED' THEN ${lit(V.CONFERENCE.rejected)} END,
             p.created_by_id,
             pg_temp.at(g.opened_on, pg_temp.i(p.id, 85, 540, 780)),
             CASE s.status WHEN 'PENDING_SIGNOFF' THEN 1 ELSE 2 END
      FROM gac g JOIN gp p ON p.id = g.problem_id
      LEFT JOIN gsv sv ON sv.county = left(p.region_code, 6)
      CROSS JOIN LATERAL (
        SELECT CASE WHEN p.advance THEN 50 * pg_temp.i(p.id, 84, 4, 20)
                    WHEN p.conference_emergency THEN 100 * pg_temp.i(p.id, 84, 35, 80)
                    ELSE 100 * pg_temp.i(p.id, 84, 10, 80) END::numeric(14, 2) AS amount) a
      CROSS JOIN LATERAL (
        SELECT CASE WHEN p.advance THEN 'PAID' WHEN p.rejected AND p.plan_on <= ${T} THEN 'REJECTED'
                    WHEN p.done THEN 'PAID' ELSE 'PENDING_SIGNOFF' END AS status) s
      LEFT JOIN fund f ON f.kind = CASE WHEN p.advance THEN 'TOWNSHIP_RESERVE' ELSE 'CITY_FUND' END::fund_kind
                       AND f.region_code = CASE WHEN p.advance THEN left(p.region_code, 9) ELSE left(p.region_code, 4) END`],
  ];
}

/**
 * The ledgers: each fund that pays is topped up at the start of the history and again half way
 * (by what it will pay in each half, with a margin, so no balance ever goes below zero), every
 * paid aid case is a PAYMENT, and a few payments are reversed the next day (冲正). Entries get
 * ids in time order and `balance_after` is the running balance, as the app's ledger keeps it.
 */
async function insertLedgers(c: Client, { T, P, mid, feBase, adminId }: { T: string; P: string; mid: string; feBase: number; adminId: number }) {
  await c.query(`
    CREATE TEMP TABLE ge ON COMMIT DROP AS
    SELECT a.fund_id, 'PAYMENT' AS kind, -a.amount AS amount,
           CASE WHEN a.paperwork_due_on IS NOT NULL THEN a.created_at + interval '5 minutes' ELSE a.signed_off_at + interval '30 minutes' END AS at,
           1 AS ord, a.problem_id, a.household_id, a.id AS aid_case_id,
           replace(CASE WHEN a.paperwork_due_on IS NOT NULL THEN ${lit(t.aid.advanceNote)} ELSE ${lit(t.aid.conferenceNote)} END, '{id}', a.id::text) AS note,
           coalesce(a.signed_off_by_id, a.created_by_id) AS created_by_id
    FROM aid_case a JOIN gac g ON g.id = a.id WHERE a.status = 'PAID'`);
  // Reversals of a few payments, the next working morning (only once the next day has come).
  await c.query(`
    INSERT INTO ge
    SELECT e.fund_id, 'REVERSAL', -e.amount, pg_temp.at(nx_china_day(e.at) + 1, 570), 2, e.problem_id, e.household_id, e.aid_case_id,
           ${lit(V.REVERSAL_NOTE)}, coalesce(sv.id, e.created_by_id)
    FROM ge e JOIN problem p ON p.id = e.problem_id LEFT JOIN gsv sv ON sv.county = left(p.region_code, 6)
    WHERE pg_temp.u(e.aid_case_id, 95) < 0.008 AND nx_china_day(e.at) + 1 <= ${T}`);
  // Top-ups first: what each half of the history will pay, +20% and a margin, in round sums.
  await c.query(`
    INSERT INTO ge
    SELECT s.fund_id, 'TOP_UP', ceil((s.paid * 1.2 + x.margin) / x.unit) * x.unit,
           pg_temp.at(s.half, 540), 0, NULL, NULL, NULL,
           CASE f.kind WHEN 'CITY_FUND' THEN ${lit(V.TOP_UP_NOTES.CITY_FUND)} ELSE ${lit(V.TOP_UP_NOTES.TOWNSHIP_RESERVE)} END,
           CASE f.kind WHEN 'CITY_FUND' THEN ${int(adminId)} ELSE coalesce(sv.id, ${int(adminId)}) END
    FROM (
      SELECT fund_id, CASE WHEN nx_china_day(at) < ${mid} THEN ${P} ELSE ${mid} END AS half, -sum(amount) AS paid
      FROM ge WHERE kind = 'PAYMENT' GROUP BY 1, 2
    ) s
    JOIN fund f ON f.id = s.fund_id
    LEFT JOIN gsv sv ON sv.county = left(f.region_code, 6) AND f.kind = 'TOWNSHIP_RESERVE'
    CROSS JOIN LATERAL (SELECT CASE f.kind WHEN 'CITY_FUND' THEN 50000 ELSE 5000 END AS margin,
                               CASE f.kind WHEN 'CITY_FUND' THEN 10000 ELSE 1000 END AS unit) x`);
  await c.query(`
    CREATE TEMP TABLE ge2 ON COMMIT DROP AS
    SELECT ${int(feBase - 1)} + row_number() OVER (ORDER BY at, ord, aid_case_id, fund_id) AS id, ge.* FROM ge`);
  const r = await c.query(`
    INSERT INTO fund_entry (id, fund_id, kind, amount, balance_after, problem_id, household_id, aid_case_id, reverses_entry_id, note, created_by_id, created_at)
    SELECT e.id, e.fund_id, e.kind::fund_entry_kind, e.amount,
           f.balance + sum(e.amount) OVER (PARTITION BY e.fund_id ORDER BY e.id),
           e.problem_id, e.household_id, e.aid_case_id, o.id, e.note, e.created_by_id, e.at
    FROM ge2 e JOIN fund f ON f.id = e.fund_id
    LEFT JOIN ge2 o ON e.kind = 'REVERSAL' AND o.kind = 'PAYMENT' AND o.aid_case_id = e.aid_case_id
    ORDER BY e.id`);
  await c.query(`
    UPDATE fund f SET balance = f.balance + s.total FROM (SELECT fund_id, sum(amount) AS total FROM ge GROUP BY fund_id) s WHERE s.fund_id = f.id`);
  return r.rowCount ?? 0;
}
