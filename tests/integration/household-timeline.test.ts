import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { householdTimeline, timelineStatement, type TimelineEntry } from "@/lib/households/timeline";
import { TIMELINE_KINDS, timelineSearchSchema } from "@/lib/households/timeline-schema";
import { ceaseAssistance, revealHouseholdPersonalData } from "@/lib/households/commands";
import { ceaseAssistanceSchema } from "@/lib/households/schema";
import { logHomeVisit } from "@/lib/visits/commands";
import { logVisitSchema } from "@/lib/visits/schema";
import { addSupportAction, resolveImmediately } from "@/lib/problems/commands";
import { resolveImmediatelySchema, supportActionSchema } from "@/lib/problems/schema";
import { transferProblem } from "@/lib/transfers/commands";
import { transferProblemSchema } from "@/lib/transfers/schema";
import { grantAid } from "@/lib/aid/commands";
import { grantAidSchema } from "@/lib/aid/schema";
import { reverseFundEntry, topUpFund } from "@/lib/funds/ledger";
import { openApplication, recordEconomicCheck } from "@/lib/applications/commands";
import { economicCheckSchema, openApplicationSchema } from "@/lib/applications/schema";
import { recordOffer } from "@/lib/policies/commands";
import { offerSchema } from "@/lib/policies/schema";
import { closeAlert } from "@/lib/monitoring/commands";
import { closeAlertSchema } from "@/lib/monitoring/schema";
import { NotFoundError } from "@/lib/errors";
import { addDays, dateFromIso, isoFromDate, todayInChina } from "@/lib/dates";
import { HUANGGU, JIANSHE_STREET, SHUANGTAIZI, makeActor, makeHousehold } from "../support/fixtures";

let caseworker: Actor;
let supervisor: Actor;
let otherCity: Actor;
let admin: Actor;
const today = todayInChina();

const ANSWERS = {
  incomeChange: "decreased", health: "newIllness", schooling: "na", housing: "safe",
  careNeeds: "none", policyAwareness: "partial", livingChange: "worse", requests: "希望办理低保",
};

function visitInput(householdId: number, problems: { category: string; description: string; urgency?: string }[] = [], visitedOn = today) {
  return logVisitSchema.parse({
    householdId, idempotencyKey: randomUUID(), visitedOn, visitors: "王芳", peopleMet: "户主",
    questionnaireVersion: 1, answers: ANSWERS, findings: "户主新患疾病，收入减少", problems,
  });
}

const events = (entries: TimelineEntry[]) => entries.map((e) => e.event);

beforeAll(async () => {
  caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
  supervisor = await makeActor("SUPERVISOR", SHUANGTAIZI);
  otherCity = await makeActor("CASEWORKER", `${HUANGGU}013`);
  admin = await makeActor("ADMIN", "21");
  const reserve = await db.fund.findUniqueOrThrow({ where: { kind_regionCode: { kind: "TOWNSHIP_RESERVE", regionCode: JIANSHE_STREET } } });
  await topUpFund(admin, { fundId: reserve.id, amount: "10000.00", note: "测试拨款" });
});

describe("the household's case file", () => {
  let householdId: number;

  beforeAll(async () => {
    const household = await makeHousehold(caseworker, { category: "NONE", headName: "孙丽华" });
    householdId = household.id;
    const visit = await logHomeVisit(caseworker, visitInput(householdId, [
      { category: "BASIC_LIVING", description: "冬季取暖煤不足" },
      { category: "SCHOOLING", description: "孩子高中学费困难" },
      { category: "MEDICAL", description: "住院自付费用无力承担", urgency: "HIGH" },
    ]));
    const problems = await db.problem.findMany({ where: { visitId: visit.id }, orderBy: { id: "asc" } });
    const [coal, school, hospital] = problems;
    await resolveImmediately(caseworker, resolveImmediatelySchema.parse({ problemId: coal.id, version: coal.version, resolution: "协调社区送煤 1 吨" }));
    await transferProblem(caseworker, transferProblemSchema.parse({ problemId: school.id, departmentCode: "EDUCATION", request: "申请国家助学金", dueOn: addDays(today, 10) }));
    const member = await db.member.findFirstOrThrow({ where: { householdId } });
    await addSupportAction(caseworker, supportActionSchema.parse({ problemId: hospital.id, kind: "LABOUR_ASSESSMENT_RECORDED", memberId: String(member.id), labourCapacity: "NONE", detail: "经核实认定" }));
    const aid = await grantAid(caseworker, grantAidSchema.parse({ problemId: hospital.id, version: String(hospital.version), kind: "EMERGENCY", amount: "800", reason: "住院押金" }));
    const payment = await db.fundEntry.findFirstOrThrow({ where: { aidCaseId: aid.id, kind: "PAYMENT" } });
    await reverseFundEntry(supervisor, { entryId: payment.id, reason: "重复支付，冲正" });
    const application = await openApplication(caseworker, openApplicationSchema.parse({
      householdId: String(householdId), type: "DIBAO",
      documents: ["ID_CARD", "HOUSEHOLD_REGISTER", "APPLICATION_FORM", "AUTHORIZATION", "INCOME_PROOF", "ASSET_DECLARATION"].map((kind) => ({ kind, provided: "on", dueOn: "" })),
    }));
    await recordEconomicCheck(caseworker, economicCheckSchema.parse({
      applicationId: application.id, version: application.version, incomes: [{ memberId: member.id, monthlyIncome: "300" }], assets: "无",
    }));
    const policy = await db.policy.findFirstOrThrow({ where: { code: "TEMP_AID" } });
    await recordOffer(caseworker, offerSchema.parse({ householdId: String(householdId), policyId: String(policy.id), takenUp: "YES", note: "" }), today);
    const alert = await db.monitoringAlert.create({
      data: { householdId, regionCode: household.regionCode, kind: "INCOME_CHANGE", detail: "{}", dedupeKey: `timeline-test-${householdId}`, raisedOn: dateFromIso(today) },
    });
    await closeAlert(caseworker, closeAlertSchema.parse({ alertId: String(alert.id), outcome: "NO_CHANGE", reason: "收入仍高于低保标准，继续监测" }));
  });

  it("shows a cessation (停保) as a category change with its reason", async () => {
    const family = await makeHousehold(caseworker, { category: "DIBAO" });
    await ceaseAssistance(supervisor, ceaseAssistanceSchema.parse({ householdId: String(family.id), version: "1", reason: "家庭收入已超过低保标准", confirmed: "on" }));
    const file = await householdTimeline(caseworker, family.id);
    const changed = file.entries.filter((e) => e.event === "categoryChanged");
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ kind: "register", from: "DIBAO", to: "NONE", reason: "家庭收入已超过低保标准" });
  });

  it("tells everything that happened, each entry pointing at its record, the day's later steps first", async () => {
    const file = await householdTimeline(caseworker, householdId);
    expect(file.masked).toBe(false);
    expect(new Set(file.entries.map((e) => e.kind))).toEqual(new Set(["visit", "problem", "support", "aid", "application", "register", "policy", "alert"]));
    expect(events(file.entries)).toEqual([
      "alertClosed", "alertRaised", "economicCheck", "applicationAccepted", "offer",
      "problemResolved", "problemResolved", "aidReversed", "aidPaid", "transferSent", "supportAction",
      "problemFound", "problemFound", "problemFound", "visit", "registered",
    ]);
    const byEvent = <E extends TimelineEntry["event"]>(e: E) => file.entries.filter((x): x is Extract<TimelineEntry, { event: E }> => x.event === e);
    expect(byEvent("problemResolved").map((r) => [r.tier, r.amount])).toEqual([["TEMP_AID", "800.00"], ["IMMEDIATE", null]]);
    expect(byEvent("aidPaid")[0]).toMatchObject({ amount: "800.00", advance: true, reversed: true, fundKind: "TOWNSHIP_RESERVE" });
    expect(byEvent("aidReversed")[0]).toMatchObject({ amount: "800.00", reason: "重复支付，冲正" });
    expect(byEvent("transferSent")[0]).toMatchObject({ department: "教育局", request: "申请国家助学金" });
    expect(byEvent("supportAction")[0]).toMatchObject({ action: "LABOUR_ASSESSMENT_RECORDED", member: "孙丽华", labourCapacity: "NONE" });
    expect(byEvent("alertClosed")[0]).toMatchObject({ alertKind: "INCOME_CHANGE", outcome: "NO_CHANGE", reason: "收入仍高于低保标准，继续监测" });
    expect(byEvent("applicationAccepted")[0]).toMatchObject({ type: "DIBAO", stage: "ACCEPTED", clock: { limit: 30 } });
    expect(byEvent("registered")[0]).toMatchObject({ category: "NONE" });
    const problem = byEvent("problemFound").find((p) => p.description === "住院自付费用无力承担")!;
    expect(problem.href).toBe(`/problems/${problem.problemId}`);
    expect(byEvent("applicationAccepted")[0].href).toMatch(/^\/applications\/\d+$/);
    expect(byEvent("visit")[0].href).toMatch(new RegExp(`^/households/${householdId}#visit-\\d+$`));
    expect(file.earlier).toBeNull();
  });

  it("filters by kind", async () => {
    const aid = await householdTimeline(caseworker, householdId, { kind: "aid" });
    expect(events(aid.entries)).toEqual(["aidReversed", "aidPaid"]);
    const problems = await householdTimeline(caseworker, householdId, { kind: "problem" });
    expect(new Set(problems.entries.map((e) => e.kind))).toEqual(new Set(["problem"]));
    // A kind this actor may not read is no filter at all: an administrator reads no problems.
    const forAdmin = await householdTimeline(admin, householdId, { kind: "problem" });
    expect(forAdmin.kind).toBeNull();
    expect(new Set(forAdmin.entries.map((e) => e.kind))).toEqual(new Set(["visit", "register", "policy"]));
  });

  it("validates the URL's kind and position", () => {
    expect(timelineSearchSchema.parse({ kind: "aid", before: "2026-12-01.9.123" })).toEqual({ kind: "aid", before: { day: "2026-12-01", seq: 9, ref: 123 } });
    expect(timelineSearchSchema.parse({ kind: "everything", before: "2026-02-30.9.1" })).toEqual({ kind: undefined, before: undefined });
    expect(timelineSearchSchema.parse({ before: "'; DROP TABLE visit; --" })).toEqual({ kind: undefined, before: undefined });
  });

  it("is not found from another region, and the refused read is audited", async () => {
    const refusals = () => db.auditLog.count({ where: { action: "read.denied", actorId: otherCity.id, entity: "household", entityId: String(householdId) } });
    const before = await refusals();
    await expect(householdTimeline(otherCity, householdId)).rejects.toBeInstanceOf(NotFoundError);
    expect(await refusals()).toBe(before + 1);
  });

  it("withholds free texts, names and health details from a user above the township, until revealed", async () => {
    const file = await householdTimeline(supervisor, householdId);
    expect(file.masked).toBe(true);
    expect(file.entries.length).toBe(16);
    const json = JSON.stringify(file.entries);
    for (const secret of ["冬季取暖煤不足", "住院自付费用无力承担", "协调社区送煤", "申请国家助学金", "经核实认定", "孙丽华", "收入低于标准", "LABOUR_ASSESSMENT_RECORDED", "户主新患疾病"]) {
      expect(json).not.toContain(secret);
    }
    expect(file.entries.find((e) => e.event === "supportAction")).toMatchObject({ action: null, member: "孙*华", labourCapacity: null, detail: null });
    // What happened and the amounts stay: that is what a county supervisor oversees.
    expect(file.entries.find((e) => e.event === "aidPaid")).toMatchObject({ amount: "800.00" });

    await revealHouseholdPersonalData(supervisor, { householdId, reason: "区县复核：核实救助情况" });
    const revealed = await householdTimeline(supervisor, householdId);
    expect(revealed.masked).toBe(false);
    expect(JSON.stringify(revealed.entries)).toContain("冬季取暖煤不足");
  });
});

describe("a household with years of monthly visits", () => {
  it("comes a page at a time, newest first, each page starting below the last one shown", async () => {
    const household = await makeHousehold(caseworker, { category: "DIBAO" });
    // 70 monthly visits (the fixture writes them directly: logHomeVisit refuses dates this old).
    const visits = Array.from({ length: 70 }, (_, i) => ({
      householdId: household.id, regionCode: household.regionCode, visitedOn: dateFromIso(addDays(today, -30 * (i + 1))),
      visitors: "王芳", peopleMet: "户主", questionnaireVersion: 1, answers: {}, idempotencyKey: randomUUID(), recordedById: caseworker.id,
    }));
    await db.visit.createMany({ data: visits });
    // Two on the same day: the order within a day is still total.
    await logHomeVisit(caseworker, visitInput(household.id));
    await logHomeVisit(caseworker, visitInput(household.id));

    const seen: TimelineEntry[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const cursor = before ? timelineSearchSchema.parse({ before }).before : undefined;
      const page = await householdTimeline(caseworker, household.id, { before: cursor });
      expect(page.entries.length).toBeLessThanOrEqual(30);
      seen.push(...page.entries);
      before = page.earlier;
      pages++;
    } while (before && pages < 10);
    expect(pages).toBe(3);
    // 72 visits and the registration (today, before today's two visits), each once, newest first.
    expect(seen.length).toBe(73);
    expect(new Set(seen.map((e) => e.key)).size).toBe(73);
    expect(events(seen.slice(0, 3))).toEqual(["visit", "visit", "registered"]);
    const days = seen.filter((e) => e.event === "visit").map((e) => isoFromDate(e.day));
    expect(days).toEqual([...days].sort().reverse());
    expect(days.slice(0, 2)).toEqual([today, today]);
  });
});

describe("the statement behind a page", () => {
  it("has an index for every branch to read the household's rows by (none scans a table)", async () => {
    const statement = timelineStatement(1, JIANSHE_STREET, TIMELINE_KINDS, 31, { day: today, seq: 9, ref: 5 })!;
    // With sequential scans priced out, a branch still scans only where no index can serve it.
    const plan = await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      return tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${statement.text}`, ...statement.values);
    });
    const scans = plan.map((r) => r["QUERY PLAN"]).filter((line) => line.includes("Seq Scan"));
    expect(scans).toEqual([]);
  });
});
