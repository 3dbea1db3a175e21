import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import {
  confirmApplication, extendDeadline, openApplication, payApplicationAdvance, startCountyPublicity, proposeDecision, receiveDocument, recordEconomicCheck, recordObjection, startPublicity, waiveDocument,
} from "@/lib/applications/commands";
import { getApplication } from "@/lib/applications/queries";
import { topUpFund } from "@/lib/funds/ledger";
import { advanceSchema, confirmationSchema, economicCheckSchema, objectionSchema, openApplicationSchema, proposalSchema } from "@/lib/applications/schema";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { t } from "@/lib/i18n";
import { todayInChina } from "@/lib/dates";
import { addDays } from "@/lib/dates";
import { HUANGGU, JIANSHE_STREET, SHUANGTAIZI, firstVillage, makeActor, makeHousehold } from "../support/fixtures";

let caseworker: Actor;
let supervisor: Actor;
let otherSupervisor: Actor;
const today = todayInChina();
const afterPublicity = addDays(today, 8);

const counts = async () => ({ apps: await db.application.count(), audits: await db.auditLog.count(), checks: await db.economicCheck.count() });
const version = async (id: number) => (await db.application.findUniqueOrThrow({ where: { id } })).version;

async function openFor(householdId: number, missing = ["INCOME_PROOF", "ASSET_DECLARATION"]) {
  const documents = ["ID_CARD", "HOUSEHOLD_REGISTER", "APPLICATION_FORM", "AUTHORIZATION", "INCOME_PROOF", "ASSET_DECLARATION"].map((kind) => ({
    kind, provided: missing.includes(kind) ? "" : "on", dueOn: missing.includes(kind) ? addDays(today, 10) : "",
  }));
  return openApplication(caseworker, openApplicationSchema.parse({ householdId: String(householdId), type: "DIBAO", documents }));
}

async function check(applicationId: number, monthlyIncome: string) {
  const members = await db.member.findMany({ where: { household: { applications: { some: { id: applicationId } } } } });
  return recordEconomicCheck(caseworker, economicCheckSchema.parse({
    applicationId, version: await version(applicationId), incomes: members.map((m) => ({ memberId: m.id, monthlyIncome })), assets: "无房产车辆",
  }));
}

async function propose(applicationId: number) {
  await proposeDecision(caseworker, proposalSchema.parse({ applicationId, version: await version(applicationId), proposal: "GRANT", amount: "650", reason: "人均收入低于标准" }));
}

const approve = async (actor: Actor, applicationId: number, on = afterPublicity) =>
  confirmApplication(actor, confirmationSchema.parse({ applicationId, version: await version(applicationId), decision: "APPROVE", amount: "650", startMonth: afterPublicity.slice(0, 7) }), on);

beforeAll(async () => {
  caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
  supervisor = await makeActor("SUPERVISOR", SHUANGTAIZI);
  otherSupervisor = await makeActor("SUPERVISOR", HUANGGU);
});

describe("applications: the whole path", () => {
  it("intake with missing documents → check → review → publicity → objection → again → confirmation", async () => {
    const household = await makeHousehold(caseworker, { category: "NONE", headName: "孙丽华" });
    const app = await openFor(household.id);
    expect(app.stage).toBe("ACCEPTED");
    expect(app.documents.filter((d) => d.missing).map((d) => d.kind).sort()).toEqual(["ASSET_DECLARATION", "INCOME_PROOF"]);
    // One open application per household.
    await expect(openFor(household.id)).rejects.toThrow(/已有办理中的申请/);

    // Out of order: no proposal before the check, no publicity before a proposal, no confirmation before publicity.
    const before = await counts();
    await expect(proposeDecision(caseworker, proposalSchema.parse({ applicationId: app.id, version: 1, proposal: "GRANT", amount: "650", reason: "x" }))).rejects.toThrow("请先完成家庭经济状况核对。");
    await expect(startPublicity(caseworker, { applicationId: app.id, version: 1 })).rejects.toThrow("公示前须有乡镇审核意见。");
    await expect(approve(supervisor, app.id)).rejects.toThrow("只有公示中的申请可以确认。");
    expect(await counts()).toEqual(before);

    // Economic check against the standard in force on the acceptance day (盘锦, urban, 低保).
    const result = await check(app.id, "300");
    expect(Number(result.incomePerHead)).toBe(300);
    expect(result.standardAmount).not.toBeNull();
    expect(result.eligible).toBe(Number(result.standardAmount) > 300);

    await propose(app.id);
    const publicity = await startPublicity(caseworker, { applicationId: app.id, version: await version(app.id) });
    expect(publicity.endsOn.toISOString().slice(0, 10)).toBe(addDays(today, 6));

    // Confirm while the publicity runs: refused.
    await expect(approve(supervisor, app.id, today)).rejects.toThrow(/公示期至 .* 结束，期满后才能确认。/);

    // An objection sends it back; the proposal must be made and published again.
    await recordObjection(caseworker, objectionSchema.parse({ applicationId: app.id, version: await version(app.id), receivedOn: today, raisedBy: "邻居", content: "家中有经营性收入" }));
    let page = await getApplication(caseworker, app.id);
    expect(page.stage).toBe("ACCEPTED");
    expect(page.publicity[0]).toMatchObject({ outcome: "OBJECTED" });
    await check(app.id, "320");
    await propose(app.id);
    await startPublicity(caseworker, { applicationId: app.id, version: await version(app.id) });

    // After the period: missing documents block confirmation until received or waived.
    await expect(approve(supervisor, app.id)).rejects.toThrow("尚有缺失材料未补齐或豁免：收入证明、家庭财产申报表");
    const docs = page.documents.filter((d) => d.missing);
    await receiveDocument(caseworker, { applicationId: app.id, documentId: docs[0].id });
    await expect(waiveDocument(caseworker, { applicationId: app.id, documentId: docs[1].id, reason: "x" })).rejects.toBeInstanceOf(ForbiddenError);
    await waiveDocument(supervisor, { applicationId: app.id, documentId: docs[1].id, reason: "申请人确无财产可申报" });

    // The caseworker may not confirm (the county has not delegated); a supervisor of another county does not see it.
    await expect(approve(caseworker, app.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(approve(otherSupervisor, app.id)).rejects.toBeInstanceOf(NotFoundError);
    await approve(supervisor, app.id);

    page = await getApplication(supervisor, app.id);
    expect(page.stage).toBe("APPROVED");
    expect((await db.household.findUniqueOrThrow({ where: { id: household.id } })).category).toBe("DIBAO");
    const entry = await db.registerEntry.findFirstOrThrow({ where: { householdId: household.id } });
    expect(entry).toMatchObject({ category: "DIBAO", applicationId: app.id, toMonth: null });
    const actions = (await db.auditLog.findMany({ where: { entity: "application", entityId: String(app.id) }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual([
      "application.open", "application.economic_check", "application.propose", "application.publicity_start", "application.objection",
      "application.economic_check", "application.propose", "application.publicity_start", "application.document_received",
      "application.document_waived", "application.approve",
    ]);
  });

  it("refuses a negative income and requires a reason to refuse", () => {
    const bad = economicCheckSchema.safeParse({ applicationId: 1, version: 1, incomes: [{ memberId: 1, monthlyIncome: "-5" }] });
    expect(bad.error?.issues[0].message).toBe("收入不能为负数");
    const noReason = confirmationSchema.safeParse({ applicationId: 1, version: 1, decision: "REFUSE" });
    expect(noReason.error?.issues[0].message).toBe("不予确认须写明理由（将书面告知申请人）");
  });

  it("lets exactly one of two simultaneous confirmations through", async () => {
    const household = await makeHousehold(caseworker, { category: "NONE" });
    const app = await openFor(household.id, []);
    await check(app.id, "100");
    await propose(app.id);
    await startPublicity(caseworker, { applicationId: app.id, version: await version(app.id) });
    const v = await version(app.id);
    const input = confirmationSchema.parse({ applicationId: app.id, version: v, decision: "APPROVE", amount: "650", startMonth: afterPublicity.slice(0, 7) });
    const results = await Promise.allSettled([confirmApplication(supervisor, input, afterPublicity), confirmApplication(supervisor, input, afterPublicity)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(ConflictError);
    expect(await db.registerEntry.count({ where: { householdId: household.id } })).toBe(1);
  });

  it("where the county delegated confirmation, the township confirms and the county cannot", async () => {
    const village = await firstVillage("210105");
    const worker = await makeActor("CASEWORKER", village.slice(0, 9));
    await db.countySetting.create({ data: { countyCode: "210105", delegatedConfirmation: true } });
    const household = await makeHousehold(worker, { regionCode: village, category: "NONE" });
    const app = await openApplication(worker, openApplicationSchema.parse({ householdId: String(household.id), type: "DIBAO", documents: [] }));
    // No documents said provided: all missing with the default deadline; waive by the county.
    for (const d of app.documents) await waiveDocument(otherSupervisor, { applicationId: app.id, documentId: d.id, reason: "测试豁免" });
    const members = await db.member.findMany({ where: { householdId: household.id } });
    await recordEconomicCheck(worker, economicCheckSchema.parse({ applicationId: app.id, version: await version(app.id), incomes: members.map((m) => ({ memberId: m.id, monthlyIncome: "0" })) }));
    await proposeDecision(worker, proposalSchema.parse({ applicationId: app.id, version: await version(app.id), proposal: "GRANT", amount: "700", reason: "无收入" }));
    await startPublicity(worker, { applicationId: app.id, version: await version(app.id) });
    await expect(approve(otherSupervisor, app.id)).rejects.toThrow("本县已将审核确认权下放乡镇（街道），由乡镇确认，县级备案。");
    // Four eyes under delegation too: the caseworker who proposed cannot confirm (issue 11).
    await expect(approve(worker, app.id)).rejects.toThrow(t.applications.sameProposerConfirmer);
    const colleague = await makeActor("CASEWORKER", village.slice(0, 9));
    await approve(colleague, app.id);
    expect(await db.application.findUniqueOrThrow({ where: { id: app.id } })).toMatchObject({ stage: "APPROVED", confirmedByTownship: true });
  });

  it("in a county that kept two-level publicity, confirms only after the county's own 7 days", async () => {
    const village = await firstVillage("2106");
    const county = village.slice(0, 6);
    const worker = await makeActor("CASEWORKER", village.slice(0, 9));
    const countySupervisor = await makeActor("SUPERVISOR", county);
    await db.countySetting.create({ data: { countyCode: county, twoLevelPublicity: true } });
    const household = await makeHousehold(worker, { regionCode: village, category: "NONE" });
    const app = await openApplication(worker, openApplicationSchema.parse({
      householdId: String(household.id), type: "DIBAO",
      documents: ["ID_CARD", "HOUSEHOLD_REGISTER", "APPLICATION_FORM", "AUTHORIZATION", "INCOME_PROOF", "ASSET_DECLARATION"].map((kind) => ({ kind, provided: "on" })),
    }));
    const members = await db.member.findMany({ where: { householdId: household.id } });
    await recordEconomicCheck(worker, economicCheckSchema.parse({ applicationId: app.id, version: await version(app.id), incomes: members.map((mb) => ({ memberId: mb.id, monthlyIncome: "0" })) }));
    await proposeDecision(worker, proposalSchema.parse({ applicationId: app.id, version: await version(app.id), proposal: "GRANT", amount: "600", reason: "无收入" }));
    await startPublicity(worker, { applicationId: app.id, version: await version(app.id) });
    await expect(approve(countySupervisor, app.id)).rejects.toThrow("本县实行两级公示，须经县级公示期满后才能确认。");
    await expect(startCountyPublicity(countySupervisor, { applicationId: app.id, version: await version(app.id) }, today)).rejects.toThrow(/期满后才能确认/);
    const second = await startCountyPublicity(countySupervisor, { applicationId: app.id, version: await version(app.id) }, afterPublicity);
    expect(second).toMatchObject({ level: 2, regionCode: county });
    await expect(approve(countySupervisor, app.id, afterPublicity)).rejects.toThrow(/公示期至/);
    await approve(countySupervisor, app.id, addDays(afterPublicity, 8));
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).stage).toBe("APPROVED");
    // One-level counties have no county publicity.
    await expect(startCountyPublicity(supervisor, { applicationId: 1, version: 1 })).rejects.toBeInstanceOf(Error);
  });

  it("pays a small advance from the township reserve, linked to the application; over the cap is refused", async () => {
    const admin = await makeActor("ADMIN", "21");
    const reserve = await db.fund.findUniqueOrThrow({ where: { kind_regionCode: { kind: "TOWNSHIP_RESERVE", regionCode: JIANSHE_STREET } } });
    await topUpFund(admin, { fundId: reserve.id, amount: "5000.00", note: "测试拨款" });
    const household = await makeHousehold(caseworker, { category: "NONE" });
    const app = await openFor(household.id);
    const before = { problems: await db.problem.count(), entries: await db.fundEntry.count(), audits: await db.auditLog.count() };
    await expect(payApplicationAdvance(caseworker, advanceSchema.parse({ applicationId: app.id, amount: "3000.01", reason: "太多" }))).rejects.toBeInstanceOf(DomainError);
    expect({ problems: await db.problem.count(), entries: await db.fundEntry.count(), audits: await db.auditLog.count() }).toEqual(before);

    const aid = await payApplicationAdvance(caseworker, advanceSchema.parse({ applicationId: app.id, amount: "800", reason: "申请期间断炊，急需生活费" }));
    expect(aid).toMatchObject({ applicationId: app.id, status: "PAID" });
    expect(await db.problem.findUniqueOrThrow({ where: { id: aid.problemId } })).toMatchObject({ status: "RESOLVED", tier: "TEMP_AID", householdId: household.id });
    expect((await db.fund.findUniqueOrThrow({ where: { id: reserve.id } })).balance.toFixed(2)).toBe("4200.00");
    expect((await getApplication(caseworker, app.id)).advances.map((x) => x.id)).toEqual([aid.id]);
  });

  it("extends the limit once", async () => {
    const household = await makeHousehold(caseworker, { category: "NONE" });
    const app = await openFor(household.id, []);
    await extendDeadline(supervisor, { applicationId: app.id, version: app.version });
    expect((await getApplication(caseworker, app.id)).clock.limit).toBe(45);
    await expect(extendDeadline(supervisor, { applicationId: app.id, version: await version(app.id) })).rejects.toBeInstanceOf(DomainError);
  });
});
