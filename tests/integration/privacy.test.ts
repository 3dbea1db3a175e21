/**
 * Minimum necessary personal data (issue 11, finding 10): watchers (provincial staff, admins) see
 * households masked everywhere they list or open one; caseworkers and supervisors see their own
 * region in full; a watcher's reveal needs a reason, is audited, and runs out.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { createHousehold, revealHouseholdPersonalData } from "@/lib/households/commands";
import { getHousehold, listHouseholds } from "@/lib/households/queries";
import { createHouseholdSchema, revealPersonalSchema } from "@/lib/households/schema";
import { maskPhone } from "@/lib/households/privacy";
import { monthlyRoster, visitHistory } from "@/lib/visits/queries";
import { worklist } from "@/lib/discovery/queries";
import { dateFromIso, todayInChina } from "@/lib/dates";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { JIANSHE_STREET, SHUANGTAIZI, ZHANQIAN, makeActor, makeIdNumber } from "../support/fixtures";

let caseworker: Actor;
let supervisor: Actor;
let provincial: Actor;
let admin: Actor;
let otherCityWatcher: Actor;
let household: Awaited<ReturnType<typeof createHousehold>>;

beforeAll(async () => {
  caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
  supervisor = await makeActor("SUPERVISOR", SHUANGTAIZI);
  provincial = await makeActor("PROVINCIAL", "21");
  admin = await makeActor("ADMIN", "21");
  otherCityWatcher = await makeActor("PROVINCIAL", "2101"); // 沈阳 only
  household = await createHousehold(caseworker, createHouseholdSchema.parse({
    regionCode: ZHANQIAN, address: "站前社区 9 号楼 3 单元 502", phone: "13912345678", category: "NONE",
    note: "户主丈夫去年因病去世",
    members: [
      { name: "孙丽华", idNumber: makeIdNumber("211102", "1945-03-08", false), relation: "HEAD", majorIllness: "on", disabilityGrade: "1" },
      { name: "刘佳怡", idNumber: makeIdNumber("211102", "2012-07-01", false), relation: "GRANDCHILD", unsupportedChild: "on" },
    ],
  }));
  await db.problem.create({
    data: { householdId: household.id, regionCode: ZHANQIAN, category: "MEDICAL", description: "乳腺癌化疗自付费用高", urgency: "HIGH", source: "HOUSEHOLD", foundOn: dateFromIso(todayInChina()), dueOn: dateFromIso(todayInChina()), createdById: caseworker.id },
  });
  await db.visit.create({
    data: {
      householdId: household.id, regionCode: ZHANQIAN, visitedOn: dateFromIso(todayInChina()), visitors: "王芳", peopleMet: "孙丽华本人",
      findings: "情绪低落，独自照顾孙女", questionnaireVersion: 1, answers: { health: "newIllness" }, idempotencyKey: randomUUID(), recordedById: caseworker.id,
    },
  });
});

describe("minimum necessary personal data", () => {
  it("shows watchers a household masked: name partly, no address, phone masked, no texts, sensitive flags as a count", async () => {
    for (const watcher of [provincial, admin]) {
      const h = await getHousehold(watcher, household.id);
      expect(h.masked).toBe(true);
      expect(h.headName).toBe("孙*华");
      expect(h.address).toBe("");
      expect(h.phone).toBe("139****5678");
      expect(h.note).toBeNull();
      expect(h.villageFullName).toContain("站前社区");
      expect(h.members.map((m) => m.name).sort()).toEqual(["刘*怡", "孙*华"]);
      const head = h.members.find((m) => m.relation === "HEAD")!;
      expect(head).toMatchObject({ majorIllness: false, disabilityGrade: null, sensitiveFlags: 2 });
      expect(h.members.find((m) => m.relation === "GRANDCHILD")).toMatchObject({ unsupportedChild: false, sensitiveFlags: 1 });
      expect(h.problems.map((p) => p.description)).toEqual([""]);
      const visits = await visitHistory(watcher, household.id);
      expect(visits[0]).toMatchObject({ findings: null, peopleMet: "", answers: {} });

      const list = await listHouseholds(watcher, { q: "孙丽华", page: 1 });
      expect(list.rows.find((r) => r.id === household.id)).toMatchObject({ headName: "孙*华", address: "" });
      const found = await worklist(watcher, { q: "孙丽华", page: 1 });
      expect(found.rows.find((r) => r.id === household.id)).toMatchObject({ headName: "孙*华", address: "" });
      expect(JSON.stringify(found.rows)).not.toContain("孙丽华");
    }
  });

  it("shows caseworkers and supervisors their region's households in full", async () => {
    for (const worker of [caseworker, supervisor]) {
      const h = await getHousehold(worker, household.id);
      expect(h).toMatchObject({ masked: false, headName: "孙丽华", address: "站前社区 9 号楼 3 单元 502", phone: "13912345678" });
      expect(h.members.find((m) => m.relation === "HEAD")).toMatchObject({ majorIllness: true, disabilityGrade: 1 });
      expect((await visitHistory(worker, household.id))[0].findings).toBe("情绪低落，独自照顾孙女");
    }
  });

  it("masks watchers' roster rows too", async () => {
    await db.household.update({ where: { id: household.id }, data: { category: "DIBAO" } });
    try {
      const roster = await monthlyRoster(provincial, { filter: "all", q: "孙丽华", page: 1 });
      expect(roster.rows.map((r) => r.headName)).toContain("孙*华");
      expect(JSON.stringify(roster.rows)).not.toContain("9 号楼");
    } finally {
      await db.household.update({ where: { id: household.id }, data: { category: "NONE" } });
    }
  });

  it("reveals one household to a watcher who gives a reason, audited, for a limited time", async () => {
    expect(revealPersonalSchema.safeParse({ householdId: household.id, reason: "看看" }).error?.issues[0].message)
      .toBe("请具体说明查看理由（至少 5 个字）");
    await expect(revealHouseholdPersonalData(caseworker, { householdId: household.id, reason: "核实个案情况" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(revealHouseholdPersonalData(otherCityWatcher, { householdId: household.id, reason: "核实个案情况" })).rejects.toBeInstanceOf(NotFoundError);

    const audits = await db.auditLog.count({ where: { action: "household.reveal_personal" } });
    const { until } = await revealHouseholdPersonalData(provincial, { householdId: household.id, reason: "督导核查：核实临时救助对象身份" });
    expect(until.getTime()).toBeGreaterThan(Date.now());
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "household.reveal_personal", actorId: provincial.id }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ entity: "household", entityId: String(household.id), regionCode: ZHANQIAN });
    expect(audit.after).toMatchObject({ reason: "督导核查：核实临时救助对象身份" });
    expect(await db.auditLog.count({ where: { action: "household.reveal_personal" } })).toBe(audits + 1);

    const revealed = await getHousehold(provincial, household.id);
    expect(revealed).toMatchObject({ masked: false, headName: "孙丽华", address: "站前社区 9 号楼 3 单元 502" });
    expect(revealed.revealedUntil).not.toBeNull();
    expect((await visitHistory(provincial, household.id))[0].findings).toBe("情绪低落，独自照顾孙女");
    // Only for that user: the admin still sees it masked.
    expect((await getHousehold(admin, household.id)).headName).toBe("孙*华");

    // Once the time is up, masked again.
    await db.personalDataReveal.updateMany({ where: { actorId: provincial.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await getHousehold(provincial, household.id)).masked).toBe(true);
  });

  it("masks phone numbers keeping the first three and last four digits", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPhone("024-1234")).toBe("******34");
    expect(maskPhone("024-12345678")).toBe("024*****5678");
    expect(maskPhone(null)).toBeNull();
  });
});
