import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { openApplication, payApplicationAdvance } from "@/lib/applications/commands";
import { advanceSchema, openApplicationSchema } from "@/lib/applications/schema";
import { recordProblem } from "@/lib/problems/commands";
import { recordProblemSchema } from "@/lib/problems/schema";
import { grantAid, signOffAid } from "@/lib/aid/commands";
import { grantAidSchema } from "@/lib/aid/schema";
import { applicationAdvanceStatus } from "@/lib/aid/queries";
import { AdvanceAlreadyPaidError, episodeStart } from "@/lib/aid/advances";
import { reverseFundEntry, topUpFund } from "@/lib/funds/ledger";
import { NotFoundError } from "@/lib/errors";
import { dateFromIso, todayInChina } from "@/lib/dates";
import { HUANGGU, JIANSHE_STREET, SHUANGTAIZI, makeActor, makeHousehold } from "../support/fixtures";

let caseworker: Actor;
let supervisor: Actor;
let otherCity: Actor;
const today = todayInChina();

async function openFor(householdId: number) {
  return openApplication(caseworker, openApplicationSchema.parse({
    householdId: String(householdId), type: "DIBAO",
    documents: ["ID_CARD", "HOUSEHOLD_REGISTER", "APPLICATION_FORM", "AUTHORIZATION", "INCOME_PROOF", "ASSET_DECLARATION"].map((kind) => ({ kind, provided: "on", dueOn: "" })),
  }));
}

/** Aid paid from a problem's page: an advance at once (emergency, under the cap) or a signed-off case conference. */
async function aidFromProblemPage(householdId: number, kind: "EMERGENCY" | "EXPENDITURE", amount: string) {
  const problem = await recordProblem(caseworker, recordProblemSchema.parse({
    householdId, source: "GRID", reporter: "网格员", category: "MEDICAL", description: "突发疾病住院", urgency: "HIGH", foundOn: today,
  }));
  const conference = kind === "EXPENDITURE" ? { conferenceOn: today, participants: "街道民政办、社区", minutes: "同意救助" } : {};
  const aid = await grantAid(caseworker, grantAidSchema.parse({ problemId: problem.id, version: String(problem.version), kind, amount, reason: "住院押金", ...conference }));
  if (aid.status === "PENDING_SIGNOFF") await signOffAid(supervisor, { aidCaseId: aid.id, version: aid.version, decision: "APPROVE", note: null });
  return aid;
}

const writes = async () => ({ aid: await db.aidCase.count(), entries: await db.fundEntry.count(), problems: await db.problem.count() });
const advance = (applicationId: number, amount = "500") => payApplicationAdvance(caseworker, advanceSchema.parse({ applicationId, amount, reason: "申请期间断炊，急需生活费" }));

beforeAll(async () => {
  caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
  supervisor = await makeActor("SUPERVISOR", SHUANGTAIZI);
  otherCity = await makeActor("CASEWORKER", `${HUANGGU}013`);
  const admin = await makeActor("ADMIN", "21");
  for (const [kind, regionCode] of [["TOWNSHIP_RESERVE", JIANSHE_STREET], ["CITY_FUND", "2111"]] as const) {
    const fund = await db.fund.findUniqueOrThrow({ where: { kind_regionCode: { kind, regionCode } } });
    await topUpFund(admin, { fundId: fund.id, amount: "20000.00", note: "测试拨款" });
  }
});

describe("先行救助 on an application", () => {
  it("shows the 800 paid from the problem page, offers no second advance, and the command refuses one (audited)", async () => {
    const household = await makeHousehold(caseworker, { category: "NONE" });
    const paid = await aidFromProblemPage(household.id, "EMERGENCY", "800");
    const application = await openFor(household.id);

    const status = await applicationAdvanceStatus(caseworker, application.id);
    expect(status.paid).toHaveLength(1);
    expect(status.paid[0]).toMatchObject({ aidCaseId: paid.id, amount: "800.00", kind: "EMERGENCY", advance: true, reversed: false, applicationId: null });
    expect(status.covering?.aidCaseId).toBe(paid.id);

    const before = await writes();
    const refusals = () => db.auditLog.count({ where: { action: "application.advance", actorId: caseworker.id, entityId: String(application.id) } });
    const refusedBefore = await refusals();
    await expect(advance(application.id)).rejects.toBeInstanceOf(AdvanceAlreadyPaidError);
    await expect(advance(application.id)).rejects.toThrow(`¥800.00（救助 #${paid.id}），不能重复支付先行救助。`);
    expect(await writes()).toEqual(before);
    expect(await refusals()).toBe(refusedBefore + 2);
  });

  it("one advance per application: a second from the application page is refused, also when two are sent at once", async () => {
    const household = await makeHousehold(caseworker, { category: "NONE" });
    const application = await openFor(household.id);
    expect((await applicationAdvanceStatus(caseworker, application.id)).covering).toBeNull();

    const results = await Promise.allSettled([advance(application.id), advance(application.id)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(AdvanceAlreadyPaidError);
    const status = await applicationAdvanceStatus(caseworker, application.id);
    expect(status.paid).toHaveLength(1);
    expect(status.paid[0]).toMatchObject({ applicationId: application.id, amount: "500.00" });
  });

  it("the problem page refuses a second advance for an emergency an open application's advance already met (audited as duplicate)", async () => {
    const household = await makeHousehold(caseworker, { category: "NONE" });
    const application = await openFor(household.id);
    const first = await advance(application.id, "600");
    const problem = await recordProblem(caseworker, recordProblemSchema.parse({
      householdId: household.id, source: "GRID", reporter: "网格员", category: "BASIC_LIVING", description: "断炊", urgency: "HIGH", foundOn: today,
    }));
    const before = await writes();
    const refusals = () => db.auditLog.count({ where: { action: "aid.advance", actorId: caseworker.id, entityId: String(problem.id) } });
    const grant = () => grantAid(caseworker, grantAidSchema.parse({ problemId: problem.id, version: String(problem.version), kind: "EMERGENCY", amount: "500", reason: "生活费" }));
    await expect(grant()).rejects.toBeInstanceOf(AdvanceAlreadyPaidError);
    expect(await writes()).toEqual({ ...before });
    expect(await refusals()).toBe(1);
    const refusal = await db.auditLog.findFirstOrThrow({ where: { action: "aid.advance", entityId: String(problem.id) }, orderBy: { id: "desc" } });
    expect(refusal.after).toMatchObject({ reason: "duplicate", ids: { aidCaseId: first.id } });
    expect((await db.problem.findUniqueOrThrow({ where: { id: problem.id } })).status).toBe("OPEN");
    // Spending-type aid (a case conference) is another need: still possible.
    const spending = await grantAid(caseworker, grantAidSchema.parse({
      problemId: problem.id, version: String(problem.version), kind: "EXPENDITURE", amount: "500", reason: "医药费",
      conferenceOn: today, participants: "街道民政办、社区", minutes: "同意救助",
    }));
    expect(spending.status).toBe("PENDING_SIGNOFF");
  });

  it("with no open application a problem's advance is its own need: two problems, two advances", async () => {
    const household = await makeHousehold(caseworker, { category: "NONE" });
    const a = await aidFromProblemPage(household.id, "EMERGENCY", "300");
    const b = await aidFromProblemPage(household.id, "EMERGENCY", "300");
    expect([a.status, b.status]).toEqual(["PAID", "PAID"]);
  });

  it("a reversed advance no longer counts; spending-type aid meets another need and is listed only", async () => {
    const household = await makeHousehold(caseworker, { category: "NONE" });
    const emergency = await aidFromProblemPage(household.id, "EMERGENCY", "300");
    const spending = await aidFromProblemPage(household.id, "EXPENDITURE", "2500");
    const application = await openFor(household.id);
    expect((await applicationAdvanceStatus(caseworker, application.id)).covering?.aidCaseId).toBe(emergency.id);

    const payment = await db.fundEntry.findFirstOrThrow({ where: { aidCaseId: emergency.id, kind: "PAYMENT" } });
    await reverseFundEntry(supervisor, { entryId: payment.id, reason: "误付，冲正" });
    const status = await applicationAdvanceStatus(caseworker, application.id);
    expect(status.paid.map((p) => [p.aidCaseId, p.kind, p.reversed])).toEqual([[spending.id, "EXPENDITURE", false], [emergency.id, "EMERGENCY", true]]);
    expect(status.covering).toBeNull();
    await expect(advance(application.id)).resolves.toMatchObject({ status: "PAID", applicationId: application.id });
  });

  it("an episode starts at midnight, China time, 30 days before acceptance", () => {
    expect(episodeStart(dateFromIso("2026-12-31")).toISOString()).toBe("2026-11-30T16:00:00.000Z");
  });

  it("another region's application is not found", async () => {
    const household = await makeHousehold(caseworker, { category: "NONE" });
    const application = await openFor(household.id);
    await expect(applicationAdvanceStatus(otherCity, application.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
