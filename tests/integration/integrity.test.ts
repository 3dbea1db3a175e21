/**
 * Issue 11's integrity and scope findings, each with the test that would have caught it:
 * the leads scope override (finding 11), the economic check counting every member exactly once,
 * and four eyes on confirmation (under delegation: tests/integration/applications.test.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { leadSchema, openLeads, recordLead } from "@/lib/discovery/leads";
import { createHousehold } from "@/lib/households/commands";
import { createHouseholdSchema } from "@/lib/households/schema";
import { openApplication, proposeDecision, recordEconomicCheck, startPublicity, confirmApplication, waiveDocument } from "@/lib/applications/commands";
import { confirmationSchema, economicCheckSchema, openApplicationSchema, proposalSchema } from "@/lib/applications/schema";
import { listHouseholds } from "@/lib/households/queries";
import { addDays, todayInChina } from "@/lib/dates";
import { DomainError } from "@/lib/errors";
import { t } from "@/lib/i18n";
import { JIANSHE_STREET, SHUANGTAIZI, firstVillage, makeActor, makeIdNumber } from "../support/fixtures";

let panjinWorker: Actor;
let shenyangWorker: Actor;
let panjinVillage: string;
let shenyangVillage: string;

beforeAll(async () => {
  panjinWorker = await makeActor("CASEWORKER", JIANSHE_STREET);
  panjinVillage = await firstVillage(JIANSHE_STREET);
  shenyangVillage = await firstVillage("210105");
  shenyangWorker = await makeActor("CASEWORKER", shenyangVillage.slice(0, 9));
});

describe("scope cannot be overridden by a filter (finding 11)", () => {
  it("gives a caseworker nothing when asking for another city's village's leads", async () => {
    const theirs = await recordLead(shenyangWorker, leadSchema.parse({
      regionCode: shenyangVillage, source: "HOTLINE", familyName: "沈阳某户", address: "皇姑区某街 1 号", situation: "来电反映生活困难",
    }));
    const ours = await recordLead(panjinWorker, leadSchema.parse({
      regionCode: panjinVillage, source: "GRID", familyName: "盘锦某户", address: "站前社区 2 号", situation: "独居老人",
    }));
    // The other city's worker sees their own lead; ours never sees it, asked for by village or not.
    expect((await openLeads(shenyangWorker, shenyangVillage)).map((l) => l.id)).toContain(theirs.id);
    expect(await openLeads(panjinWorker, shenyangVillage)).toEqual([]);
    expect((await openLeads(panjinWorker)).map((l) => l.id)).toEqual([ours.id]);
    expect((await openLeads(panjinWorker, panjinVillage)).map((l) => l.id)).toEqual([ours.id]);
  });

  it("keeps the household search inside the region whatever the query", async () => {
    const rows = await listHouseholds(panjinWorker, { q: "沈阳", page: 1 });
    expect(rows.rows.every((r) => r.regionCode.startsWith(JIANSHE_STREET))).toBe(true);
  });
});

async function twoMemberHousehold(actor: Actor, village: string) {
  return createHousehold(actor, createHouseholdSchema.parse({
    regionCode: village, address: "测试地址 3 号", category: "NONE",
    members: [
      { name: "户主甲", idNumber: makeIdNumber(village.slice(0, 6), "1970-01-02"), relation: "HEAD" },
      { name: "配偶乙", idNumber: makeIdNumber(village.slice(0, 6), "1972-03-04", false), relation: "SPOUSE" },
    ],
  }));
}

const version = async (id: number) => (await db.application.findUniqueOrThrow({ where: { id } })).version;

describe("the economic check counts every member exactly once (Build 9)", () => {
  it("refuses incomes for only some members, or for one member twice, and writes nothing", async () => {
    const household = await twoMemberHousehold(panjinWorker, panjinVillage);
    const app = await openApplication(panjinWorker, openApplicationSchema.parse({ householdId: String(household.id), type: "DIBAO", documents: [] }));
    const [a, b] = await db.member.findMany({ where: { householdId: household.id }, orderBy: { id: "asc" } });
    const before = await db.economicCheck.count();
    const message = format2(t.applications.incomesEveryMember, 2);
    for (const incomes of [[{ memberId: a.id, monthlyIncome: "0" }], [{ memberId: a.id, monthlyIncome: "0" }, { memberId: a.id, monthlyIncome: "100" }]]) {
      const input = economicCheckSchema.parse({ applicationId: app.id, version: await version(app.id), incomes });
      await expect(recordEconomicCheck(panjinWorker, input)).rejects.toThrow(message);
    }
    expect(await db.economicCheck.count()).toBe(before);
    await recordEconomicCheck(panjinWorker, economicCheckSchema.parse({
      applicationId: app.id, version: await version(app.id), incomes: [{ memberId: a.id, monthlyIncome: "0" }, { memberId: b.id, monthlyIncome: "300.5" }],
    }));
    expect(await db.economicCheck.count()).toBe(before + 1);
  });
});

const format2 = (template: string, count: number) => template.replace("{count}", String(count));

describe("proposer and confirmer are different people (Build 9)", () => {
  it("refuses the county supervisor who made the proposal the confirmation, with a Chinese DomainError", async () => {
    // A supervisor who may also review (a county that does both): propose, then try to confirm.
    const supervisor = await makeActor("SUPERVISOR", SHUANGTAIZI);
    const household = await twoMemberHousehold(panjinWorker, panjinVillage);
    const app = await openApplication(panjinWorker, openApplicationSchema.parse({ householdId: String(household.id), type: "DIBAO", documents: [] }));
    for (const d of app.documents) await waiveDocument(supervisor, { applicationId: app.id, documentId: d.id, reason: "测试豁免" });
    const members = await db.member.findMany({ where: { householdId: household.id } });
    await recordEconomicCheck(panjinWorker, economicCheckSchema.parse({ applicationId: app.id, version: await version(app.id), incomes: members.map((m) => ({ memberId: m.id, monthlyIncome: "0" })) }));
    await proposeDecision(panjinWorker, proposalSchema.parse({ applicationId: app.id, version: await version(app.id), proposal: "GRANT", amount: "700", reason: "无收入" }));
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).proposedById).toBe(panjinWorker.id);
    await startPublicity(panjinWorker, { applicationId: app.id, version: await version(app.id) });
    // Record the proposal as the supervisor's (as if they had proposed): they may not confirm it.
    await db.application.update({ where: { id: app.id }, data: { proposedById: supervisor.id } });
    const later = addDays(todayInChina(), 8);
    const confirm = async (actor: Actor) =>
      confirmApplication(actor, confirmationSchema.parse({ applicationId: app.id, version: await version(app.id), decision: "APPROVE", amount: "700", startMonth: later.slice(0, 7) }), later);
    const refused = await confirm(supervisor).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as Error).message).toBe(t.applications.sameProposerConfirmer);
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).stage).toBe("IN_PUBLICITY");
    const colleague = await makeActor("SUPERVISOR", SHUANGTAIZI);
    await confirm(colleague);
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).stage).toBe("APPROVED");
  });
});
