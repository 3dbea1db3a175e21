/**
 * The province generator (lib/generate/province.ts) on a real PostgreSQL: a small province of 300
 * households and six months into this file's own database, then what the dashboards and the
 * benchmark rely on — every roll-up equal to its GROUP BY over the raw rows, monthly visits with
 * questionnaires that fit the stored version, all three tiers, open and overdue transfers, a
 * running publicity, ledgers that add up, valid and unique ID numbers, and a provincial login.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_ROLLUPS, verifyRollups } from "@/lib/stats/rollups";
import { GenerateRefused, GENERATED_PASSWORD, GENERATED_USERS, generateProvince, type GenerateSummary } from "@/lib/generate/province";
import type { ProgressEvent } from "@/lib/generate/progress";
import { idNumberProblem, maskIdNumber } from "@/lib/households/id-number";
import { idKeys } from "@/lib/env";
import { matchesIndex, openIdNumber } from "@/lib/crypto/id-number-cipher";
import { answersSchema, type Question } from "@/lib/visits/questionnaire";
import { authenticate } from "@/lib/users/commands";

const HOUSEHOLDS = 300;
const MONTHS = 6;
/** A fixed last day, so the same seed makes the same province whenever the test runs. */
const TODAY = "2026-06-30";

let client: pg.Client;
let summary: GenerateSummary;
const events: ProgressEvent[] = [];

const one = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  (await client.query<T>(sql, params)).rows[0];
const num = async (sql: string, params: unknown[] = []) => Number((await one<{ n: string }>(sql, params)).n);

beforeAll(async () => {
  // The generator disables triggers and rebuilds indexes: the owner's work (lib/db/roles.ts).
  client = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL });
  await client.connect();
  summary = await generateProvince(client, { households: HOUSEHOLDS, months: MONTHS, today: TODAY, idKeys: idKeys(), onProgress: (e) => events.push(e) });
}, 120_000);

afterAll(async () => {
  await client.end();
});

describe("generateProvince", () => {
  it("makes the households asked for, over the whole province, with 1–4 members each", async () => {
    expect(await num("SELECT count(*) AS n FROM household")).toBe(HOUSEHOLDS);
    expect(summary.rows.household).toBe(HOUSEHOLDS);
    const members = await one<{ min: number; max: number; bad: string }>(`
      SELECT min(member_count) AS min, max(member_count) AS max,
             count(*) FILTER (WHERE member_count <> (SELECT count(*) FROM member m WHERE m.household_id = h.id)) AS bad
      FROM household h`);
    expect(members).toEqual({ min: 1, max: 4, bad: "0" });
    // 300 households over 14 cities: every city gets some (villages are drawn province-wide).
    expect(await num("SELECT count(DISTINCT left(region_code, 4)) AS n FROM household")).toBe(14);
    expect(await num("SELECT count(*) AS n FROM household h LEFT JOIN region r ON r.code = h.region_code AND r.level = 5 WHERE r.code IS NULL")).toBe(0);
    const categories = (await client.query<{ category: string }>("SELECT DISTINCT category::text FROM household")).rows.map((r) => r.category);
    expect(categories).toEqual(expect.arrayContaining(["NONE", "DIBAO", "TEKUN", "DIBAO_EDGE", "RIGID_EXPENSE"]));
  });

  it("keeps every roll-up exactly equal to its definition over the raw tables", async () => {
    const checks = await verifyRollups(client);
    expect(checks.map((c) => c.table)).toEqual(ALL_ROLLUPS.map((r) => r.table));
    for (const check of checks) {
      expect({ table: check.table, mismatched: check.mismatched }).toEqual({ table: check.table, mismatched: 0 });
      // Not exact by being empty: the small province has something in every roll-up.
      expect(check.rows, check.table).toBeGreaterThan(0);
    }
  });

  it("visits the roster monthly: at least five visits per household over six months, most with the questionnaire", async () => {
    const v = await one<{ visits: string; questionnaires: string; first: string; last: string; keys: string; wrong_roster: string }>(`
      SELECT count(*) AS visits, count(*) FILTER (WHERE nx_has_answers(answers)) AS questionnaires,
             min(visited_on)::text AS first, max(visited_on)::text AS last, count(DISTINCT idempotency_key) AS keys,
             count(*) FILTER (WHERE on_roster <> (h.category <> 'NONE') AND NOT EXISTS (
               SELECT 1 FROM application a WHERE a.household_id = h.id AND a.stage = 'APPROVED')) AS wrong_roster
      FROM visit v JOIN household h ON h.id = v.household_id`);
    expect(Number(v.visits)).toBeGreaterThanOrEqual(5 * HOUSEHOLDS);
    expect(Number(v.questionnaires)).toBeGreaterThan(0.8 * Number(v.visits));
    expect(v.first >= "2026-01-01" && v.last <= TODAY).toBe(true);
    expect(Number(v.keys)).toBe(Number(v.visits));
    expect(Number(v.wrong_roster)).toBe(0);
    // Households on the roster are visited in most months; the others now and then.
    const roster = await one<{ months: string }>(`
      SELECT avg(n) AS months FROM (
        SELECT h.id, count(DISTINCT date_trunc('month', v.visited_on)) AS n
        FROM household h LEFT JOIN visit v ON v.household_id = h.id WHERE h.category <> 'NONE' GROUP BY h.id) x`);
    expect(Number(roster.months)).toBeGreaterThan(5);
  });

  it("answers fit the stored questionnaire version they are filed under", async () => {
    const template = await one<{ version: number; questions: Question[] }>("SELECT version, questions FROM questionnaire_template WHERE active ORDER BY version DESC LIMIT 1");
    const schema = answersSchema(template.questions, { required: "required", invalidChoice: "invalid", tooLong: () => "too long" });
    const visits = await client.query<{ answers: Record<string, string>; questionnaire_version: number }>(
      "SELECT answers, questionnaire_version FROM visit WHERE answers <> '{}'::jsonb");
    for (const v of visits.rows) {
      expect(v.questionnaire_version).toBe(template.version);
      expect(schema.safeParse(v.answers).success, JSON.stringify(v.answers)).toBe(true);
    }
  });

  it("resolves problems in all three tiers and leaves some open, transferred and overdue", async () => {
    const tiers = (await client.query<{ tier: string; n: string }>(
      "SELECT tier::text, count(*) AS n FROM problem WHERE status = 'RESOLVED' GROUP BY 1")).rows;
    expect(tiers.map((r) => r.tier).sort()).toEqual(["IMMEDIATE", "TEMP_AID", "TRANSFER"]);
    expect(await num("SELECT count(*) AS n FROM problem WHERE visit_id IS NOT NULL")).toBeGreaterThan(0);
    // Tier 2: the resolving department is recorded, with the transfer it answered.
    expect(await num(`
      SELECT count(*) AS n FROM problem p WHERE p.tier = 'TRANSFER' AND NOT EXISTS (
        SELECT 1 FROM transfer t WHERE t.problem_id = p.id AND t.status = 'RESOLVED' AND t.department_code = p.resolution_department_code)`)).toBe(0);
    expect(await num("SELECT count(*) AS n FROM transfer WHERE status = 'RETURNED'")).toBeGreaterThan(0);
    const open = await one<{ open: string; overdue: string }>(`
      SELECT count(*) AS open, count(*) FILTER (WHERE due_on < $1::date) AS overdue FROM transfer WHERE status IN ('SENT', 'ACCEPTED')`, [TODAY]);
    expect(Number(open.open)).toBeGreaterThan(0);
    expect(Number(open.overdue)).toBeGreaterThan(0);
    // A transferred problem has exactly one open transfer; a problem with an open transfer is TRANSFERRED.
    expect(await num(`
      SELECT count(*) AS n FROM problem p
      WHERE (p.status = 'TRANSFERRED') <> EXISTS (SELECT 1 FROM transfer t WHERE t.problem_id = p.id AND t.status IN ('SENT', 'ACCEPTED'))`)).toBe(0);
  });

  it("pays temporary aid from funds whose ledgers add up and never go below zero", async () => {
    const paid = await num(`
      SELECT count(*) AS n FROM aid_case a JOIN fund_entry e ON e.aid_case_id = a.id AND e.kind = 'PAYMENT'
      WHERE a.status = 'PAID' AND e.amount = -a.amount`);
    expect(paid).toBe(await num("SELECT count(*) AS n FROM aid_case WHERE status = 'PAID'"));
    expect(paid).toBeGreaterThan(0);
    expect(await num("SELECT count(*) AS n FROM fund f WHERE f.balance <> (SELECT coalesce(sum(amount), 0) FROM fund_entry e WHERE e.fund_id = f.id)")).toBe(0);
    expect(await num(`
      SELECT count(*) AS n FROM (
        SELECT balance_after, sum(amount) OVER (PARTITION BY fund_id ORDER BY id) AS running FROM fund_entry) x
      WHERE balance_after <> running OR balance_after < 0`)).toBe(0);
    // The first entry of every fund that pays is a top-up.
    expect(await num(`
      SELECT count(*) AS n FROM (SELECT DISTINCT ON (fund_id) kind FROM fund_entry ORDER BY fund_id, id) x WHERE kind <> 'TOP_UP'`)).toBe(0);
  });

  it("has applications at every stage, one in publicity now, decisions with their working days", async () => {
    const stages = (await client.query<{ stage: string }>("SELECT DISTINCT stage::text FROM application")).rows.map((r) => r.stage);
    expect(stages).toEqual(expect.arrayContaining(["IN_PUBLICITY", "APPROVED"]));
    expect(await num("SELECT count(*) AS n FROM publicity WHERE outcome = 'RUNNING' AND starts_on <= $1::date AND ends_on >= $1::date", [TODAY])).toBeGreaterThan(0);
    expect(await num(`
      SELECT count(*) AS n FROM application WHERE decided_on IS NOT NULL
        AND decision_working_days IS DISTINCT FROM working_days_between(accepted_on, decided_on)`)).toBe(0);
    // An approval put the household on the roster under the type applied for.
    expect(await num(`
      SELECT count(*) AS n FROM application a JOIN household h ON h.id = a.household_id
      WHERE a.stage = 'APPROVED' AND h.category::text <> a.type::text`)).toBe(0);
  });

  it("gives members valid, unique ID numbers, stored encrypted with their blind index", async () => {
    const rows = (await client.query<{ id_cipher: Buffer; id_index: Buffer; masked: string; birth: string; male: boolean; region_code: string }>(
      "SELECT id_cipher, id_index, id_number_masked AS masked, birth_date::text AS birth, male, region_code FROM member")).rows;
    const ids = rows.map((r) => openIdNumber(idKeys(), r.id_cipher));
    expect(new Set(ids).size).toBe(ids.length);
    rows.forEach((r, i) => {
      const id = ids[i];
      expect(idNumberProblem(id, TODAY), id).toBeNull();
      expect(id.slice(0, 6)).toBe(r.region_code.slice(0, 6));
      expect(id.slice(6, 14)).toBe(r.birth.replaceAll("-", ""));
      expect(Number(id[16]) % 2 === 1).toBe(r.male);
      expect(r.masked).toBe(maskIdNumber(id));
      expect(matchesIndex(idKeys(), id, r.id_index)).toBe(true);
    });
    // Nothing in a member row is an ID number (decision 017).
    expect(await num(String.raw`
      SELECT count(*) AS n FROM member m
      WHERE (to_jsonb(m) - 'id_cipher' - 'id_index')::text ~ '\d{17}[\dX]'
         OR encode(m.id_cipher, 'escape') ~ '\d{17}[\dX]' OR encode(m.id_index, 'escape') ~ '\d{17}[\dX]'`)).toBe(0);
  });

  it("creates staff in every township and a provincial account that can sign in", async () => {
    expect(await num("SELECT count(DISTINCT region_code) AS n FROM app_user WHERE role = 'CASEWORKER'")).toBe(
      await num("SELECT count(*) AS n FROM region WHERE level = 4 AND retired_at IS NULL"));
    const actor = await authenticate(GENERATED_USERS.provincial, GENERATED_PASSWORD);
    expect(actor).toMatchObject({ ok: true, actor: { role: "PROVINCIAL", regionCode: "21" } });
  });

  it("reports its progress and refuses a database that already has households", async () => {
    expect(events.filter((e) => e.kind === "end").map((e) => e.phase)).toEqual(summary.phases.map((p) => p.phase));
    await expect(generateProvince(client, { households: 10, months: 2, today: TODAY, idKeys: idKeys() })).rejects.toBeInstanceOf(GenerateRefused);
    expect(await num("SELECT count(*) AS n FROM household")).toBe(HOUSEHOLDS);
  });
});
