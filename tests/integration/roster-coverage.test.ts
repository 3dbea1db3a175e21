/**
 * The roster above a township (issue 14): each subregion's households due and visited this month,
 * from the roll-ups, equal to what the row-level roster counts for the same region.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { withScope } from "@/lib/db/scope";
import { monthlyRoster, rosterCoverage } from "@/lib/visits/queries";
import { logHomeVisit } from "@/lib/visits/commands";
import { addDays, todayInChina } from "@/lib/dates";
import { readDashboard } from "@/lib/dashboard/queries";
import { verifyRollups } from "@/lib/stats/rollups";
import { ceaseAssistance } from "@/lib/households/commands";
import { ceaseAssistanceSchema } from "@/lib/households/schema";
import { confirmApplication, openApplication, proposeDecision, recordEconomicCheck, startPublicity } from "@/lib/applications/commands";
import { confirmationSchema, economicCheckSchema, openApplicationSchema, proposalSchema } from "@/lib/applications/schema";
import type { Actor } from "@/lib/auth/permissions";
import pg from "pg";
import { JIANSHE_STREET, SHUANGTAIZI, ZHANQIAN, makeActor, makeHousehold } from "../support/fixtures";
import { randomUUID } from "node:crypto";

const ANSWERS = { incomeChange: "decreased", health: "newIllness", schooling: "na", housing: "safe", careNeeds: "none", policyAwareness: "partial", livingChange: "worse" };

describe("roster coverage by subregion", () => {
  it("matches the roster's own counts at the county and each township, and refuses a region outside the user's", async () => {
    const caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
    const supervisor = await makeActor("SUPERVISOR", SHUANGTAIZI);
    const a = await makeHousehold(caseworker, { regionCode: ZHANQIAN, headName: "覆盖甲", category: "DIBAO" });
    await makeHousehold(caseworker, { regionCode: ZHANQIAN, headName: "覆盖乙", category: "TEKUN" });
    await makeHousehold(caseworker, { regionCode: ZHANQIAN, headName: "覆盖丙", category: "NONE" });
    await withScope(JIANSHE_STREET, () => logHomeVisit(caseworker, {
      householdId: a.id, idempotencyKey: randomUUID(), visitedOn: todayInChina(), visitors: "王芳", peopleMet: "户主",
      questionnaireVersion: 1, answers: ANSWERS, findings: null, problems: [],
    }));

    const county = await withScope(SHUANGTAIZI, () => rosterCoverage(supervisor, SHUANGTAIZI));
    const roster = await withScope(SHUANGTAIZI, () => monthlyRoster(supervisor, { filter: "all", page: 1 }));
    expect(county.totals).toEqual({ registered: roster.total, visited: roster.counts.visited });
    expect(county.region.code).toBe(SHUANGTAIZI);
    expect(county.breadcrumb.map((b) => b.code)).toEqual(["21", "2111", SHUANGTAIZI]);
    expect(county.breadcrumb.map((b) => b.linkable)).toEqual([false, false, true]);
    const jianshe = county.children.find((c) => c.code === JIANSHE_STREET)!;
    const township = await withScope(SHUANGTAIZI, () => monthlyRoster(supervisor, { filter: "all", page: 1, region: JIANSHE_STREET }));
    expect(jianshe).toMatchObject({ registered: township.total, visited: township.counts.visited });
    expect(jianshe.registered).toBeGreaterThanOrEqual(2);
    expect(jianshe.visited).toBeGreaterThanOrEqual(1);
    expect(county.children.every((c) => c.code.startsWith(SHUANGTAIZI) && c.code.length === 9)).toBe(true);
    expect(await db.region.count({ where: { parentCode: SHUANGTAIZI, retiredAt: null } })).toBe(county.children.length);

    await expect(withScope(SHUANGTAIZI, () => rosterCoverage(supervisor, "2101"))).rejects.toThrow();
  });
});

const version = async (id: number) => (await db.application.findUniqueOrThrow({ where: { id } })).version;

/** 低保 through the whole procedure: intake, check, proposal, publicity, the county's approval. */
async function approveDibao(caseworker: Actor, supervisor: Actor, householdId: number) {
  const documents = ["ID_CARD", "HOUSEHOLD_REGISTER", "APPLICATION_FORM", "AUTHORIZATION", "INCOME_PROOF", "ASSET_DECLARATION"]
    .map((kind) => ({ kind, provided: "on", dueOn: "" }));
  const app = await openApplication(caseworker, openApplicationSchema.parse({ householdId: String(householdId), type: "DIBAO", documents }));
  const members = await db.member.findMany({ where: { householdId } });
  await recordEconomicCheck(caseworker, economicCheckSchema.parse({
    applicationId: app.id, version: await version(app.id), incomes: members.map((m) => ({ memberId: m.id, monthlyIncome: "100" })), assets: "无",
  }));
  await proposeDecision(caseworker, proposalSchema.parse({ applicationId: app.id, version: await version(app.id), proposal: "GRANT", amount: "650", reason: "人均收入低于标准" }));
  await startPublicity(caseworker, { applicationId: app.id, version: await version(app.id) });
  const afterPublicity = addDays(todayInChina(), 8);
  await confirmApplication(supervisor, confirmationSchema.parse({
    applicationId: app.id, version: await version(app.id), decision: "APPROVE", amount: "650", startMonth: afterPublicity.slice(0, 7),
  }), afterPublicity);
}

describe("one figure for 已走访 (issue 15)", () => {
  it("a household that joins the roster after this month's visit, or leaves it, counts the same on the roster page, the roster by region and the dashboard", async () => {
    const caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
    const supervisor = await makeActor("SUPERVISOR", SHUANGTAIZI);
    const today = todayInChina();
    const figures = async () => {
      const roster = await withScope(JIANSHE_STREET, () => monthlyRoster(caseworker, { filter: "all", page: 1 }));
      const county = await withScope(SHUANGTAIZI, () => rosterCoverage(supervisor, SHUANGTAIZI));
      const township = county.children.find((c) => c.code === JIANSHE_STREET)!;
      const dashboard = await readDashboard(JIANSHE_STREET, { regionCode: JIANSHE_STREET, range: { from: today.slice(0, 7), to: today.slice(0, 7) }, today });
      return {
        roster: { visited: roster.counts.visited, registered: roster.total },
        regions: { visited: township.visited, registered: township.registered },
        dashboard: { visited: dashboard.totals.rosterVisited, registered: dashboard.totals.rosterRegistered },
      };
    };
    const expectOneFigure = async () => {
      const f = await figures();
      expect(f.regions).toEqual(f.roster);
      expect(f.dashboard).toEqual(f.roster);
      return f.roster;
    };

    // Visited this month while not yet on the roster (a screening visit, say)…
    const joining = await makeHousehold(caseworker, { regionCode: ZHANQIAN, headName: "后纳入", category: "NONE" });
    await withScope(JIANSHE_STREET, () => logHomeVisit(caseworker, {
      householdId: joining.id, idempotencyKey: randomUUID(), visitedOn: today, visitors: "王芳", peopleMet: "户主",
      questionnaireVersion: 1, answers: ANSWERS, findings: null, problems: [],
    }));
    const start = await expectOneFigure();

    // …then approved: on the roster, and already visited this month — on every page alike.
    await withScope(SHUANGTAIZI, () => approveDibao(caseworker, supervisor, joining.id));
    const joined = await expectOneFigure();
    expect(joined).toEqual({ visited: start.visited + 1, registered: start.registered + 1 });

    // 停保 takes it off the roster, and off the visited count, everywhere.
    const { version: householdVersion } = await db.household.findUniqueOrThrow({ where: { id: joining.id } });
    await withScope(SHUANGTAIZI, () => ceaseAssistance(supervisor, ceaseAssistanceSchema.parse({
      householdId: String(joining.id), version: String(householdVersion), reason: "家庭人均收入已超过保障标准", confirmed: "on",
    })));
    expect(await expectOneFigure()).toEqual(start);

    const client = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2, options: "-c nuanxin.scope=*" });
    try {
      expect((await verifyRollups(client)).filter((c) => c.mismatched > 0)).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
