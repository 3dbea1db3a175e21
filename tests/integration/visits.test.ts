import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { logHomeVisit } from "@/lib/visits/commands";
import { monthlyRoster, visitHistory } from "@/lib/visits/queries";
import { logVisitSchema } from "@/lib/visits/schema";
import { DomainError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { dateFromIso, todayInChina } from "@/lib/dates";
import { HUANGGU, JIANSHE_STREET, ZHANQIAN, firstVillage, idColumns, makeActor, makeHousehold } from "../support/fixtures";

let caseworker: Actor;
let otherCity: Actor;
let provincial: Actor;

const ANSWERS = {
  incomeChange: "decreased", health: "newIllness", schooling: "na", housing: "safe",
  careNeeds: "none", policyAwareness: "partial", livingChange: "worse", requests: "希望办理低保",
};

function visitInput(householdId: number, overrides: Record<string, unknown> = {}) {
  return logVisitSchema.parse({
    householdId,
    idempotencyKey: randomUUID(),
    visitedOn: todayInChina(), // never a fixed date: it would be "in the future" on an earlier clock
    visitors: "王芳、社区干部",
    peopleMet: "户主",
    questionnaireVersion: 1,
    answers: ANSWERS,
    findings: "户主新患疾病，收入减少",
    problems: [{ category: "MEDICAL", description: "住院费用自付部分较高", urgency: "HIGH" }],
    ...overrides,
  });
}

beforeAll(async () => {
  caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
  otherCity = await makeActor("CASEWORKER", `${HUANGGU}001`);
  provincial = await makeActor("PROVINCIAL", "21");
});

describe("home visits", () => {
  it("stores a visit with its problems and audit row, and shows them in the history", async () => {
    const household = await makeHousehold(caseworker);
    const audits = await db.auditLog.count();
    const visit = await logHomeVisit(caseworker, visitInput(household.id));
    expect(visit.replayed).toBe(false);
    expect(visit.problemIds).toHaveLength(1);
    expect(await db.auditLog.count()).toBe(audits + 1);

    const history = await visitHistory(caseworker, household.id);
    expect(history).toHaveLength(1);
    expect(history[0].answers).toMatchObject({ health: "newIllness" });
    expect(history[0].problems[0]).toMatchObject({ category: "MEDICAL", status: "OPEN", description: "住院费用自付部分较高" });
    const problem = await db.problem.findUniqueOrThrow({ where: { id: visit.problemIds[0] } });
    expect(problem).toMatchObject({ source: "VISIT", regionCode: ZHANQIAN, householdId: household.id, visitId: visit.id });
  });

  it("stores one visit for one idempotency key, also when the two submissions race", async () => {
    const household = await makeHousehold(caseworker);
    const input = visitInput(household.id);
    const first = await logHomeVisit(caseworker, input);
    const again = await logHomeVisit(caseworker, input);
    expect(again).toMatchObject({ id: first.id, replayed: true, problemIds: first.problemIds });

    const racing = visitInput(household.id);
    const results = await Promise.all([logHomeVisit(caseworker, racing), logHomeVisit(caseworker, racing), logHomeVisit(caseworker, racing)]);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await db.visit.count({ where: { householdId: household.id } })).toBe(2);
    expect(await db.problem.count({ where: { householdId: household.id } })).toBe(2);
  });

  it("refuses a household of another region, a reader, and bad answers — writing nothing", async () => {
    const household = await makeHousehold(caseworker);
    const before = { visits: await db.visit.count(), audits: await db.auditLog.count() };
    await expect(logHomeVisit(otherCity, visitInput(household.id))).rejects.toBeInstanceOf(NotFoundError);
    await expect(logHomeVisit(provincial, visitInput(household.id))).rejects.toBeInstanceOf(ForbiddenError);
    const bad = logHomeVisit(caseworker, visitInput(household.id, { answers: { ...ANSWERS, health: "dunno" } }));
    await expect(bad).rejects.toBeInstanceOf(DomainError);
    expect(((await bad.catch((e) => e)) as DomainError).fieldErrors).toEqual({ "answers.health": ["请从列表中选择"] });
    expect({ visits: await db.visit.count(), audits: await db.auditLog.count() }).toEqual(before);
    // Another region cannot read the visit either.
    await logHomeVisit(caseworker, visitInput(household.id));
    expect(await visitHistory(otherCity, household.id)).toHaveLength(0);
  });

  it("validates dates and lengths with Chinese messages", () => {
    const r = logVisitSchema.safeParse({
      householdId: 1, idempotencyKey: randomUUID(), visitedOn: "2999-01-01", visitors: "", peopleMet: "户主",
      questionnaireVersion: 1, findings: "字".repeat(10_000),
    });
    expect(r.success).toBe(false);
    const messages = Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toMatchObject({ visitedOn: "日期不能晚于今天", visitors: "请填写此项", findings: "不能超过 2000 个字" });
  });

  it("builds this month's roster: overdue first, then due, then visited, with coverage", async () => {
    // A township in another city (丹东) so no other test's households count.
    const village = { code: await firstVillage("2106") };
    const worker = await makeActor("CASEWORKER", village.code.slice(0, 9));
    const never = await makeHousehold(worker, { regionCode: village.code, headName: "从未走访" });
    const lastMonth = await makeHousehold(worker, { regionCode: village.code, headName: "上月走访" });
    const thisMonth = await makeHousehold(worker, { regionCode: village.code, headName: "本月走访" });
    const longAgo = await makeHousehold(worker, { regionCode: village.code, headName: "九月走访" });
    await makeHousehold(worker, { regionCode: village.code, headName: "未纳入", category: "NONE" });
    const visit = (householdId: number, visitedOn: string) =>
      db.visit.create({
        data: {
          householdId, regionCode: village.code, visitedOn: dateFromIso(visitedOn), visitors: "x", peopleMet: "x",
          questionnaireVersion: 1, answers: {}, idempotencyKey: randomUUID(), recordedById: worker.id,
        },
      });
    await visit(lastMonth.id, "2026-10-15");
    await visit(thisMonth.id, "2026-11-03");
    await visit(longAgo.id, "2026-09-02");

    const roster = await monthlyRoster(worker, { filter: "all", page: 1 }, "2026-11-30");
    expect(roster.month).toBe("2026-11");
    expect(roster.counts).toEqual({ overdue: 2, due: 1, visited: 1 });
    expect(roster.coverage).toBe(0.25);
    expect(roster.rows.map((r) => [r.headName, r.status])).toEqual([
      ["从未走访", "overdue"],
      ["九月走访", "overdue"],
      ["上月走访", "due"],
      ["本月走访", "visited"],
    ]);
    const overdue = await monthlyRoster(worker, { filter: "overdue", page: 1 }, "2026-11-30");
    expect(overdue.rows.map((r) => r.id)).toEqual([never.id, longAgo.id]);
    // Nobody else's households appear.
    expect((await monthlyRoster(otherCity, { filter: "all", page: 1 }, "2026-11-30")).rows.map((r) => r.id)).not.toContain(never.id);
  });

  it("finds a household on the roster by the head's or a member's name or the address, taking % and _ literally", async () => {
    const village = await firstVillage("211103");
    const worker = await makeActor("CASEWORKER", village.slice(0, 9));
    const a = await makeHousehold(worker, { regionCode: village, headName: "欧阳春燕" });
    const b = await makeHousehold(worker, { regionCode: village, headName: "司马秋菊" });
    await db.member.create({
      data: {
        householdId: b.id, regionCode: village, name: "司马小雨", ...idColumns("211103201501010023"),
        birthDate: dateFromIso("2015-01-01"), male: false, relation: "CHILD",
      },
    });
    await db.household.update({ where: { id: b.id }, data: { address: "幸福里 100%_号" } });
    const find = async (q: string, filter: "all" | "overdue" = "all") =>
      (await monthlyRoster(worker, { filter, q, page: 1 }, "2026-11-30")).rows.map((r) => r.id);

    expect(await find("春燕")).toEqual([a.id]);
    expect(await find("小雨")).toEqual([b.id]); // a member, not the head
    expect(await find("100%_")).toEqual([b.id]);
    expect(await find("%")).toEqual([b.id]); // literally a percent sign, not "anything"
    expect(await find("_")).toEqual([b.id]);
    expect(await find("春燕", "overdue")).toEqual([a.id]);
    expect(await find("没有这个人")).toEqual([]);
    const empty = await monthlyRoster(worker, { filter: "all", q: "没有这个人", page: 1 }, "2026-11-30");
    expect(empty.filteredTotal).toBe(0);
    // The whole roster's coverage still counts every household, not only the matches.
    expect(empty.total).toBe(2);
  });
});
