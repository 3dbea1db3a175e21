/**
 * Funds as ledgers on a real PostgreSQL: top-ups, payments, reversals, balances that never go
 * below zero (also under 40 concurrent payments), region scoping, and the emergency cap lookup.
 * The reference funds and caps come from the seed (the test template is seeded without demo).
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { Prisma } from "@/lib/generated/prisma/client";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { emergencyCapFor, fundFor, payFromFund, reverseFundEntry, topUpFund, type PaymentInput } from "@/lib/funds/ledger";
import { getFund, listFunds } from "@/lib/funds/queries";
import { amountSchema, topUpSchema } from "@/lib/funds/schema";
import { formatYuan } from "@/lib/funds/money";
import { dateFromIso, monthBounds, todayInChina } from "@/lib/dates";
import { format, t } from "@/lib/i18n";
import { JIANSHE_STREET, SHUANGTAIZI, ZHANQIAN, firstVillage, makeActor, makeHousehold } from "../support/fixtures";

let admin: Actor;
let supervisor: Actor;
let caseworker: Actor;
let villageWorker: Actor;
let otherCityAdmin: Actor;
let provincial: Actor;
/** Townships of 双台子区 other than 建设街道: one reserve per test, so balances do not mix. */
let townships: string[];

beforeAll(async () => {
  admin = await makeActor("ADMIN", "21");
  supervisor = await makeActor("SUPERVISOR", SHUANGTAIZI);
  caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
  villageWorker = await makeActor("CASEWORKER", ZHANQIAN);
  otherCityAdmin = await makeActor("ADMIN", "2101");
  provincial = await makeActor("PROVINCIAL", "21");
  const rows = await db.region.findMany({
    where: { parentCode: SHUANGTAIZI, code: { not: JIANSHE_STREET }, children: { some: {} } },
    orderBy: { code: "asc" },
    select: { code: true },
  });
  townships = rows.map((r) => r.code);
  expect(townships.length).toBeGreaterThanOrEqual(5);
});

let problemSeq = 0;
/** A household in a village and an open problem of it (no command records problems yet). */
async function householdWithProblems(regionCode: string, n = 1, headName = "测试户主") {
  const household = await makeHousehold(supervisor, { regionCode, headName });
  const today = todayInChina();
  const problems = [];
  for (let i = 0; i < n; i++) {
    problems.push(
      await db.problem.create({
        data: {
          householdId: household.id, regionCode, source: "HOTLINE", category: "BASIC_LIVING",
          description: `测试问题 ${++problemSeq}`, foundOn: dateFromIso(today), dueOn: dateFromIso(today), createdById: supervisor.id,
        },
        select: { id: true, householdId: true, regionCode: true },
      }),
    );
  }
  return { household, problems };
}

const pay = (actor: Actor, input: PaymentInput) =>
  db.$transaction((tx) => payFromFund(tx, actor, input), { maxWait: 30_000, timeout: 30_000 });

const reserveOf = (township: string) => db.$transaction((tx) => fundFor(tx, "TOWNSHIP_RESERVE", township));
const balanceOf = async (fundId: number) => (await db.fund.findUniqueOrThrow({ where: { id: fundId } })).balance.toFixed(2);
/** This month's aid figures of a township for the kind of fund `fundId` is. */
const statRow = async (townshipCode: string, fundId: number) => {
  const { kind: fundKind } = await db.fund.findUniqueOrThrow({ where: { id: fundId } });
  return db.statAidPayment.findUnique({
    where: { month_townshipCode_fundKind: { townshipCode, month: dateFromIso(monthBounds(todayInChina()).start), fundKind } },
  });
};
const counts = async () => ({
  entries: await db.fundEntry.count(),
  // Denied reads by id are audited on purpose (issue 11); "writes nothing" means nothing else.
  audits: await db.auditLog.count({ where: { NOT: { action: "read.denied" } } }),
  stats: await db.statAidPayment.count(),
});

describe("reference funds (seed)", () => {
  it("has one fund per city and one reserve per township, and finds the fund that pays for a village", async () => {
    expect(await db.fund.count({ where: { kind: "CITY_FUND" } })).toBe(14);
    expect(await db.fund.count({ where: { kind: "TOWNSHIP_RESERVE" } })).toBe(await db.region.count({ where: { level: 4 } }));
    const [city, reserve] = await db.$transaction(async (tx) => [
      await fundFor(tx, "CITY_FUND", ZHANQIAN),
      await fundFor(tx, "TOWNSHIP_RESERVE", ZHANQIAN),
    ]);
    expect(city).toMatchObject({ name: "盘锦市社会救助基金", regionCode: "2111", kind: "CITY_FUND" });
    expect(reserve).toMatchObject({ name: "建设街道临时救助备用金", regionCode: JIANSHE_STREET, kind: "TOWNSHIP_RESERVE" });
    expect((await db.fund.findUniqueOrThrow({ where: { id: reserve.id } })).balance.toFixed(2)).toBe("0.00");

    await expect(db.$transaction((tx) => fundFor(tx, "TOWNSHIP_RESERVE", "219999999001"))).rejects.toThrow(/未找到.*乡镇临时救助备用金/);
  });
});

describe("top-ups and payments", () => {
  it("tops up, pays, and keeps balance, ledger, figures and audit in step", async () => {
    const fund = await reserveOf(JIANSHE_STREET);
    const other = await firstVillage(`${JIANSHE_STREET}002`);
    const sun = await householdWithProblems(ZHANQIAN, 2, "孙丽华");
    const neighbour = await householdWithProblems(other, 1, "邻村户");

    const topUp = await topUpFund(supervisor, topUpSchema.parse({ fundId: String(fund.id), amount: "1000", note: "区财政拨款", idempotencyKey: randomUUID() }));
    expect([topUp.kind, topUp.amount.toFixed(2), topUp.balanceAfter.toFixed(2)]).toEqual(["TOP_UP", "1000.00", "1000.00"]);

    const p1 = await pay(caseworker, { fundId: fund.id, amount: "200.50", problemId: sun.problems[0].id, householdId: sun.household.id, note: "急难型临时救助" });
    const p2 = await pay(caseworker, { fundId: fund.id, amount: "99.99", problemId: sun.problems[1].id, householdId: sun.household.id, note: "购药" });
    const p3 = await pay(caseworker, { fundId: fund.id, amount: "0.01", problemId: neighbour.problems[0].id, householdId: neighbour.household.id, note: "测试" });
    expect([p1.amount.toFixed(2), p1.balanceAfter.toFixed(2)]).toEqual(["-200.50", "799.50"]);
    expect(p2.balanceAfter.toFixed(2)).toBe("699.51");
    expect(p3.balanceAfter.toFixed(2)).toBe("699.50");
    expect(await balanceOf(fund.id)).toBe("699.50");

    // The township's page: every entry, newest first, naming problem, household and village.
    const page = await getFund(caseworker, fund.id, 1);
    expect(page.balance).toBe("699.50");
    expect(page.fromAbove).toBe(false);
    expect(page.canManage).toBe(false); // a caseworker pays, but does not keep the reserve
    expect(page.ledger.entries.map((e) => [e.kind, e.amount, e.balanceAfter])).toEqual([
      ["PAYMENT", "-0.01", "699.50"],
      ["PAYMENT", "-99.99", "699.51"],
      ["PAYMENT", "-200.50", "799.50"],
      ["TOP_UP", "1000.00", "1000.00"],
    ]);
    const line = page.ledger.entries[2];
    expect(line.problemId).toBe(sun.problems[0].id);
    expect(line.household).toEqual({ id: sun.household.id, headName: "孙丽华", regionFullName: "盘锦市双台子区建设街道站前社区" });

    // The supervisor keeps the reserve: may top up and reverse.
    const kept = await getFund(supervisor, fund.id, 1);
    expect(kept.canManage).toBe(true);
    expect(kept.ledger.entries.every((e) => e.reversible)).toBe(true);

    // A community worker sees the reserve from below: only their community's households, no top-ups.
    const fromBelow = await getFund(villageWorker, fund.id, 1);
    expect(fromBelow.fromAbove).toBe(true);
    expect(fromBelow.ledger.entries.map((e) => e.amount)).toEqual(["-99.99", "-200.50"]);

    // Figures by township × month × fund, and one audit row per write.
    expect(await statRow(JIANSHE_STREET, fund.id)).toMatchObject({ payments: 3 });
    expect((await statRow(JIANSHE_STREET, fund.id))!.amount.toFixed(2)).toBe("300.50");
    const audits = await db.auditLog.findMany({ where: { entity: "fund_entry", entityId: { in: [topUp.id, p1.id, p2.id, p3.id].map(String) } } });
    expect(audits.map((a) => a.action).sort()).toEqual(["fund.pay", "fund.pay", "fund.pay", "fund.top_up"]);
    expect(new Set(audits.map((a) => a.regionCode))).toEqual(new Set([JIANSHE_STREET]));
  });

  it("refuses a payment over the balance, saying so, and writes nothing", async () => {
    const fund = await reserveOf(townships[0]);
    const { household, problems } = await householdWithProblems(await firstVillage(townships[0]));
    await topUpFund(supervisor, { fundId: fund.id, amount: "100.00", note: "拨款" });
    const before = await counts();

    const attempt = pay(supervisor, { fundId: fund.id, amount: "100.01", problemId: problems[0].id, householdId: household.id, note: "超额" });
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toThrow(`余额不足：${fund.name}当前余额 100.00 元，不足以支付 100.01 元`);

    expect(await counts()).toEqual(before);
    expect(await balanceOf(fund.id)).toBe("100.00");
    expect(await statRow(townships[0], fund.id)).toBeNull();

    // The exact balance is payable: to the fen, down to zero.
    const all = await pay(supervisor, { fundId: fund.id, amount: "100", problemId: problems[0].id, householdId: household.id, note: "全部" });
    expect(all.balanceAfter.toFixed(2)).toBe("0.00");
  });

  it("refuses amounts that are not positive or have more than two decimals", async () => {
    const fund = await reserveOf(JIANSHE_STREET);
    const { household, problems } = await householdWithProblems(ZHANQIAN);
    const before = await counts();
    const base = { fundId: fund.id, problemId: problems[0].id, householdId: household.id, note: "测试" };
    for (const [amount, message] of [
      ["0", "金额必须大于 0"],
      ["0.00", "金额必须大于 0"],
      ["-5", "金额必须大于 0"],
      ["+5", t.input.amountSign],
      ["1,2,3", t.input.amountSeparators],
      ["12,5", t.input.amountSeparators],
      ["1e3", t.input.amountExponent],
      ["1.005", "金额最多两位小数"],
      ["abc", t.funds.amountInvalid],
      ["10000000.01", "单笔金额不能超过 10,000,000.00 元"],
    ]) {
      await expect(pay(caseworker, { ...base, amount })).rejects.toThrow(message);
      await expect(topUpFund(supervisor, { fundId: fund.id, amount, note: "拨款" })).rejects.toThrow(message);
    }
    expect(await counts()).toEqual(before);

    // What people type is read without floats, and never guessed at (issue 11, finding 9).
    expect(amountSchema.parse("1234.5")).toBe("1234.50");
    expect(amountSchema.parse(" ０.1 ")).toBe("0.10");
    expect(amountSchema.safeParse("1,234.5").error?.issues.map((i) => i.message)).toEqual([t.input.amountSeparators]);
    expect(amountSchema.safeParse("￥0.1").error?.issues.map((i) => i.message)).toEqual([t.input.amountSeparators]);
    expect(amountSchema.parse("10000000")).toBe("10000000.00");
    expect(topUpSchema.safeParse({ fundId: "1", amount: "1.001", note: "x", idempotencyKey: randomUUID() }).error?.issues.map((i) => i.message)).toEqual(["金额最多两位小数"]);
    expect(formatYuan("1234.5")).toBe("¥1,234.50");
    expect(formatYuan(new Prisma.Decimal("-37.5"), { signed: true })).toBe("-¥37.50");
    expect(formatYuan("1000000", { signed: true })).toBe("+¥1,000,000.00");
  });

  it("names a problem of the household, in the area the fund pays for", async () => {
    const fund = await reserveOf(JIANSHE_STREET);
    const a = await householdWithProblems(ZHANQIAN);
    const b = await householdWithProblems(ZHANQIAN);
    await topUpFund(admin, { fundId: fund.id, amount: "10", note: "拨款" });
    // Problem of another household.
    await expect(pay(caseworker, { fundId: fund.id, amount: "1", problemId: a.problems[0].id, householdId: b.household.id, note: "x" }))
      .rejects.toBeInstanceOf(NotFoundError);
    // Another township's reserve does not pay for 建设街道.
    const elsewhere = await reserveOf(townships[1]);
    await topUpFund(admin, { fundId: elsewhere.id, amount: "10", note: "拨款" });
    await expect(pay(supervisor, { fundId: elsewhere.id, amount: "1", problemId: a.problems[0].id, householdId: a.household.id, note: "x" }))
      .rejects.toThrow(format(t.funds.problemNotCovered, { fund: elsewhere.name }));
  });
});

describe("top-up idempotency (issue 11, finding 9)", () => {
  it("books a top-up posted twice with one form key once, also when the two race", async () => {
    const fund = await reserveOf(JIANSHE_STREET);
    const start = await balanceOf(fund.id);
    const topUps = () => db.fundEntry.count({ where: { fundId: fund.id, kind: "TOP_UP" } });
    const startCount = await topUps();
    const key = randomUUID();
    const input = topUpSchema.parse({ fundId: String(fund.id), amount: "500", note: "区财政拨款", idempotencyKey: key });
    const first = await topUpFund(supervisor, input);
    const again = await topUpFund(supervisor, input);
    expect(again.id).toBe(first.id);
    const raced = await Promise.all([randomUUID(), randomUUID()].flatMap((k) => [k, k]).map((k) => topUpFund(supervisor, { ...input, idempotencyKey: k })));
    expect(new Set(raced.map((e) => e.id)).size).toBe(2);
    expect((await topUps()) - startCount).toBe(3);
    expect(Number(await balanceOf(fund.id)) - Number(start)).toBe(1500);
    // A key is not a way into another region's ledger.
    const elsewhere = await makeActor("SUPERVISOR", "210105");
    await expect(topUpFund(elsewhere, input)).rejects.toThrow(NotFoundError);
  });
});

describe("concurrent payments", () => {
  it("pays 26 of 40 simultaneous 37.50 payments from 1,000.00 and refuses 14; the balance never goes negative", async () => {
    const township = townships[2];
    const fund = await reserveOf(township);
    await topUpFund(supervisor, { fundId: fund.id, amount: "1000.00", note: "拨款" });
    const { household, problems } = await householdWithProblems(await firstVillage(township), 40);

    const results = await Promise.allSettled(
      problems.map((p) => pay(supervisor, {
        fundId: fund.id, amount: "37.50", problemId: p.id, householdId: household.id, note: "并发支付",
      })),
    );
    const accepted = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(accepted).toHaveLength(26); // floor(1000 / 37.5)
    expect(refused).toHaveLength(14);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(DomainError);
      expect((r.reason as Error).message).toBe(`余额不足：${fund.name}当前余额 25.00 元，不足以支付 37.50 元`);
    }

    expect(await balanceOf(fund.id)).toBe("25.00"); // 1000 − 26 × 37.5
    const entries = await db.fundEntry.findMany({ where: { fundId: fund.id }, orderBy: { id: "asc" } });
    expect(entries).toHaveLength(27);
    let running = new Prisma.Decimal(0);
    for (const e of entries) {
      running = running.plus(e.amount);
      expect(e.balanceAfter.toFixed(2)).toBe(running.toFixed(2));
      expect(e.balanceAfter.isNegative()).toBe(false);
    }
    expect(running.toFixed(2)).toBe("25.00");
    const stat = await statRow(township, fund.id);
    expect([stat?.payments, stat?.amount.toFixed(2)]).toEqual([26, "975.00"]);
    expect(await db.auditLog.count({ where: { action: "fund.pay", regionCode: township } })).toBe(26);
  });
});

describe("reversals", () => {
  it("reverses a payment once: the money and the figures come back, the original stays", async () => {
    const township = townships[3];
    const fund = await reserveOf(township);
    const { household, problems } = await householdWithProblems(await firstVillage(township));
    await topUpFund(supervisor, { fundId: fund.id, amount: "500", note: "拨款" });
    const payment = await pay(supervisor, { fundId: fund.id, amount: "120.00", problemId: problems[0].id, householdId: household.id, note: "支付" });
    expect((await statRow(township, fund.id))?.payments).toBe(1);

    const reversal = await reverseFundEntry(supervisor, { entryId: payment.id, reason: "重复支付" });
    expect([reversal.kind, reversal.amount.toFixed(2), reversal.balanceAfter.toFixed(2), reversal.reversesEntryId]).toEqual([
      "REVERSAL", "120.00", "500.00", payment.id,
    ]);
    expect([reversal.problemId, reversal.householdId]).toEqual([problems[0].id, household.id]);
    expect(await balanceOf(fund.id)).toBe("500.00");
    const stat = await statRow(township, fund.id);
    expect([stat?.payments, stat?.amount.toFixed(2)]).toEqual([0, "0.00"]);
    // The original is untouched: a correction is a new line, never an edit.
    expect((await db.fundEntry.findUniqueOrThrow({ where: { id: payment.id } })).amount.toFixed(2)).toBe("-120.00");
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "fund.reverse", entityId: String(reversal.id) } });
    expect(audit.actorId).toBe(supervisor.id);

    const page = await getFund(supervisor, fund.id, 1);
    expect(page.ledger.entries.find((e) => e.id === payment.id)).toMatchObject({ reversedById: reversal.id, reversible: false });
    expect(page.ledger.entries.find((e) => e.id === reversal.id)).toMatchObject({ reversesEntryId: payment.id, reversible: false });

    const before = await counts();
    await expect(reverseFundEntry(supervisor, { entryId: payment.id, reason: "再冲一次" })).rejects.toThrow("该笔记录已冲正");
    await expect(reverseFundEntry(supervisor, { entryId: reversal.id, reason: "冲正的冲正" })).rejects.toThrow(t.funds.reversalNotReversible);
    expect(await counts()).toEqual(before);
    expect(await balanceOf(fund.id)).toBe("500.00");
  });

  it("lets only one of two simultaneous reversals of the same entry through", async () => {
    const township = townships[4];
    const fund = await reserveOf(township);
    const { household, problems } = await householdWithProblems(await firstVillage(township));
    await topUpFund(supervisor, { fundId: fund.id, amount: "300", note: "拨款" });
    const payment = await pay(supervisor, { fundId: fund.id, amount: "50", problemId: problems[0].id, householdId: household.id, note: "支付" });

    const results = await Promise.allSettled([
      reverseFundEntry(supervisor, { entryId: payment.id, reason: "甲冲正" }),
      reverseFundEntry(admin, { entryId: payment.id, reason: "乙冲正" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
    expect(refused.reason).toBeInstanceOf(ConflictError);
    expect((refused.reason as Error).message).toBe("该笔记录已冲正");
    expect(await balanceOf(fund.id)).toBe("300.00");
    expect(await db.fundEntry.count({ where: { reversesEntryId: payment.id } })).toBe(1);
  });

  it("refuses to reverse a top-up the fund no longer holds", async () => {
    const city = await db.$transaction((tx) => fundFor(tx, "CITY_FUND", SHUANGTAIZI));
    const { household, problems } = await householdWithProblems(ZHANQIAN);
    const topUp = await topUpFund(admin, { fundId: city.id, amount: "500", note: "市财政拨款" });
    await pay(admin, { fundId: city.id, amount: "300", problemId: problems[0].id, householdId: household.id, note: "一事一议" });
    const before = await counts();

    await expect(reverseFundEntry(admin, { entryId: topUp.id, reason: "拨错了" })).rejects.toThrow(
      `无法冲正：${city.name}当前余额 200.00 元，冲回这笔 500.00 元的拨入后余额将为负数`,
    );
    expect(await counts()).toEqual(before);
    expect(await balanceOf(city.id)).toBe("200.00");

    // A top-up still held is taken back out.
    const second = await topUpFund(admin, { fundId: city.id, amount: "50.25", note: "追加" });
    const back = await reverseFundEntry(admin, { entryId: second.id, reason: "金额有误" });
    expect([back.amount.toFixed(2), back.balanceAfter.toFixed(2)]).toEqual(["-50.25", "200.00"]);
  });
});

describe("who may keep and read a fund", () => {
  it("hides another city's fund (not found) and keeps top-ups from users without manage:fund", async () => {
    const pj = await db.$transaction((tx) => fundFor(tx, "CITY_FUND", ZHANQIAN));
    const before = await counts();
    await expect(topUpFund(otherCityAdmin, { fundId: pj.id, amount: "100", note: "拨款" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getFund(otherCityAdmin, pj.id, 1)).rejects.toBeInstanceOf(NotFoundError);
    // A county supervisor keeps its townships' reserves, not the city's fund above it.
    await expect(topUpFund(supervisor, { fundId: pj.id, amount: "100", note: "拨款" })).rejects.toBeInstanceOf(NotFoundError);
    // Caseworkers pay; they do not top up or reverse. Provincial staff only read.
    const reserve = await reserveOf(JIANSHE_STREET);
    await expect(topUpFund(caseworker, { fundId: reserve.id, amount: "100", note: "拨款" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(reverseFundEntry(caseworker, { entryId: 1, reason: "x" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(topUpFund(provincial, { fundId: reserve.id, amount: "100", note: "拨款" })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await counts()).toEqual(before);

    // An entry of a fund outside the region is not found for a reversal either.
    const topUp = await topUpFund(admin, { fundId: pj.id, amount: "1", note: "拨款" });
    await expect(reverseFundEntry(otherCityAdmin, { entryId: topUp.id, reason: "x" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("lists the funds within a region and the ones that pay for it from above", async () => {
    const mine = await listFunds(villageWorker, { page: 1 });
    expect(mine.rows.map((r) => [r.kind, r.regionCode])).toEqual([["CITY_FUND", "2111"], ["TOWNSHIP_RESERVE", JIANSHE_STREET]]);
    expect(mine.rows.every((r) => !r.keeps)).toBe(true);
    expect(mine.cities).toEqual([]);

    const county = await listFunds(supervisor, { page: 1 });
    const townshipsOfCounty = await db.region.count({ where: { level: 4, parentCode: SHUANGTAIZI } });
    expect(county.total).toBe(1 + townshipsOfCounty);
    expect(county.rows[0]).toMatchObject({ kind: "CITY_FUND", regionCode: "2111", keeps: false, regionFullName: "盘锦市" });
    expect(county.rows.slice(1).every((r) => r.kind === "TOWNSHIP_RESERVE" && r.keeps && r.regionCode.startsWith(SHUANGTAIZI))).toBe(true);

    const province = await listFunds(provincial, { page: 1 });
    expect(province.total).toBe(14 + (await db.region.count({ where: { level: 4 } })));
    expect(province.rows).toHaveLength(20);
    expect(province.cities).toHaveLength(14);
    expect((await listFunds(provincial, { kind: "CITY_FUND", page: 1 })).total).toBe(14);
    const panjin = await listFunds(provincial, { city: "2111", page: 1 });
    expect(panjin.total).toBe(1 + (await db.region.count({ where: { level: 4, code: { startsWith: "2111" } } })));
    expect(panjin.rows.every((r) => r.regionCode.startsWith("2111"))).toBe(true);
    // The sum of balances is exact, to the fen.
    const sum = await db.fund.aggregate({ where: { regionCode: { startsWith: "2111" } }, _sum: { balance: true } });
    expect(panjin.totalBalance).toBe(sum._sum.balance!.toFixed(2));

    // Another city's caseworker does not see 盘锦's funds.
    const shenyang = await makeActor("CASEWORKER", "210105013");
    const theirs = await listFunds(shenyang, { page: 1 });
    expect(theirs.rows.map((r) => r.regionCode)).toEqual(["2101", "210105013"]);
  });
});

describe("emergency cap", () => {
  it("takes the county's rule in force on the day, else the city's", async () => {
    const shuangtaizi = ZHANQIAN; // 211102: its own cap of 3,000 from 2021-07-01
    const xinglongtai = await firstVillage("211103"); // another 盘锦 county: 盘锦's 2,000
    const shenyang = await firstVillage("2101"); // the default 1,000
    const cap = (code: string, on: string) => db.$transaction((tx) => emergencyCapFor(tx, code, on)).then((d) => d?.toFixed(2) ?? null);

    expect(await cap(shuangtaizi, "2021-08-01")).toBe("3000.00");
    expect(await cap(shuangtaizi, "2021-07-01")).toBe("3000.00");
    expect(await cap(shuangtaizi, "2021-06-30")).toBe("2000.00"); // before the county rule: the city's
    expect(await cap(xinglongtai, "2021-08-01")).toBe("2000.00");
    expect(await cap(shenyang, "2021-08-01")).toBe("1000.00");
    expect(await cap(shenyang, "2021-03-31")).toBe(null); // before any rule

    // A later city rule replaces the earlier one from its date on.
    await db.aidCap.create({ data: { regionCode: "2101", emergencyCap: "1500.00", effectiveFrom: dateFromIso("2022-01-01") } });
    expect(await cap(shenyang, "2021-12-31")).toBe("1000.00");
    expect(await cap(shenyang, "2022-01-01")).toBe("1500.00");
  });
});
