/**
 * Minimum necessary personal data (issue 11, decision 016): a family is shown in full only to
 * users of its own township; everyone above a township (county supervisors, provincial staff,
 * administrators, other departments) sees it masked on every page and list that names it, until
 * they give a reason for one household — audited, per user, and only for a while.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { createHousehold, revealHouseholdPersonalData } from "@/lib/households/commands";
import { getHousehold, listHouseholds } from "@/lib/households/queries";
import { createHouseholdSchema, householdSearchSchema, revealPersonalSchema } from "@/lib/households/schema";
import { maskPhone, outsideOwnTownship } from "@/lib/households/privacy";
import { monthlyRoster, visitHistory } from "@/lib/visits/queries";
import { worklist } from "@/lib/discovery/queries";
import { openLeads, recordLead, leadSchema } from "@/lib/discovery/leads";
import { recordProblem } from "@/lib/problems/commands";
import { recordProblemSchema, problemSearchSchema } from "@/lib/problems/schema";
import { getProblem, listProblems } from "@/lib/problems/queries";
import { openApplication } from "@/lib/applications/commands";
import { applicationSearchSchema, openApplicationSchema } from "@/lib/applications/schema";
import { documentReminders, getApplication, listApplications } from "@/lib/applications/queries";
import { grantAid } from "@/lib/aid/commands";
import { grantAidSchema } from "@/lib/aid/schema";
import { aidQueue } from "@/lib/aid/queries";
import { transferProblem } from "@/lib/transfers/commands";
import { transferProblemSchema, transferSearchSchema } from "@/lib/transfers/schema";
import { getTransfer, listTransfers } from "@/lib/transfers/queries";
import { getFund } from "@/lib/funds/queries";
import { topUpFund } from "@/lib/funds/ledger";
import { listAlerts } from "@/lib/monitoring/queries";
import { listAuditLog } from "@/lib/audit/queries";
import { auditSearchSchema } from "@/lib/audit/schema";
import { addDays, dateFromIso, todayInChina } from "@/lib/dates";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { JIANSHE_STREET, SHUANGTAIZI, ZHANQIAN, makeActor, makeHousehold, makeIdNumber } from "../support/fixtures";

const today = todayInChina();
let caseworker: Actor;
let villageworker: Actor;
let supervisor: Actor;
let provincial: Actor;
let admin: Actor;
let otherCityWatcher: Actor;
let yibao: Actor; // 盘锦市医保局: the transfer is addressed to it
let jiaoyu: Actor; // 双台子区教育局: same region, another department
let household: Awaited<ReturnType<typeof createHousehold>>;
let other: Awaited<ReturnType<typeof createHousehold>>; // a second family, never revealed
let problemId: number;
let applicationId: number;
let transferId: number;
let fundId: number;

/** What must never reach a user who sees the family masked. */
const SECRETS = ["孙丽华", "刘佳怡", "9 号楼", "13912345678", "户主丈夫去年因病去世", "情绪低落"];
const expectMasked = (value: unknown) => {
  const text = JSON.stringify(value);
  for (const s of SECRETS) expect(text, `leaks ${s}`).not.toContain(s);
};

beforeAll(async () => {
  caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
  villageworker = await makeActor("CASEWORKER", ZHANQIAN);
  supervisor = await makeActor("SUPERVISOR", SHUANGTAIZI);
  provincial = await makeActor("PROVINCIAL", "21");
  admin = await makeActor("ADMIN", "21");
  otherCityWatcher = await makeActor("PROVINCIAL", "2101"); // 沈阳 only
  yibao = await makeActor("DEPARTMENT", "2111", "MEDICAL_INSURANCE");
  jiaoyu = await makeActor("DEPARTMENT", SHUANGTAIZI, "EDUCATION");
  household = await createHousehold(caseworker, createHouseholdSchema.parse({
    regionCode: ZHANQIAN, address: "站前社区 9 号楼 3 单元 502", phone: "13912345678", category: "NONE",
    note: "户主丈夫去年因病去世",
    members: [
      { name: "孙丽华", idNumber: makeIdNumber("211102", "1945-03-08", false), relation: "HEAD", majorIllness: "on", disabilityGrade: "1" },
      { name: "刘佳怡", idNumber: makeIdNumber("211102", "2012-07-01", false), relation: "GRANDCHILD", unsupportedChild: "on" },
    ],
  }));
  other = await makeHousehold(caseworker, { headName: "赵春梅" });
  const problem = await recordProblem(caseworker, recordProblemSchema.parse({
    householdId: household.id, source: "HOUSEHOLD", category: "MEDICAL", description: "乳腺癌化疗自付费用高", urgency: "HIGH", foundOn: today,
  }));
  problemId = problem.id;
  const aid = await grantAid(caseworker, grantAidSchema.parse({
    problemId, version: problem.version, kind: "EXPENDITURE", amount: "500", reason: "化疗自付部分",
    conferenceOn: today, participants: "街道民政办、社区书记", minutes: "一致同意救助 500 元",
  }));
  expect(aid.status).toBe("PENDING_SIGNOFF");
  const second = await recordProblem(caseworker, recordProblemSchema.parse({
    householdId: household.id, source: "HOUSEHOLD", category: "MEDICAL", description: "大病保险二次报销", urgency: "HIGH", foundOn: today,
  }));
  transferId = (await transferProblem(caseworker, transferProblemSchema.parse({
    problemId: second.id, departmentCode: "MEDICAL_INSURANCE", request: "请协助办理大病保险二次报销", dueOn: addDays(today, 10),
  }))).id;
  const emergency = await recordProblem(caseworker, recordProblemSchema.parse({
    householdId: household.id, source: "HOUSEHOLD", category: "BASIC_LIVING", description: "急需生活费", urgency: "HIGH", foundOn: today,
  }));
  const reserve = await db.fund.findUniqueOrThrow({ where: { kind_regionCode: { kind: "TOWNSHIP_RESERVE", regionCode: JIANSHE_STREET } } });
  await topUpFund(admin, { fundId: reserve.id, amount: "1000.00", note: "测试拨款" });
  const paid = await grantAid(caseworker, grantAidSchema.parse({ problemId: emergency.id, version: emergency.version, kind: "EMERGENCY", amount: "300", reason: "急需生活费" }));
  fundId = (await db.fundEntry.findFirstOrThrow({ where: { aidCaseId: paid.id } })).fundId;
  applicationId = (await openApplication(caseworker, openApplicationSchema.parse({ householdId: String(household.id), type: "DIBAO", documents: [{ kind: "INCOME_PROOF", provided: "", dueOn: addDays(today, 10) }] }))).id;
  await db.visit.create({
    data: {
      householdId: household.id, regionCode: ZHANQIAN, visitedOn: dateFromIso(today), visitors: "王芳", peopleMet: "孙丽华本人",
      findings: "情绪低落，独自照顾孙女", questionnaireVersion: 1, answers: { health: "newIllness" }, idempotencyKey: randomUUID(), recordedById: caseworker.id,
    },
  });
  await db.monitoringAlert.create({
    data: {
      householdId: household.id, regionCode: ZHANQIAN, kind: "NEW_FLAG", raisedOn: dateFromIso(today), dedupeKey: `privacy-${randomUUID()}`,
      detail: JSON.stringify({ member: "孙丽华", majorIllness: true, disabilityGrade: 1, on: today }),
    },
  });
  await recordLead(caseworker, leadSchema.parse({ regionCode: ZHANQIAN, source: "GRID", familyName: "钱秀英", address: "站前社区 12 号楼", phone: "13700001111", situation: "独居老人，行动不便" }));
});

/** Every read that names the family, as far as this actor's permissions go. */
async function everyView(actor: Actor) {
  const out: Record<string, unknown> = {};
  if (can(actor, "read:household")) {
    out.household = await getHousehold(actor, household.id);
    out.visits = await visitHistory(actor, household.id);
    out.list = await listHouseholds(actor, householdSearchSchema.parse({ q: "孙丽华" }));
  }
  if (can(actor, "read:worklist")) out.worklist = await worklist(actor, { q: "孙丽华", page: 1 });
  if (can(actor, "read:problem")) {
    out.problem = await getProblem(actor, problemId);
    out.problems = await listProblems(actor, problemSearchSchema.parse({ filter: "all" }));
    out.aid = await aidQueue(actor);
  }
  if (can(actor, "read:application")) {
    out.application = await getApplication(actor, applicationId);
    out.applications = await listApplications(actor, applicationSearchSchema.parse({ filter: "all" }));
    out.reminders = await documentReminders(actor);
  }
  if (can(actor, "read:transfer")) {
    out.transfer = await getTransfer(actor, transferId);
    out.transfers = await listTransfers(actor, transferSearchSchema.parse({}));
  }
  if (can(actor, "read:fund")) out.fund = await getFund(actor, fundId, 1);
  if (can(actor, "read:alert")) out.alerts = await listAlerts(actor, { open: true, page: 1 });
  if (can(actor, "read:audit")) out.audit = await listAuditLog(actor, auditSearchSchema.parse({ entity: "household" }));
  return out;
}

describe("minimum necessary personal data outside one's own township", () => {
  it("decides per record: the township is the first 9 digits, users above a township see every family masked", () => {
    expect(outsideOwnTownship(caseworker, ZHANQIAN)).toBe(false);
    expect(outsideOwnTownship(villageworker, `${JIANSHE_STREET}002`)).toBe(false);
    expect(outsideOwnTownship(caseworker, "211102004001")).toBe(true);
    for (const above of [supervisor, provincial, admin, yibao]) expect(outsideOwnTownship(above, ZHANQIAN)).toBe(true);
  });

  it("shows the family's own township (township and village users) everything in full", async () => {
    for (const worker of [caseworker, villageworker]) {
      const h = await getHousehold(worker, household.id);
      expect(h).toMatchObject({ masked: false, headName: "孙丽华", address: "站前社区 9 号楼 3 单元 502", phone: "13912345678" });
      expect(h.members.find((m) => m.relation === "HEAD")).toMatchObject({ majorIllness: true, disabilityGrade: 1 });
      expect((await visitHistory(worker, household.id))[0].findings).toBe("情绪低落，独自照顾孙女");
      expect((await getProblem(worker, problemId)).household.headName).toBe("孙丽华");
      expect((await getApplication(worker, applicationId)).household.address).toBe("站前社区 9 号楼 3 单元 502");
      expect((await listAlerts(worker, { open: true, page: 1 })).rows.find((a) => a.householdId === household.id)?.detail).toMatchObject({ member: "孙丽华", majorIllness: true });
      expect((await openLeads(worker)).map((l) => l.familyName)).toContain("钱秀英");
    }
  });

  it("masks the household page for everyone above a township: name partly, no address, phone masked, no texts, flags as a count", async () => {
    for (const watcher of [supervisor, provincial, admin]) {
      const h = await getHousehold(watcher, household.id);
      expect(h).toMatchObject({ masked: true, headName: "孙*华", address: "", phone: "139****5678", note: null });
      expect(h.villageFullName).toContain("站前社区");
      expect(h.members.map((m) => m.name).sort()).toEqual(["刘*怡", "孙*华"]);
      expect(h.members.find((m) => m.relation === "HEAD")).toMatchObject({ majorIllness: false, disabilityGrade: null, sensitiveFlags: 2 });
      expect(h.members.find((m) => m.relation === "GRANDCHILD")).toMatchObject({ unsupportedChild: false, sensitiveFlags: 1 });
      expect(h.problems.every((p) => p.description === "")).toBe(true);
      expect((await visitHistory(watcher, household.id))[0]).toMatchObject({ findings: null, peopleMet: "", answers: {} });
      const list = await listHouseholds(watcher, householdSearchSchema.parse({ q: "孙丽华" }));
      expect(list.rows.find((r) => r.id === household.id)).toMatchObject({ headName: "孙*华", address: "", masked: true });
    }
  });

  it("masks the family on every page and list that names it: applications, problems, aid sign-off, transfers, ledger, alerts, worklist, leads, audit", async () => {
    for (const watcher of [supervisor, provincial, admin, yibao]) {
      const views = await everyView(watcher);
      expect(Object.keys(views).length).toBeGreaterThan(0);
      expectMasked(views);
      expect(JSON.stringify(views)).toContain("孙*华");
    }
    const views = await everyView(supervisor);
    expect(views.application).toMatchObject({ masked: true, household: { headName: "孙*华", address: "" } });
    expect((views.aid as Awaited<ReturnType<typeof aidQueue>>).pending.find((c) => c.problemId === problemId)?.household).toMatchObject({ headName: "孙*华", address: "" });
    expect((views.alerts as Awaited<ReturnType<typeof listAlerts>>).rows.find((a) => a.householdId === household.id)?.detail).toEqual({ member: "孙*华", on: today, sensitiveFlags: 2 });
    expect((await getTransfer(yibao, transferId)).household).toMatchObject({ headName: "孙*华", phone: "139****5678", masked: true });
    const leads = await openLeads(supervisor);
    expect(leads.find((l) => l.familyName === "钱*英")).toMatchObject({ address: "", phone: "137****1111", situation: "" });
    // The problem being signed off or answered stays readable: that is the work.
    expect((views.problem as Awaited<ReturnType<typeof getProblem>>).description).toBe("乳腺癌化疗自付费用高");
  });

  it("masks roster rows too", async () => {
    await db.household.update({ where: { id: household.id }, data: { category: "DIBAO" } });
    try {
      for (const watcher of [supervisor, provincial]) {
        const roster = await monthlyRoster(watcher, { filter: "all", q: "孙丽华", page: 1 });
        expect(roster.rows.map((r) => r.headName)).toContain("孙*华");
        expectMasked(roster.rows);
      }
      expect((await monthlyRoster(caseworker, { filter: "all", q: "孙丽华", page: 1 })).rows.map((r) => r.headName)).toContain("孙丽华");
    } finally {
      await db.household.update({ where: { id: household.id }, data: { category: "NONE" } });
    }
  });

  it("reveals one household with a reason, audited in the same transaction, per user, for a limited time — on every page", async () => {
    expect(revealPersonalSchema.safeParse({ householdId: household.id, reason: "看看" }).error?.issues[0].message)
      .toBe("请具体说明查看理由（至少 5 个字）");
    expect(revealPersonalSchema.safeParse({ householdId: household.id, reason: "核实个案情况", returnTo: "//evil.example" }).success).toBe(false);
    expect(revealPersonalSchema.safeParse({ householdId: household.id, reason: "核实个案情况", returnTo: `/applications/${applicationId}` }).success).toBe(true);
    await expect(revealHouseholdPersonalData(caseworker, { householdId: household.id, reason: "核实个案情况" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(revealHouseholdPersonalData(otherCityWatcher, { householdId: household.id, reason: "核实个案情况" })).rejects.toBeInstanceOf(NotFoundError);

    const audits = await db.auditLog.count({ where: { action: "household.reveal_personal" } });
    const { until } = await revealHouseholdPersonalData(supervisor, { householdId: household.id, reason: "审核确认：核实申请人身份" });
    expect(until.getTime()).toBeGreaterThan(Date.now());
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "household.reveal_personal", actorId: supervisor.id }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ entity: "household", entityId: String(household.id), regionCode: ZHANQIAN });
    expect(audit.after).toMatchObject({ reason: "审核确认：核实申请人身份" });
    expect(await db.auditLog.count({ where: { action: "household.reveal_personal" } })).toBe(audits + 1);

    const revealed = await getHousehold(supervisor, household.id);
    expect(revealed).toMatchObject({ masked: false, headName: "孙丽华", address: "站前社区 9 号楼 3 单元 502" });
    expect(revealed.revealedUntil).not.toBeNull();
    expect((await visitHistory(supervisor, household.id))[0].findings).toBe("情绪低落，独自照顾孙女");
    expect(await getApplication(supervisor, applicationId)).toMatchObject({ masked: false, household: { headName: "孙丽华" } });
    expect((await getProblem(supervisor, problemId)).household.headName).toBe("孙丽华");
    expect((await getTransfer(supervisor, transferId)).household.phone).toBe("13912345678");
    expect(JSON.stringify(await getFund(supervisor, fundId, 1))).toContain("孙丽华");
    // Only that household: the other family stays masked.
    expect((await getHousehold(supervisor, other.id)).headName).toBe("赵*梅");
    // Only for that user: the provincial watcher still sees it masked.
    expect((await getHousehold(provincial, household.id)).headName).toBe("孙*华");

    // Once the time is up, masked again.
    await db.personalDataReveal.updateMany({ where: { actorId: supervisor.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await getHousehold(supervisor, household.id)).masked).toBe(true);
    expect((await getApplication(supervisor, applicationId)).household.headName).toBe("孙*华");
  });

  it("lets another department reveal only a family on a transfer addressed to it", async () => {
    await expect(revealHouseholdPersonalData(jiaoyu, { householdId: household.id, reason: "核实学生家庭情况" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(revealHouseholdPersonalData(yibao, { householdId: other.id, reason: "核实参保人身份" })).rejects.toBeInstanceOf(NotFoundError);
    await revealHouseholdPersonalData(yibao, { householdId: household.id, reason: "联系参保人办理二次报销" });
    expect((await getTransfer(yibao, transferId)).household).toMatchObject({ headName: "孙丽华", phone: "13912345678", masked: false });
  });

  it("masks phone numbers keeping the first three and last four digits", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPhone("024-1234")).toBe("******34");
    expect(maskPhone("024-12345678")).toBe("024*****5678");
    expect(maskPhone(null)).toBeNull();
  });
});
