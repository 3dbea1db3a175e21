/**
 * Tier 2 against the real database: a problem transferred to another department, accepted,
 * answered; refusals that write nothing; department scoping; two answers racing; overdue.
 */
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { acceptTransfer, answerTransfer, transferProblem } from "@/lib/transfers/commands";
import { getTransfer, listDepartments, listTransfers, transfersOfProblem } from "@/lib/transfers/queries";
import { answerTransferSchema, transferProblemSchema } from "@/lib/transfers/schema";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { dateFromIso, isoFromDate, monthBounds, todayInChina } from "@/lib/dates";
import { addDays } from "@/lib/dates";
import { t } from "@/lib/i18n";
import { seedDepartments } from "../../prisma/seed/departments";
import { HUANGGU, JIANSHE_STREET, makeActor, makeHousehold } from "../support/fixtures";

const today = todayInChina();
let caseworker: Actor;
let otherCityCaseworker: Actor;
let provincial: Actor;
let yibao: Actor; // 医保局, 盘锦市
let shebao: Actor; // 社保中心, 盘锦市
let jiaoyu: Actor; // 教育局, 双台子区: another department, same region
let shenyangYibao: Actor; // 医保局 of 沈阳: same department, another city

beforeAll(async () => {
  caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
  otherCityCaseworker = await makeActor("CASEWORKER", `${HUANGGU}013`);
  provincial = await makeActor("PROVINCIAL", "21");
  yibao = await makeActor("DEPARTMENT", "2111", "MEDICAL_INSURANCE");
  shebao = await makeActor("DEPARTMENT", "2111", "SOCIAL_INSURANCE");
  jiaoyu = await makeActor("DEPARTMENT", "211102", "EDUCATION");
  shenyangYibao = await makeActor("DEPARTMENT", "2101", "MEDICAL_INSURANCE");
});

/** An open problem of a new household in 站前社区 (建设街道). */
async function makeProblem(opts: { status?: "OPEN" | "RESOLVED"; headName?: string } = {}) {
  const household = await makeHousehold(caseworker, { headName: opts.headName });
  const resolved = opts.status === "RESOLVED";
  return db.problem.create({
    data: {
      householdId: household.id,
      regionCode: household.regionCode,
      source: "HOUSEHOLD",
      category: "MEDICAL",
      description: "住院费用自付部分较高",
      urgency: "HIGH",
      foundOn: dateFromIso(addDays(today, -3)),
      dueOn: dateFromIso(today),
      createdById: caseworker.id,
      ...(resolved ? { status: "RESOLVED" as const, tier: "IMMEDIATE" as const, resolution: "已当场解决", resolvedOn: dateFromIso(today) } : {}),
    },
  });
}

function transferInput(problemId: number, overrides: Partial<{ departmentCode: string; request: string; dueOn: string }> = {}) {
  return transferProblemSchema.parse({
    problemId,
    departmentCode: "MEDICAL_INSURANCE",
    request: "请协助办理大病保险二次报销",
    dueOn: addDays(today, 10),
    ...overrides,
  });
}

// Denied reads by id are audited on purpose (issue 11); "writes nothing" means nothing else.
const counts = async () => ({ transfers: await db.transfer.count(), audits: await db.auditLog.count({ where: { NOT: { action: "read.denied" } } }), stats: await db.statResolution.count() });
const problemState = (id: number) =>
  db.problem.findUniqueOrThrow({ where: { id }, select: { status: true, tier: true, resolution: true, resolvedOn: true, resolvedById: true, version: true } });

describe("transferring a problem", () => {
  it("lists the active departments in their order", async () => {
    const departments = await listDepartments();
    expect(departments.map((d) => d.name)).toEqual(["医保局", "社保中心", "教育局", "卫健局", "住建局", "人社局", "残联"]);
  });

  it("transfer → accept → resolved by the department user: the problem is resolved in tier TRANSFER and counted", async () => {
    const problem = await makeProblem({ headName: "孙丽华" });
    const transfer = await transferProblem(caseworker, transferInput(problem.id));
    expect(transfer).toMatchObject({ status: "SENT", departmentCode: "MEDICAL_INSURANCE", regionCode: problem.regionCode, version: 1 });
    expect((await problemState(problem.id)).status).toBe("TRANSFERRED");

    // The department sees it in its work queue, with what it needs to act on; the family is
    // masked to the city's 医保局, which sits above its township (decision 016).
    const queue = await listTransfers(yibao, { status: "open", page: 1 });
    const row = queue.rows.find((r) => r.id === transfer.id)!;
    expect(row).toMatchObject({
      status: "SENT",
      overdue: false,
      department: { name: "医保局" },
      problem: { category: "MEDICAL", urgency: "HIGH", description: "住院费用自付部分较高" },
      household: { headName: "孙*华" },
      villageName: "盘锦市双台子区建设街道站前社区",
    });

    const accepted = await acceptTransfer(yibao, { transferId: transfer.id, version: 1 });
    expect(accepted).toMatchObject({ status: "ACCEPTED", version: 2 });
    await answerTransfer(yibao, { transferId: transfer.id, version: 2, outcome: "RESOLVED", answer: "已纳入大病保险二次报销，报销 8,000 元" });

    expect(await problemState(problem.id)).toMatchObject({
      status: "RESOLVED",
      tier: "TRANSFER",
      resolution: "已纳入大病保险二次报销，报销 8,000 元",
      resolvedById: yibao.id,
    });
    expect(isoFromDate((await problemState(problem.id)).resolvedOn!)).toBe(today);
    const stat = await db.statResolution.findUniqueOrThrow({
      where: {
        month_townshipCode_tier_departmentCode: {
          townshipCode: JIANSHE_STREET, month: dateFromIso(monthBounds(today).start), tier: "TRANSFER", departmentCode: "MEDICAL_INSURANCE",
        },
      },
    });
    expect(stat.count).toBe(1);

    // Each step left its audit row; the page shows them as the transfer's history.
    const detail = await getTransfer(caseworker, transfer.id);
    expect(detail).toMatchObject({ status: "RESOLVED", answer: "已纳入大病保险二次报销，报销 8,000 元", answeredBy: yibao.name, sentBy: caseworker.name });
    expect(detail.history.map((h) => [h.action, h.actorName])).toEqual([
      ["transfer.create", caseworker.name],
      ["transfer.accept", yibao.name],
      ["transfer.resolve", yibao.name],
    ]);
    expect(detail.problem).toMatchObject({ status: "RESOLVED", tier: "TRANSFER" });
    // Answered: no longer in the department's open queue.
    expect((await listTransfers(yibao, { status: "open", page: 1 })).rows.some((r) => r.id === transfer.id)).toBe(false);
  });

  it("RETURNED sends the problem back to OPEN, and it can then go to another department", async () => {
    const problem = await makeProblem();
    const first = await transferProblem(caseworker, transferInput(problem.id));
    const stats = await db.statResolution.count();
    // A department may return a transfer without accepting it first.
    await answerTransfer(yibao, { transferId: first.id, version: 1, outcome: "RETURNED", answer: "不属于医保报销范围，建议申请临时救助" });
    expect(await problemState(problem.id)).toMatchObject({ status: "OPEN", tier: null, resolution: null });
    expect(await db.statResolution.count()).toBe(stats);
    expect(await db.auditLog.count({ where: { entity: "transfer", entityId: String(first.id), action: "transfer.return" } })).toBe(1);

    const second = await transferProblem(caseworker, transferInput(problem.id, { departmentCode: "EDUCATION", request: "请协调助学金" }));
    expect(second).toMatchObject({ status: "SENT", departmentCode: "EDUCATION" });
    expect((await problemState(problem.id)).status).toBe("TRANSFERRED");

    // The caseworker sees both transfers of the problem, newest first; each department only its own.
    expect((await transfersOfProblem(caseworker, problem.id)).map((r) => [r.department.name, r.status])).toEqual([
      ["教育局", "SENT"],
      ["医保局", "RETURNED"],
    ]);
    expect((await transfersOfProblem(yibao, problem.id)).map((r) => r.id)).toEqual([first.id]);
    expect((await transfersOfProblem(jiaoyu, problem.id)).map((r) => r.id)).toEqual([second.id]);
  });

  it("refuses, with a clear message and writing nothing: unknown or inactive department, a past due date, a resolved or already transferred problem, an answered transfer", async () => {
    await db.department.create({ data: { code: "RETIRED_BUREAU", name: "已撤销的部门", active: false } });
    const problem = await makeProblem();
    const resolved = await makeProblem({ status: "RESOLVED" });
    const before = await counts();

    await expect(transferProblem(caseworker, transferInput(problem.id, { departmentCode: "NO_SUCH" }))).rejects.toThrow("未知的部门");
    await expect(transferProblem(caseworker, transferInput(problem.id, { departmentCode: "RETIRED_BUREAU" }))).rejects.toThrow("未知的部门");
    const past = { ...transferInput(problem.id), dueOn: addDays(today, -1) };
    const refusedPast = transferProblem(caseworker, past);
    await expect(refusedPast).rejects.toThrow("期限不能早于今天");
    expect(((await refusedPast.catch((e) => e)) as DomainError).fieldErrors).toEqual({ dueOn: ["期限不能早于今天"] });
    await expect(transferProblem(caseworker, transferInput(resolved.id))).rejects.toThrow("该问题已解决，不能重复处理。");
    // Outside the region, or not a caseworker: not found / forbidden.
    await expect(transferProblem(otherCityCaseworker, transferInput(problem.id))).rejects.toBeInstanceOf(NotFoundError);
    await expect(transferProblem(provincial, transferInput(problem.id))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(transferProblem(yibao, transferInput(problem.id))).rejects.toBeInstanceOf(ForbiddenError);
    expect(await counts()).toEqual(before);
    expect((await problemState(problem.id)).status).toBe("OPEN");
    expect((await problemState(resolved.id)).tier).toBe("IMMEDIATE");

    // Already transferred: the second transfer is refused.
    const transfer = await transferProblem(caseworker, transferInput(problem.id));
    const afterFirst = await counts();
    await expect(transferProblem(caseworker, transferInput(problem.id, { departmentCode: "HEALTH" }))).rejects.toThrow(t.transfers.alreadyTransferred);
    expect(await counts()).toEqual(afterFirst);

    // Answered once: a second answer (or accept) is refused, even with the current version.
    const answered = await answerTransfer(yibao, { transferId: transfer.id, version: 1, outcome: "RESOLVED", answer: "已报销" });
    const afterAnswer = await counts();
    const problemAfter = await problemState(problem.id);
    await expect(answerTransfer(caseworker, { transferId: transfer.id, version: answered.version, outcome: "RETURNED", answer: "退回" })).rejects.toThrow(
      "该转交已有答复，不能重复答复。",
    );
    await expect(acceptTransfer(yibao, { transferId: transfer.id, version: answered.version })).rejects.toThrow(t.transfers.alreadyAnswered);
    // With the version the page was loaded with: someone changed it meanwhile.
    await expect(answerTransfer(caseworker, { transferId: transfer.id, version: 1, outcome: "RETURNED", answer: "退回" })).rejects.toThrow(t.common.conflict);
    expect(await counts()).toEqual(afterAnswer);
    expect(await problemState(problem.id)).toEqual(problemAfter);
  });

  it("checks the input with Chinese messages", () => {
    const r = transferProblemSchema.safeParse({ problemId: "1", departmentCode: "", request: " ", dueOn: addDays(today, -1) });
    expect(r.success).toBe(false);
    const messages = Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toEqual({ departmentCode: "请填写此项", request: "请填写此项", dueOn: "期限不能早于今天" });
    expect(transferProblemSchema.safeParse({ problemId: "1", departmentCode: "X", request: "x", dueOn: "2026-02-30" }).error!.issues[0].message).toBe(
      "请输入有效日期（年-月-日）",
    );
    expect(transferProblemSchema.safeParse({ problemId: "1", departmentCode: "X", request: "x", dueOn: today }).success).toBe(true);
    const a = answerTransferSchema.safeParse({ transferId: "1", version: "1", outcome: "MAYBE", answer: "" });
    expect(Object.fromEntries(a.error!.issues.map((i) => [i.path.join("."), i.message]))).toEqual({ outcome: "请从列表中选择", answer: "请填写此项" });
    expect(answerTransferSchema.safeParse({ transferId: "1", version: "1", answer: "x" }).error!.issues[0].message).toBe("请选择办理结果");
  });
});

describe("who sees and answers a transfer", () => {
  it("a department user of another department, or of another city, finds nothing: not on read, not on answer", async () => {
    const problem = await makeProblem();
    const transfer = await transferProblem(caseworker, transferInput(problem.id));
    const before = await counts();
    for (const outsider of [jiaoyu, shenyangYibao, otherCityCaseworker]) {
      await expect(getTransfer(outsider, transfer.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(acceptTransfer(outsider, { transferId: transfer.id, version: 1 })).rejects.toBeInstanceOf(NotFoundError);
      await expect(answerTransfer(outsider, { transferId: transfer.id, version: 1, outcome: "RESOLVED", answer: "已办理" })).rejects.toBeInstanceOf(
        NotFoundError,
      );
      expect((await listTransfers(outsider, { page: 1 })).rows.some((r) => r.id === transfer.id)).toBe(false);
      expect(await transfersOfProblem(outsider, problem.id)).toEqual([]);
    }
    expect(await counts()).toEqual(before);
    expect((await db.transfer.findUniqueOrThrow({ where: { id: transfer.id } })).status).toBe("SENT");

    // The addressed department and the region's civil-affairs users do see it; the province reads it.
    expect((await getTransfer(yibao, transfer.id)).id).toBe(transfer.id);
    expect((await getTransfer(provincial, transfer.id)).id).toBe(transfer.id);
    await expect(acceptTransfer(provincial, { transferId: transfer.id, version: 1 })).rejects.toBeInstanceOf(ForbiddenError);
    // A department user's list holds only their department's transfers, in their region.
    const list = await listTransfers(yibao, { page: 1 });
    expect(list.rows.length).toBeGreaterThan(0);
    expect(new Set(list.rows.map((r) => r.department.code))).toEqual(new Set(["MEDICAL_INSURANCE"]));
    expect(list.rows.every((r) => r.regionCode.startsWith("2111"))).toBe(true);
  });

  it("a department user without a department is refused", async () => {
    const orphan = await makeActor("DEPARTMENT", "2111");
    await expect(listTransfers(orphan, { page: 1 })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("two people answering at once: exactly one wins, the other is told to refresh", async () => {
    const problem = await makeProblem();
    const transfer = await transferProblem(caseworker, transferInput(problem.id, { departmentCode: "SOCIAL_INSURANCE" }));
    const before = await counts();
    const results = await Promise.allSettled([
      answerTransfer(caseworker, { transferId: transfer.id, version: 1, outcome: "RESOLVED", answer: "代社保中心录入：已办理" }),
      answerTransfer(shebao, { transferId: transfer.id, version: 1, outcome: "RETURNED", answer: "材料不全，退回" }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(ConflictError);
    expect(lost[0].reason.message).toBe(t.common.conflict);

    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof answerTransfer>>>).value;
    const stored = await db.transfer.findUniqueOrThrow({ where: { id: transfer.id } });
    expect(stored).toMatchObject({ status: winner.status, answer: winner.answer, version: 2 });
    expect((await problemState(problem.id)).status).toBe(winner.status === "RESOLVED" ? "RESOLVED" : "OPEN");
    expect((await counts()).audits).toBe(before.audits + 1);

    // Two caseworkers transferring the same problem at once: one transfer.
    const other = await makeProblem();
    const racing = await Promise.allSettled([
      transferProblem(caseworker, transferInput(other.id)),
      transferProblem(caseworker, transferInput(other.id, { departmentCode: "HEALTH" })),
    ]);
    expect(racing.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.transfer.count({ where: { problemId: other.id } })).toBe(1);
  });
});

describe("overdue transfers", () => {
  it("flags a waiting transfer past its due date, and only while the department owes an answer", async () => {
    const problem = await makeProblem({ headName: "逾期户" });
    const transfer = await transferProblem(caseworker, transferInput(problem.id, { dueOn: today }));
    const tomorrow = addDays(today, 1);
    const inThreeDays = addDays(today, 3);

    const onTime = await listTransfers(yibao, { page: 1 }, today);
    expect(onTime.rows.find((r) => r.id === transfer.id)).toMatchObject({ overdue: false, daysOverdue: 0 });

    const late = await listTransfers(yibao, { overdue: true, page: 1 }, inThreeDays);
    expect(late.rows.find((r) => r.id === transfer.id)).toMatchObject({ overdue: true, daysOverdue: 3 });
    expect(late.rows.every((r) => r.overdue)).toBe(true);
    expect(late.counts.overdue).toBe(late.total);
    expect((await getTransfer(caseworker, transfer.id, tomorrow)).overdue).toBe(true);
    // Accepted but still unanswered: still overdue.
    await acceptTransfer(yibao, { transferId: transfer.id, version: 1 });
    expect((await getTransfer(yibao, transfer.id, tomorrow)).overdue).toBe(true);

    await answerTransfer(yibao, { transferId: transfer.id, version: 2, outcome: "RESOLVED", answer: "已报销" });
    const answered = await listTransfers(yibao, { page: 1 }, inThreeDays);
    expect(answered.rows.find((r) => r.id === transfer.id)).toMatchObject({ overdue: false });
    expect((await listTransfers(yibao, { overdue: true, page: 1 }, inThreeDays)).rows.some((r) => r.id === transfer.id)).toBe(false);
  });

  it("lists waiting transfers first, the earliest due on top, then answered ones", async () => {
    const soon = await transferProblem(caseworker, transferInput((await makeProblem()).id, { dueOn: addDays(today, 1) }));
    const later = await transferProblem(caseworker, transferInput((await makeProblem()).id, { dueOn: addDays(today, 30) }));
    const { rows } = await listTransfers(caseworker, { page: 1 });
    const waiting = rows.filter((r) => !r.answeredAt);
    expect(rows.slice(0, waiting.length)).toEqual(waiting);
    expect(waiting.map((r) => r.dueOn.getTime())).toEqual(waiting.map((r) => r.dueOn.getTime()).sort((a, b) => a - b));
    expect(waiting.findIndex((r) => r.id === soon.id)).toBeLessThan(waiting.findIndex((r) => r.id === later.id));
    expect(rows.length).toBeGreaterThan(waiting.length);
  });
});

describe("seed", () => {
  it("adds the departments once, and demo department users only beside the demo data", async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      expect(await seedDepartments(client, { demo: true })).toBe("部门：已存在，跳过");
      expect(await db.user.count({ where: { username: { in: ["yibao", "jiaoyu"] } } })).toBe(0);
      await db.user.create({ data: { username: "caseworker", name: "王芳", passwordHash: "x", role: "CASEWORKER", regionCode: JIANSHE_STREET } });
      // Department users made by the tests above exist: the demo ones are not added beside them.
      expect(await seedDepartments(client, { demo: true })).toBe("部门：已存在，跳过");
      await db.user.updateMany({ where: { role: "DEPARTMENT" }, data: { role: "CASEWORKER" } });
      expect(await seedDepartments(client, { demo: true })).toBe("部门：已存在，跳过；演示部门用户 2 个（yibao、jiaoyu）");
      expect(await seedDepartments(client, { demo: true })).toBe("部门：已存在，跳过");
      const users = await db.user.findMany({ where: { username: { in: ["yibao", "jiaoyu"] } }, orderBy: { username: "desc" } });
      expect(users.map((u) => [u.username, u.role, u.regionCode, u.departmentCode])).toEqual([
        ["yibao", "DEPARTMENT", "2111", "MEDICAL_INSURANCE"],
        ["jiaoyu", "DEPARTMENT", "211102", "EDUCATION"],
      ]);
    } finally {
      await client.end();
    }
  });
});
