/**
 * The roll-ups against the raw data, on a real PostgreSQL: after a mixed series of writes through
 * the commands (visits, problems in each tier, a transfer returned and redone, payments and a
 * reversal, applications through publicity to a decision, a category change) and some written
 * straight to the tables (back-dated visits out of order, a deleted visit), every stat_* table
 * equals its GROUP BY over the raw tables, and the dashboard read from the roll-ups equals the one
 * computed naively, for the province, a city, a county and a township. Also when one household's
 * visits are recorded at the same moment from several connections.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { logHomeVisit } from "@/lib/visits/commands";
import { logVisitSchema } from "@/lib/visits/schema";
import { recordProblem, resolveImmediately } from "@/lib/problems/commands";
import { recordProblemSchema, resolveImmediatelySchema } from "@/lib/problems/schema";
import { acceptTransfer, answerTransfer, transferProblem } from "@/lib/transfers/commands";
import { transferProblemSchema } from "@/lib/transfers/schema";
import { grantAid, signOffAid } from "@/lib/aid/commands";
import { grantAidSchema } from "@/lib/aid/schema";
import { reverseFundEntry, topUpFund } from "@/lib/funds/ledger";
import {
  confirmApplication, openApplication, proposeDecision, recordEconomicCheck, startPublicity,
} from "@/lib/applications/commands";
import { confirmationSchema, economicCheckSchema, openApplicationSchema, proposalSchema } from "@/lib/applications/schema";
import { getDashboard, readDashboard } from "@/lib/dashboard/queries";
import { naiveDashboard } from "@/lib/dashboard/naive";
import { verifyRollups } from "@/lib/stats/rollups";
import { addDays, dateFromIso, monthBounds, todayInChina } from "@/lib/dates";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { HUANGGU, JIANSHE_STREET, SHUANGTAIZI, ZHANQIAN, firstVillage, makeActor, makeHousehold } from "../support/fixtures";

const today = todayInChina();
const thisMonth = monthBounds(today);
const lastMonth = monthBounds(thisMonth.previous);
const ANSWERS = {
  incomeChange: "decreased", health: "newIllness", schooling: "na", housing: "safe",
  careNeeds: "none", policyAwareness: "partial", livingChange: "worse", requests: "希望办理低保",
};

let caseworker: Actor;
let shenyangWorker: Actor;
let supervisor: Actor;
let yibao: Actor;
let provincial: Actor;
let client: pg.Pool;
/** Raw connections of the app role, as the system: the naive figures read every region (decision 018). */
const SYSTEM = "-c nuanxin.scope=*";

beforeAll(async () => {
  caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
  shenyangWorker = await makeActor("CASEWORKER", `${HUANGGU}013`);
  supervisor = await makeActor("SUPERVISOR", SHUANGTAIZI);
  yibao = await makeActor("DEPARTMENT", "2111", "MEDICAL_INSURANCE");
  provincial = await makeActor("PROVINCIAL", "21");
  client = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4, options: SYSTEM });
});
afterAll(() => client.end());

const visit = (actor: Actor, householdId: number, visitedOn: string, withProblem = false) =>
  logHomeVisit(actor, logVisitSchema.parse({
    householdId, idempotencyKey: randomUUID(), visitedOn, visitors: "王芳", peopleMet: "户主", questionnaireVersion: 1,
    answers: ANSWERS, findings: "",
    problems: withProblem ? [{ category: "MEDICAL", description: "住院费用自付部分较高", urgency: "HIGH" }] : [],
  }));

/** A visit written straight to the table (any day, any order): the triggers must cope. */
async function rawVisit(householdId: number, regionCode: string, visitedOn: string, recordedById: number, answers: object = ANSWERS) {
  return db.visit.create({
    data: {
      householdId, regionCode, visitedOn: dateFromIso(visitedOn), visitors: "测试", peopleMet: "户主", questionnaireVersion: 1,
      answers, idempotencyKey: randomUUID(), recordedById,
    },
  });
}

const problemOf = (actor: Actor, householdId: number) =>
  recordProblem(actor, recordProblemSchema.parse({
    householdId, source: "GRID", reporter: "网格员 张敏", category: "MEDICAL", description: "住院费用负担重", urgency: "HIGH", foundOn: today,
  }));

const version = async (id: number) => (await db.application.findUniqueOrThrow({ where: { id } })).version;

async function applicationThroughPublicity(householdId: number) {
  const documents = ["ID_CARD", "HOUSEHOLD_REGISTER", "APPLICATION_FORM", "AUTHORIZATION", "INCOME_PROOF", "ASSET_DECLARATION"]
    .map((kind) => ({ kind, provided: "on", dueOn: "" }));
  const app = await openApplication(caseworker, openApplicationSchema.parse({ householdId: String(householdId), type: "DIBAO", documents }));
  const members = await db.member.findMany({ where: { householdId } });
  await recordEconomicCheck(caseworker, economicCheckSchema.parse({
    applicationId: app.id, version: await version(app.id), incomes: members.map((m) => ({ memberId: m.id, monthlyIncome: "100" })), assets: "无",
  }));
  await proposeDecision(caseworker, proposalSchema.parse({ applicationId: app.id, version: await version(app.id), proposal: "GRANT", amount: "650", reason: "人均收入低于标准" }));
  await startPublicity(caseworker, { applicationId: app.id, version: await version(app.id) });
  return app.id;
}

async function expectExact() {
  const checks = await verifyRollups(client);
  expect(checks.filter((c) => c.mismatched > 0)).toEqual([]);
  return checks;
}

const range = { from: lastMonth.start.slice(0, 7), to: thisMonth.start.slice(0, 7) };

describe("roll-ups equal the raw data", () => {
  it("after a mixed series of writes, every roll-up equals its GROUP BY and the dashboards equal the naive ones", async () => {
    const village = ZHANQIAN;
    const households = [];
    for (let i = 0; i < 4; i++) households.push(await makeHousehold(caseworker, { regionCode: village, category: i === 0 ? "NONE" : "DIBAO" }));
    const shenyangVillage = await firstVillage(shenyangWorker.regionCode);
    const shenyang = await makeHousehold(shenyangWorker, { regionCode: shenyangVillage, category: "TEKUN" });

    // Visits through the command: this month and last, two in one month for one household.
    await visit(caseworker, households[0].id, today, true);
    await visit(caseworker, households[1].id, today);
    await visit(caseworker, households[1].id, today);
    await visit(shenyangWorker, shenyang.id, today);
    // Straight to the table, out of order: May after July changes July's "previous month".
    const older = monthBounds(lastMonth.previous).start; // two months ago
    await rawVisit(households[2].id, village, addDays(thisMonth.start, 1), caseworker.id);
    await rawVisit(households[2].id, village, addDays(older, 3), caseworker.id);
    await rawVisit(households[2].id, village, addDays(lastMonth.start, 5), caseworker.id, {}); // no questionnaire
    const gone = await rawVisit(households[3].id, village, addDays(lastMonth.start, 2), caseworker.id);
    await rawVisit(households[3].id, village, addDays(lastMonth.start, 9), caseworker.id);
    await db.visit.delete({ where: { id: gone.id } });
    // Answers corrected: the questionnaire count follows.
    await db.visit.update({ where: { id: gone.id + 1 }, data: { answers: {} } });
    await expectExact();

    // Tier 1.
    const p1 = await problemOf(caseworker, households[1].id);
    await resolveImmediately(caseworker, resolveImmediatelySchema.parse({ problemId: p1.id, version: p1.version, resolution: "协调社区医生上门" }));
    // Tier 2: sent, returned, sent again, accepted and resolved by the department; another left open and overdue.
    const p2 = await problemOf(caseworker, households[1].id);
    const first = await transferProblem(caseworker, transferProblemSchema.parse({ problemId: p2.id, departmentCode: "MEDICAL_INSURANCE", request: "请协助报销", dueOn: addDays(today, 10) }));
    await answerTransfer(yibao, { transferId: first.id, version: 1, outcome: "RETURNED", answer: "不属于医保范围" });
    const second = await transferProblem(caseworker, transferProblemSchema.parse({ problemId: p2.id, departmentCode: "MEDICAL_INSURANCE", request: "请再次研究", dueOn: addDays(today, 5) }));
    await acceptTransfer(yibao, { transferId: second.id, version: 1 });
    await answerTransfer(yibao, { transferId: second.id, version: 2, outcome: "RESOLVED", answer: "已纳入大病保险二次报销" });
    const p3 = await problemOf(caseworker, households[2].id);
    const open = await transferProblem(caseworker, transferProblemSchema.parse({ problemId: p3.id, departmentCode: "EDUCATION", request: "请落实资助", dueOn: addDays(today, 3) }));
    await db.transfer.update({ where: { id: open.id }, data: { dueOn: dateFromIso(addDays(today, -2)) } }); // overdue now
    // Tier 3: an emergency payment from the township reserve (then reversed), and a case conference paid by the city.
    const reserve = await db.fund.findUniqueOrThrow({ where: { kind_regionCode: { kind: "TOWNSHIP_RESERVE", regionCode: JIANSHE_STREET } } });
    await topUpFund(supervisor, { fundId: reserve.id, amount: "2000.00", note: "区县拨入备用金" });
    const admin = await makeActor("ADMIN", "2111");
    const cityFund = await db.fund.findUniqueOrThrow({ where: { kind_regionCode: { kind: "CITY_FUND", regionCode: "2111" } } });
    await topUpFund(admin, { fundId: cityFund.id, amount: "10000.00", note: "市级拨入" });
    const p4 = await problemOf(caseworker, households[3].id);
    const emergency = await grantAid(caseworker, grantAidSchema.parse({ problemId: p4.id, version: p4.version, kind: "EMERGENCY", amount: "800.50", reason: "突发疾病" }));
    const p5 = await problemOf(caseworker, households[3].id);
    const conference = await grantAid(caseworker, grantAidSchema.parse({
      problemId: p5.id, version: p5.version, kind: "EXPENDITURE", amount: "5000", reason: "住院自付部分",
      conferenceOn: today, participants: "街道民政办、社区书记", minutes: "一致同意救助 5000 元",
    }));
    await signOffAid(supervisor, { aidCaseId: conference.id, version: conference.version, decision: "APPROVE", note: "同意" });
    const payment = await db.fundEntry.findFirstOrThrow({ where: { aidCaseId: emergency.id, kind: "PAYMENT" } });
    await reverseFundEntry(admin, { entryId: payment.id, reason: "重复支付，冲正" });
    await expectExact();

    // Applications: one through publicity and approved, one running its publicity now.
    const approvedId = await applicationThroughPublicity(households[0].id);
    const afterPublicity = addDays(today, 8);
    await confirmApplication(supervisor, confirmationSchema.parse({
      applicationId: approvedId, version: await version(approvedId), decision: "APPROVE", amount: "650", startMonth: afterPublicity.slice(0, 7),
    }), afterPublicity);
    const other = await makeHousehold(caseworker, { regionCode: village, category: "NONE" });
    await applicationThroughPublicity(other.id);
    // A category change moves the household in the register counts.
    await db.household.update({ where: { id: households[1].id }, data: { category: "DIBAO_EDGE" } });

    const checks = await expectExact();
    expect(checks.find((c) => c.table === "stat_household_visited")!.rows).toBeGreaterThan(0);
    expect(checks.find((c) => c.table === "stat_application_decision")!.rows).toBe(1);

    // The dashboards: roll-ups vs raw, at every level, over last month to next month (the decision).
    const wide = { from: range.from, to: afterPublicity.slice(0, 7) };
    for (const regionCode of ["21", "2111", SHUANGTAIZI, JIANSHE_STREET]) {
      const fast = await readDashboard("21", { regionCode, range: wide, today });
      const naive = await naiveDashboard(client, { regionCode, range: wide, today }, "21");
      expect(fast).toEqual(naive);
    }
    const township = await readDashboard("21", { regionCode: JIANSHE_STREET, range: wide, today });
    expect(township.totals).toMatchObject({
      resolved: { IMMEDIATE: 1, TRANSFER: 1, TEMP_AID: 2 },
      transfersSent: 3,
      transfersOverdue: 1,
      aidAmount: "5000.00", // 800.50 paid and reversed
      applications: 2,
      approved: 1,
      publicityRunning: 1,
    });
    expect(township.transfers.find((r) => r.departmentCode === "MEDICAL_INSURANCE")).toMatchObject({ sent: 2, resolved: 1, returned: 1, open: 0 });
    // Distinct households: households[2] visited in three months counts once over the range of two.
    expect(township.totals.householdsVisited).toBe(4);
    const province = await readDashboard("21", { regionCode: "21", range: wide, today });
    expect(province.children.find((c) => c.region.code === "2101")!.householdsVisited).toBe(1);
    expect(province.totals.householdsVisited).toBe(5);
  });

  it("stays exact when one household's visits in different months are recorded at the same moment", async () => {
    const household = await makeHousehold(caseworker, { regionCode: ZHANQIAN, category: "DIBAO" });
    const days = Array.from({ length: 8 }, (_, i) => addDays(today, -25 * i));
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 8, options: SYSTEM });
    try {
      await Promise.all(days.map((day) => pool.query(
        `INSERT INTO visit (household_id, region_code, visited_on, visitors, people_met, questionnaire_version, answers, idempotency_key, recorded_by_id)
         VALUES ($1, $2, $3, '测试', '户主', 1, '{"a":1}', gen_random_uuid(), $4)`,
        [household.id, ZHANQIAN, day, caseworker.id])));
    } finally {
      await pool.end();
    }
    await expectExact();
  });
});

describe("roll-ups of statements that write many visits at once", () => {
  it("stays exact after a multi-row insert (households × months, out of order) and a multi-row delete", async () => {
    const hs = [];
    for (let i = 0; i < 5; i++) hs.push(await makeHousehold(caseworker, { regionCode: ZHANQIAN, category: i % 2 ? "DIBAO" : "NONE" }));
    const other = await makeActor("CASEWORKER", JIANSHE_STREET);
    // One statement: each household visited on 1–3 of the last six months, newest months first.
    await client.query(
      `INSERT INTO visit (household_id, region_code, visited_on, visitors, people_met, questionnaire_version, answers, idempotency_key, recorded_by_id)
       SELECT h, $2, (date_trunc('month', $3::date) - make_interval(months => m))::date + (h % 20), '测试', '户主', 1,
              CASE WHEN m % 2 = 0 THEN '{"a":1}'::jsonb ELSE '{}'::jsonb END, gen_random_uuid(), CASE WHEN m % 3 = 0 THEN $4::int ELSE $5::int END
       FROM unnest($1::int[]) h CROSS JOIN generate_series(5, 0, -1) m
       WHERE (h + m) % 3 <> 0`,
      [hs.map((h) => h.id), ZHANQIAN, today, caseworker.id, other.id]);
    await expectExact();
    // One statement deletes a household's middle visits and another household's first ones.
    await client.query(
      `DELETE FROM visit WHERE (household_id = $1 AND visited_on BETWEEN ($3::date - 120) AND ($3::date - 40))
                            OR (household_id = $2 AND visited_on < ($3::date - 100))`,
      [hs[1].id, hs[2].id, today]);
    await expectExact();
    const all = await client.query("SELECT count(*)::int AS n FROM visit WHERE household_id = ANY($1)", [hs.map((h) => h.id)]);
    expect(all.rows[0].n).toBeGreaterThan(10);
  });
});

describe("dashboard access", () => {
  it("a user sees their own region and below; another region is not found; a village account is refused", async () => {
    const q = (regionCode: string) => ({ regionCode, range });
    await expect(getDashboard(supervisor, q(SHUANGTAIZI))).resolves.toMatchObject({ region: { code: SHUANGTAIZI } });
    await expect(getDashboard(supervisor, q(JIANSHE_STREET))).resolves.toMatchObject({ breadcrumb: [{ linkable: false }, { linkable: false }, { linkable: true }, { linkable: true }] });
    await expect(getDashboard(supervisor, q("2111"))).rejects.toBeInstanceOf(NotFoundError);
    await expect(getDashboard(shenyangWorker, q("21"))).rejects.toBeInstanceOf(NotFoundError);
    await expect(getDashboard(provincial, q("2101"))).resolves.toMatchObject({ region: { name: "沈阳市" } });
    const villageWorker = await makeActor("CASEWORKER", ZHANQIAN);
    await expect(getDashboard(villageWorker, q(ZHANQIAN.slice(0, 9)))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getDashboard(yibao, q("2111"))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(readDashboard("21", q("219999"))).rejects.toBeInstanceOf(NotFoundError);
  });
});
