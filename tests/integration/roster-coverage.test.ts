/**
 * The roster above a township (issue 14): each subregion's households due and visited this month,
 * from the roll-ups, equal to what the row-level roster counts for the same region.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { withScope } from "@/lib/db/scope";
import { monthlyRoster, rosterCoverage } from "@/lib/visits/queries";
import { logHomeVisit } from "@/lib/visits/commands";
import { todayInChina } from "@/lib/dates";
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
