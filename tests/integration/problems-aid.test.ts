import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { addSupportAction, recordProblem, resolveImmediately } from "@/lib/problems/commands";
import { recordProblemSchema, resolveImmediatelySchema, supportActionSchema } from "@/lib/problems/schema";
import { grantAid, signOffAid } from "@/lib/aid/commands";
import { grantAidSchema } from "@/lib/aid/schema";
import { topUpFund } from "@/lib/funds/ledger";
import { DomainError, NotFoundError } from "@/lib/errors";
import { todayInChina } from "@/lib/dates";
import { JIANSHE_STREET, SHUANGTAIZI, ZHANQIAN, idColumns, makeActor, makeHousehold, makeIdNumber } from "../support/fixtures";

let caseworker: Actor;
let supervisor: Actor;
let otherSupervisor: Actor;
let admin: Actor;

async function problemFor(householdId: number, urgency = "HIGH") {
  return recordProblem(caseworker, recordProblemSchema.parse({
    householdId, source: "GRID", reporter: "网格员 张敏", category: "MEDICAL", description: "住院费用负担重", urgency, foundOn: todayInChina(),
  }));
}

async function fundBalance(kind: "CITY_FUND" | "TOWNSHIP_RESERVE", regionCode: string) {
  return (await db.fund.findUniqueOrThrow({ where: { kind_regionCode: { kind, regionCode } } })).balance.toFixed(2);
}

const counts = async () => ({
  aid: await db.aidCase.count(), entries: await db.fundEntry.count(), audits: await db.auditLog.count(),
  resolved: await db.problem.count({ where: { status: "RESOLVED" } }),
});

beforeAll(async () => {
  caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
  supervisor = await makeActor("SUPERVISOR", SHUANGTAIZI);
  otherSupervisor = await makeActor("SUPERVISOR", "210105");
  admin = await makeActor("ADMIN", "21");
  const reserve = await db.fund.findUniqueOrThrow({ where: { kind_regionCode: { kind: "TOWNSHIP_RESERVE", regionCode: JIANSHE_STREET } } });
  const city = await db.fund.findUniqueOrThrow({ where: { kind_regionCode: { kind: "CITY_FUND", regionCode: "2111" } } });
  await topUpFund(admin, { fundId: reserve.id, amount: "10000.00", note: "测试拨款" });
  await topUpFund(admin, { fundId: city.id, amount: "6000.00", note: "测试拨款" });
});

describe("tier 1 — resolved at once by civil affairs", () => {
  it("closes the problem with what was done, counts it once, and refuses a second resolution", async () => {
    const household = await makeHousehold(caseworker);
    const problem = await problemFor(household.id);
    expect(problem).toMatchObject({ source: "GRID", reporter: "网格员 张敏", status: "OPEN" });
    await resolveImmediately(caseworker, resolveImmediatelySchema.parse({ problemId: problem.id, version: problem.version, resolution: "协调社区医生上门，办理医疗救助" }));
    const after = await db.problem.findUniqueOrThrow({ where: { id: problem.id } });
    expect(after).toMatchObject({ status: "RESOLVED", tier: "IMMEDIATE", resolution: "协调社区医生上门，办理医疗救助", resolvedById: caseworker.id });

    const before = await counts();
    const again = resolveImmediately(caseworker, resolveImmediatelySchema.parse({ problemId: problem.id, version: after.version, resolution: "再次" }));
    await expect(again).rejects.toThrow("该问题已解决，不能重复处理。");
    expect(await counts()).toEqual(before);
  });
});

describe("supporting actions (the 小馨 case)", () => {
  it("records an assessment result on the member and recognises a minor as de facto unsupported, not an adult", async () => {
    const household = await makeHousehold(caseworker, { headName: "高志刚" });
    const child = await db.member.create({
      data: {
        householdId: household.id, regionCode: ZHANQIAN, name: "高馨", ...idColumns(makeIdNumber("211102", "2020-03-01", false)),
        birthDate: new Date("2020-03-01"), male: false, relation: "CHILD",
      },
    });
    const father = await db.member.findFirstOrThrow({ where: { householdId: household.id, relation: "HEAD" } });
    const problem = await problemFor(household.id);
    const support = (input: Record<string, unknown>) => addSupportAction(caseworker, supportActionSchema.parse({ problemId: problem.id, ...input }));
    await support({ kind: "LABOUR_ASSESSMENT_REQUESTED", memberId: String(father.id), detail: "联系人社部门做劳动能力鉴定" });
    await support({ kind: "LABOUR_ASSESSMENT_RECORDED", memberId: String(father.id), detail: "鉴定完成", labourCapacity: "NONE" });
    await support({ kind: "UNSUPPORTED_CHILD", memberId: String(child.id), detail: "母亲病逝，父亲重病" });
    await support({ kind: "VOLUNTEER_MATCHED", detail: "爱心人士一对一帮扶" });
    expect((await db.member.findUniqueOrThrow({ where: { id: father.id } })).labourCapacity).toBe("NONE");
    expect((await db.member.findUniqueOrThrow({ where: { id: child.id } })).unsupportedChild).toBe(true);
    await expect(support({ kind: "UNSUPPORTED_CHILD", memberId: String(father.id), detail: "成年人" })).rejects.toBeInstanceOf(DomainError);
    // The problem's tier is untouched.
    expect((await db.problem.findUniqueOrThrow({ where: { id: problem.id } })).status).toBe("OPEN");
  });
});

describe("tier 3 — temporary aid", () => {
  it("pays a small emergency amount at once from the township reserve, paperwork to follow", async () => {
    const household = await makeHousehold(caseworker);
    const problem = await problemFor(household.id);
    const before = await fundBalance("TOWNSHIP_RESERVE", JIANSHE_STREET);
    const aid = await grantAid(caseworker, grantAidSchema.parse({
      problemId: problem.id, version: problem.version, kind: "EMERGENCY", amount: "800.50", reason: "突发疾病，急需生活费",
    }));
    expect(aid).toMatchObject({ status: "PAID" });
    expect(aid.paperworkDueOn).not.toBeNull();
    expect(Number(await fundBalance("TOWNSHIP_RESERVE", JIANSHE_STREET))).toBeCloseTo(Number(before) - 800.5, 2);
    expect(await db.problem.findUniqueOrThrow({ where: { id: problem.id } })).toMatchObject({ status: "RESOLVED", tier: "TEMP_AID" });
    const entry = await db.fundEntry.findFirstOrThrow({ where: { aidCaseId: aid.id } });
    expect(entry).toMatchObject({ kind: "PAYMENT", problemId: problem.id, householdId: household.id });
    expect(entry.amount.toFixed(2)).toBe("-800.50");
  });

  it("refuses an amount over the cap without a case conference, and an amount ≤ 0, writing nothing", async () => {
    const household = await makeHousehold(caseworker);
    const problem = await problemFor(household.id);
    const before = await counts();
    // 双台子区's cap is 3,000 (county rule before the city's 2,000).
    const over = grantAid(caseworker, grantAidSchema.parse({ problemId: problem.id, version: problem.version, kind: "EMERGENCY", amount: "3000.01", reason: "大额" }));
    await expect(over).rejects.toThrow("金额超过小额先行救助上限（3000.00 元），须经“一事一议”并报区县签批。");
    expect(grantAidSchema.safeParse({ problemId: problem.id, version: 1, kind: "EMERGENCY", amount: "0", reason: "x" }).success).toBe(false);
    expect(grantAidSchema.safeParse({ problemId: problem.id, version: 1, kind: "EMERGENCY", amount: "-5", reason: "x" }).success).toBe(false);
    expect(await counts()).toEqual(before);
    expect((await db.problem.findUniqueOrThrow({ where: { id: problem.id } })).status).toBe("OPEN");
  });

  it("takes larger aid through a case conference and the county sign-off; the city fund pays", async () => {
    const household = await makeHousehold(caseworker);
    const problem = await problemFor(household.id);
    const proposal = await grantAid(caseworker, grantAidSchema.parse({
      problemId: problem.id, version: problem.version, kind: "EXPENDITURE", amount: "5000", reason: "住院自付部分",
      conferenceOn: todayInChina(), participants: "街道民政办、社区书记、医保专干", minutes: "一致同意救助 5000 元",
    }));
    expect(proposal.status).toBe("PENDING_SIGNOFF");
    expect((await db.problem.findUniqueOrThrow({ where: { id: problem.id } })).status).toBe("IN_AID");

    // A supervisor of another county cannot sign it off.
    const before = await counts();
    await expect(signOffAid(otherSupervisor, { aidCaseId: proposal.id, version: proposal.version, decision: "APPROVE", note: null })).rejects.toBeInstanceOf(NotFoundError);
    expect(await counts()).toEqual(before);

    const city = await fundBalance("CITY_FUND", "2111");
    await signOffAid(supervisor, { aidCaseId: proposal.id, version: proposal.version, decision: "APPROVE", note: "同意" });
    expect(Number(await fundBalance("CITY_FUND", "2111"))).toBeCloseTo(Number(city) - 5000, 2);
    expect(await db.problem.findUniqueOrThrow({ where: { id: problem.id } })).toMatchObject({ status: "RESOLVED", tier: "TEMP_AID" });
    expect(await db.aidCase.findUniqueOrThrow({ where: { id: proposal.id } })).toMatchObject({ status: "PAID", signedOffById: supervisor.id });
  });

  it("refuses a sign-off the city fund cannot cover, leaving the case pending; a refusal reopens the problem", async () => {
    const household = await makeHousehold(caseworker);
    const big = await problemFor(household.id);
    const proposal = await grantAid(caseworker, grantAidSchema.parse({
      problemId: big.id, version: big.version, kind: "EXPENDITURE", amount: "900000", reason: "过大",
      conferenceOn: todayInChina(), participants: "会议", minutes: "纪要",
    }));
    const before = await counts();
    await expect(signOffAid(supervisor, { aidCaseId: proposal.id, version: proposal.version, decision: "APPROVE", note: null })).rejects.toThrow(/余额不足/);
    expect(await counts()).toEqual(before);
    expect((await db.aidCase.findUniqueOrThrow({ where: { id: proposal.id } })).status).toBe("PENDING_SIGNOFF");

    await signOffAid(supervisor, { aidCaseId: proposal.id, version: proposal.version, decision: "REJECT", note: "金额过大，请重新评估" });
    expect((await db.problem.findUniqueOrThrow({ where: { id: big.id } })).status).toBe("OPEN");
  });
});

describe("exact figures", () => {
  it("every resolved problem is in exactly one tier and stat_resolution equals the raw count", async () => {
    const raw = await db.$queryRaw<{ township: string; tier: string; n: bigint }[]>`
      SELECT left(region_code, 9) AS township, tier::text AS tier, count(*) AS n FROM problem WHERE status = 'RESOLVED' GROUP BY 1, 2 ORDER BY 1, 2`;
    const stats = await db.$queryRaw<{ township: string; tier: string; n: bigint }[]>`
      SELECT township_code AS township, tier::text AS tier, sum(count)::bigint AS n FROM stat_resolution GROUP BY 1, 2 ORDER BY 1, 2`;
    expect(stats).toEqual(raw);
    expect(raw.length).toBeGreaterThan(0);
    // The database itself refuses a resolved problem without a tier.
    const open = await problemFor((await makeHousehold(caseworker)).id);
    await expect(db.$executeRaw`UPDATE problem SET status = 'RESOLVED' WHERE id = ${open.id}`).rejects.toThrow();
  });
});
