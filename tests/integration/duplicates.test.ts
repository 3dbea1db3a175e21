/**
 * Suspected duplicates (疑似重复, issue 16 part 3) on a real PostgreSQL: each detection rule flags
 * a pair on registration (and only then), "not a duplicate" keeps the pair apart for good, a merge
 * moves every record of the other household to the survivor in one transaction and leaves a
 * tombstone, the roll-ups equal the raw data afterwards, and region scope holds for the list, the
 * comparison and the actions.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { createHousehold, updateHousehold } from "@/lib/households/commands";
import { createHouseholdSchema, updateHouseholdSchema } from "@/lib/households/schema";
import { listHouseholds } from "@/lib/households/queries";
import { householdSearchSchema } from "@/lib/households/schema";
import { monthlyRoster } from "@/lib/visits/queries";
import { logHomeVisit } from "@/lib/visits/commands";
import { logVisitSchema, rosterSearchSchema } from "@/lib/visits/schema";
import { recordProblem } from "@/lib/problems/commands";
import { recordProblemSchema } from "@/lib/problems/schema";
import { grantAid } from "@/lib/aid/commands";
import { grantAidSchema } from "@/lib/aid/schema";
import { topUpFund } from "@/lib/funds/ledger";
import { openApplication } from "@/lib/applications/commands";
import { openApplicationSchema } from "@/lib/applications/schema";
import { verifyRollups } from "@/lib/stats/rollups";
import { flagSuspectedDuplicates } from "@/lib/duplicates/detect";
import { getDuplicatePair, listDuplicatePairs } from "@/lib/duplicates/queries";
import { markNotDuplicate, mergeHouseholds } from "@/lib/duplicates/commands";
import { duplicateSearchSchema, mergeSchema, notDuplicateSchema } from "@/lib/duplicates/schema";
import { dateFromIso, monthBounds, todayInChina } from "@/lib/dates";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { t } from "@/lib/i18n";
import { HUANGGU, JIANSHE_STREET, SHUANGTAIZI, ZHANQIAN, firstVillage, makeActor, makeIdNumber, withCategory } from "../support/fixtures";

// The one thing not real here: who is signed in, for the action calls (as in faults.test.ts).
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/session", () => ({
  getActor: async () => session.actor,
  requireActor: async () => session.actor,
  getSession: async () => (session.actor ? { actor: session.actor } : null),
}));

const today = todayInChina();
const lastMonth = monthBounds(monthBounds(today).previous).start;
const d = t.duplicates;
let caseworker: Actor;
let supervisor: Actor;
let neighbourSupervisor: Actor; // 兴隆台区, the same city
let shenyangCaseworker: Actor;
let neighbourVillage: string;
let zhanqianSibling: string; // another community of 建设街道
let client: pg.Pool;
let seq = 0;

type Person = { name: string; birth: string; relation?: string; county?: string };
async function register(actor: Actor, opts: { regionCode?: string; address?: string; phone?: string; category?: string; members: Person[] }) {
  const regionCode = opts.regionCode ?? ZHANQIAN;
  // Registered as 未纳入, then given its category the way a confirmed application would.
  const household = await createHousehold(actor, createHouseholdSchema.parse({
    regionCode,
    address: opts.address ?? `测试路 ${++seq} 号院 ${seq} 栋`,
    phone: opts.phone ?? "",
    members: opts.members.map((m, i) => ({
      name: m.name, relation: m.relation ?? (i === 0 ? "HEAD" : "CHILD"),
      idNumber: makeIdNumber(m.county ?? regionCode.slice(0, 6), m.birth),
    })),
  }));
  return withCategory(household, opts.category ?? "NONE");
}

const pairOf = (a: number, b: number) => db.duplicatePair.findUnique({ where: { householdA_householdB: { householdA: Math.min(a, b), householdB: Math.max(a, b) } } });

beforeAll(async () => {
  caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
  supervisor = await makeActor("SUPERVISOR", SHUANGTAIZI);
  neighbourSupervisor = await makeActor("SUPERVISOR", "211103");
  neighbourVillage = await firstVillage("211103");
  shenyangCaseworker = await makeActor("CASEWORKER", (await firstVillage(HUANGGU)).slice(0, 9));
  const siblings = await db.region.findMany({ where: { level: 5, parentCode: JIANSHE_STREET, NOT: { code: ZHANQIAN } }, take: 1, select: { code: true } });
  zhanqianSibling = siblings[0].code;
  client = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2, options: "-c nuanxin.scope=*" });
});
afterAll(() => client.end());

describe("detection on registration", () => {
  it("flags a member with the same name and birth date, in another city too (the birth date stored beside the encrypted ID)", async () => {
    const first = await register(caseworker, { members: [{ name: "赵德明", birth: "1961-04-12" }, { name: "赵小雨", birth: "2010-09-01" }] });
    const shenyangVillage = await firstVillage(HUANGGU);
    const second = await register(shenyangCaseworker, { regionCode: shenyangVillage, members: [{ name: "钱淑芬", birth: "1963-02-02" }, { name: "赵德明", birth: "1961-04-12", relation: "SPOUSE", county: HUANGGU }] });
    const pair = await pairOf(first.id, second.id);
    expect(pair).toMatchObject({ status: "OPEN", reasons: ["NAME_BIRTH"], regionA: ZHANQIAN, regionB: shenyangVillage });
    // The same name on another day is someone else.
    const other = await register(caseworker, { members: [{ name: "赵德明", birth: "1961-04-13" }] });
    expect(await pairOf(first.id, other.id)).toBeNull();
  });

  it("flags the same phone, wherever the other household lives", async () => {
    const a = await register(caseworker, { phone: "13904270001", members: [{ name: "孙立新", birth: "1955-01-01" }] });
    const b = await register(caseworker, { regionCode: zhanqianSibling, phone: "13904270001", members: [{ name: "李桂兰", birth: "1958-03-03" }] });
    expect(await pairOf(a.id, b.id)).toMatchObject({ status: "OPEN", reasons: ["PHONE"] });
  });

  it("flags a very similar address in the same village only, with the threshold read from the settings table", async () => {
    const a = await register(caseworker, { address: "站前社区幸福里小区12号楼3单元501室", members: [{ name: "周建国", birth: "1950-06-06" }] });
    const b = await register(caseworker, { address: "站前社区幸福里小区12号楼3单元501", members: [{ name: "吴秀英", birth: "1952-07-07" }] });
    const pair = await pairOf(a.id, b.id);
    expect(pair).toMatchObject({ status: "OPEN", reasons: ["ADDRESS"] });
    expect(Number(pair!.score)).toBeGreaterThanOrEqual(0.8);
    expect(Number(pair!.score)).toBeLessThan(1);
    // The same text in another village is another place; a different building is not flagged.
    const elsewhere = await register(caseworker, { regionCode: zhanqianSibling, address: "站前社区幸福里小区12号楼3单元501室", members: [{ name: "郑玉兰", birth: "1949-01-09" }] });
    const otherBuilding = await register(caseworker, { address: "站前社区和平路88号平房", members: [{ name: "冯志强", birth: "1966-10-10" }] });
    expect(await pairOf(a.id, elsewhere.id)).toBeNull();
    expect(await pairOf(a.id, otherBuilding.id)).toBeNull();
    // An administrator raising the threshold: the same near-match is no longer flagged.
    await db.duplicateSetting.update({ where: { id: 1 }, data: { addressSimilarity: 0.99 } });
    try {
      const c = await register(caseworker, { address: "站前社区幸福里小区12号楼3单元501号", members: [{ name: "陈凤霞", birth: "1971-11-11" }] });
      expect(await db.duplicatePair.count({ where: { OR: [{ householdA: c.id }, { householdB: c.id }] } })).toBe(0);
    } finally {
      await db.duplicateSetting.update({ where: { id: 1 }, data: { addressSimilarity: 0.8 } });
    }
  });

  it("flags again when a member is added to a household, and gathers every reason in one pair", async () => {
    const a = await register(caseworker, { phone: "13904279999", members: [{ name: "马春生", birth: "1948-08-08" }] });
    const b = await register(caseworker, { regionCode: zhanqianSibling, members: [{ name: "何丽", birth: "1975-05-05" }] });
    expect(await pairOf(a.id, b.id)).toBeNull();
    const stored = await db.household.findUniqueOrThrow({ where: { id: b.id }, include: { members: true } });
    await updateHousehold(caseworker, updateHouseholdSchema.parse({
      id: b.id, version: stored.version, regionCode: stored.regionCode, address: stored.address, phone: "13904279999",
      members: [
        { id: stored.members[0].id, name: "何丽", relation: "HEAD" },
        { name: "马春生", relation: "PARENT", idNumber: makeIdNumber("211102", "1948-08-08") },
      ],
    }));
    expect(await pairOf(a.id, b.id)).toMatchObject({ status: "OPEN", reasons: ["NAME_BIRTH", "PHONE"] });
  });

  it("checks a batch of households in one call (what the import calls) and counts new pairs once", async () => {
    const a = await register(caseworker, { phone: "13904271111", members: [{ name: "蒋文", birth: "1980-01-20" }] });
    const b = await register(caseworker, { regionCode: zhanqianSibling, phone: "13904271111", members: [{ name: "沈洁", birth: "1982-02-20" }] });
    expect(await pairOf(a.id, b.id)).not.toBeNull();
    expect(await flagSuspectedDuplicates(db, [a.id, b.id])).toBe(0);
  });
});

describe("not a duplicate", () => {
  it("needs a reason of at least 5 characters, is audited, and the pair is never flagged again", async () => {
    const a = await register(caseworker, { members: [{ name: "王秀兰", birth: "1944-04-04" }] });
    const b = await register(caseworker, { regionCode: zhanqianSibling, members: [{ name: "王秀兰", birth: "1944-04-04" }] });
    const pair = (await pairOf(a.id, b.id))!;
    const short = notDuplicateSchema.safeParse({ pairId: String(pair.id), version: String(pair.version), reason: "不是" });
    expect(short.success).toBe(false);
    expect(short.error!.issues[0].message).toBe(d.reasonShort);

    await markNotDuplicate(supervisor, notDuplicateSchema.parse({ pairId: String(pair.id), version: String(pair.version), reason: "已入户核实，两位老人同名同生日，不是同一人" }));
    const decided = (await pairOf(a.id, b.id))!;
    expect(decided).toMatchObject({ status: "NOT_DUPLICATE", decidedById: supervisor.id, reason: "已入户核实，两位老人同名同生日，不是同一人" });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "duplicate.not_duplicate", entityId: String(pair.id) } });
    expect(audit).toMatchObject({ actorId: supervisor.id });

    // Flagged again by a later edit or an import batch: the decision stands.
    expect(await flagSuspectedDuplicates(db, [a.id, b.id])).toBe(0);
    expect(await pairOf(a.id, b.id)).toMatchObject({ status: "NOT_DUPLICATE", version: decided.version });
    const list = await listDuplicatePairs(supervisor, duplicateSearchSchema.parse({}));
    expect(list.rows.map((r) => r.id)).not.toContain(pair.id);
    // A second decision on the same pair is refused.
    await expect(markNotDuplicate(supervisor, notDuplicateSchema.parse({ pairId: String(pair.id), version: String(decided.version), reason: "再次确认不是重复" })))
      .rejects.toThrow(d.alreadyDecided);
  });
});

describe("merge", () => {
  it("moves every record to the survivor in one transaction, keeps a tombstone, and the roll-ups stay exact", async () => {
    const admin = await makeActor("ADMIN", "21");
    const reserve = await db.fund.findUniqueOrThrow({ where: { kind_regionCode: { kind: "TOWNSHIP_RESERVE", regionCode: JIANSHE_STREET } } });
    await topUpFund(admin, { fundId: reserve.id, amount: "5000.00", note: "测试拨款" });

    const survivor = await register(caseworker, { category: "DIBAO", phone: "13904275555", members: [{ name: "刘永福", birth: "1957-12-12" }, { name: "刘小军", birth: "2008-03-03" }] });
    const other = await register(caseworker, { category: "DIBAO", phone: "13904275555", members: [{ name: "刘永福", birth: "1957-12-12" }, { name: "张桂芝", birth: "1959-01-01", relation: "SPOUSE" }] });
    const visit = (householdId: number, visitedOn: string) => logHomeVisit(caseworker, logVisitSchema.parse({
      householdId, idempotencyKey: randomUUID(), visitedOn, visitors: "王芳", peopleMet: "户主", questionnaireVersion: 1, findings: "",
      answers: { incomeChange: "decreased", health: "newIllness", schooling: "na", housing: "safe", careNeeds: "none", policyAwareness: "partial", livingChange: "worse", requests: "无" },
      problems: [],
    }));
    await visit(survivor.id, today);
    await visit(other.id, today);
    await visit(other.id, lastMonth);
    const problem = await recordProblem(caseworker, recordProblemSchema.parse({
      householdId: other.id, source: "GRID", reporter: "网格员", category: "MEDICAL", description: "住院费用负担重", urgency: "HIGH", foundOn: today,
    }));
    const aid = await grantAid(caseworker, grantAidSchema.parse({ problemId: problem.id, version: problem.version, kind: "EMERGENCY", amount: "300", reason: "突发疾病，急需生活费" }));
    const documents = ["ID_CARD"].map((kind) => ({ kind, provided: "on", dueOn: "" }));
    const application = await openApplication(caseworker, openApplicationSchema.parse({ householdId: String(other.id), type: "DIBAO", documents }));
    const entry = await db.registerEntry.create({ data: { householdId: other.id, regionCode: ZHANQIAN, category: "DIBAO", fromMonth: dateFromIso(lastMonth) } });
    const offer = await db.offer.create({ data: { householdId: other.id, regionCode: ZHANQIAN, offeredOn: dateFromIso(today), createdById: caseworker.id, note: "告知医疗救助" } });
    const alert = await db.monitoringAlert.create({ data: { householdId: other.id, regionCode: ZHANQIAN, kind: "NEW_FLAG", detail: "测试", dedupeKey: `dup-${other.id}`, raisedOn: dateFromIso(today) } });
    const exact = async () => expect((await verifyRollups(client)).filter((c) => c.mismatched > 0)).toEqual([]);
    await exact();

    const pair = (await pairOf(survivor.id, other.id))!;
    expect(pair.reasons).toEqual(["NAME_BIRTH", "PHONE"]);
    const [s, o] = await Promise.all([survivor.id, other.id].map((id) => db.household.findUniqueOrThrow({ where: { id } })));
    const versions = pair.householdA === survivor.id ? { versionA: s.version, versionB: o.version } : { versionA: o.version, versionB: s.version };
    const input = (extra: object = {}) => mergeSchema.parse({ pairId: String(pair.id), version: String(pair.version), survivorId: String(survivor.id), ...Object.fromEntries(Object.entries({ ...versions, ...extra }).map(([k, v]) => [k, String(v)])), confirmed: "on" });
    expect(mergeSchema.safeParse({ pairId: "1", version: "1", survivorId: "1", versionA: "1", versionB: "1" }).error!.issues[0].message).toBe(d.mergeConfirmRequired);

    // A stale page (the other household edited since): refused, nothing moved.
    const stale = { [pair.householdA === other.id ? "versionA" : "versionB"]: o.version - 1 || 99 };
    await expect(mergeHouseholds(supervisor, input(stale))).rejects.toBeInstanceOf(ConflictError);
    expect(await db.visit.count({ where: { householdId: other.id } })).toBe(2);
    expect((await pairOf(survivor.id, other.id))!.status).toBe("OPEN");

    const result = await mergeHouseholds(supervisor, input());
    expect(result).toMatchObject({ survivorId: survivor.id, mergedId: other.id });

    // Every record of the other household is the survivor's now.
    const left = await Promise.all([
      db.visit.count({ where: { householdId: other.id } }), db.problem.count({ where: { householdId: other.id } }),
      db.aidCase.count({ where: { householdId: other.id } }), db.application.count({ where: { householdId: other.id } }),
      db.registerEntry.count({ where: { householdId: other.id } }), db.offer.count({ where: { householdId: other.id } }),
      db.monitoringAlert.count({ where: { householdId: other.id } }),
    ]);
    expect(left).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(await db.visit.count({ where: { householdId: survivor.id } })).toBe(3);
    expect(await db.problem.findUniqueOrThrow({ where: { id: problem.id } })).toMatchObject({ householdId: survivor.id });
    expect(await db.aidCase.findUniqueOrThrow({ where: { id: aid.id } })).toMatchObject({ householdId: survivor.id });
    expect(await db.application.findUniqueOrThrow({ where: { id: application.id } })).toMatchObject({ householdId: survivor.id });
    expect(await db.registerEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ householdId: survivor.id });
    expect(await db.offer.findUniqueOrThrow({ where: { id: offer.id } })).toMatchObject({ householdId: survivor.id });
    expect(await db.monitoringAlert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ householdId: survivor.id });
    // Members: the spouse moved in (as 配偶); the head, already in the survivor, stays on the tombstone.
    const members = await db.member.findMany({ where: { householdId: survivor.id }, orderBy: { id: "asc" } });
    expect(members.map((m) => [m.name, m.relation])).toEqual([["刘永福", "HEAD"], ["刘小军", "CHILD"], ["张桂芝", "SPOUSE"]]);
    expect(await db.household.findUniqueOrThrow({ where: { id: survivor.id } })).toMatchObject({ memberCount: 3, version: s.version + 1, category: "DIBAO", mergedIntoId: null });
    // The tombstone points to the survivor and is off the register, the roster and the list.
    expect(await db.household.findUniqueOrThrow({ where: { id: other.id }, omit: { searchGrams: false } })).toMatchObject({ mergedIntoId: survivor.id, category: "NONE", searchGrams: [], version: o.version + 1 });
    const listed = await listHouseholds(caseworker, householdSearchSchema.parse({ q: "刘永福" }));
    expect(listed.rows.map((r) => r.id)).toEqual([survivor.id]);
    const roster = await monthlyRoster(caseworker, rosterSearchSchema.parse({ q: "刘永福" }));
    expect(roster.rows.map((r) => r.id)).toEqual([survivor.id]);
    await exact();

    expect(await pairOf(survivor.id, other.id)).toMatchObject({ status: "MERGED", survivorId: survivor.id, decidedById: supervisor.id });
    const audits = await db.auditLog.findMany({ where: { action: { in: ["duplicate.merge", "household.merge", "household.merged_into"] }, actorId: supervisor.id } });
    expect(audits.map((a) => a.action).sort()).toEqual(["duplicate.merge", "household.merge", "household.merged_into"]);
    expect(audits.find((a) => a.action === "duplicate.merge")!.after).toMatchObject({ moved: { visit: expect.any(Array), problem: [problem.id] } });

    // The tombstone cannot be edited, merged again or flagged again.
    await expect(mergeHouseholds(supervisor, input())).rejects.toThrow(d.alreadyDecided);
    expect(await flagSuspectedDuplicates(db, [other.id])).toBe(0);
    const tomb = await db.household.findUniqueOrThrow({ where: { id: other.id } });
    await expect(updateHousehold(caseworker, updateHouseholdSchema.parse({
      id: other.id, version: tomb.version, regionCode: ZHANQIAN, address: tomb.address, members: [{ name: "刘永福", relation: "HEAD", idNumber: makeIdNumber("211102", "1990-01-01") }],
    }))).rejects.toThrow(d.alreadyMerged);
  });
});

describe("region scope", () => {
  it("a supervisor of another county sees nothing of a pair in 双台子区; a forged pair id is refused and audited", async () => {
    const a = await register(caseworker, { phone: "13904276666", members: [{ name: "黄金山", birth: "1951-05-15" }] });
    const b = await register(caseworker, { regionCode: zhanqianSibling, phone: "13904276666", members: [{ name: "林玉珍", birth: "1953-06-16" }] });
    const pair = (await pairOf(a.id, b.id))!;
    const own = await listDuplicatePairs(supervisor, duplicateSearchSchema.parse({}));
    expect(own.rows.map((r) => r.id)).toContain(pair.id);
    // Masked for the county supervisor, as the household list masks them.
    const row = own.rows.find((r) => r.id === pair.id)!;
    expect(row.a.headName).toBe("黄*山");
    expect(row.a.phone).toBe("139****6666");

    const foreign = await listDuplicatePairs(neighbourSupervisor, duplicateSearchSchema.parse({}));
    expect(foreign.rows.map((r) => r.id)).not.toContain(pair.id);
    await expect(getDuplicatePair(neighbourSupervisor, pair.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await db.auditLog.count({ where: { action: "read.denied", entity: "duplicate_pair", entityId: String(pair.id), actorId: neighbourSupervisor.id } })).toBe(1);

    // The action called directly with the foreign pair's id: refused, audited, nothing changed.
    const { markNotDuplicateAction, mergeHouseholdsAction } = await import("@/lib/duplicates/actions");
    session.actor = neighbourSupervisor;
    const form = new FormData();
    form.set("pairId", String(pair.id)); form.set("version", String(pair.version)); form.set("reason", "跨区伪造的请求");
    expect(await markNotDuplicateAction(null, form)).toMatchObject({ ok: false, message: t.common.notFound });
    const merge = new FormData();
    for (const [k, v] of Object.entries({ pairId: pair.id, version: pair.version, survivorId: a.id, versionA: 1, versionB: 1, confirmed: "on" })) merge.set(k, String(v));
    expect(await mergeHouseholdsAction(null, merge)).toMatchObject({ ok: false, message: t.common.notFound });
    const refusals = await db.auditLog.findMany({ where: { actorId: neighbourSupervisor.id, action: "refused.review:duplicates" } });
    expect(refusals).toHaveLength(2);
    expect(refusals[0].after).toMatchObject({ reason: "not_found", ids: { pairId: pair.id } });
    // A caseworker has no permission at all.
    session.actor = caseworker;
    expect(await markNotDuplicateAction(null, form)).toMatchObject({ ok: false, message: t.common.forbidden });
    session.actor = null;
    expect(await pairOf(a.id, b.id)).toMatchObject({ status: "OPEN", version: pair.version });
  });

  it("a pair across two counties is seen by both, the other family masked; either may keep them apart, neither merges alone", async () => {
    const here = await register(caseworker, { phone: "13904277777", members: [{ name: "高远", birth: "1969-09-09" }] });
    const neighbourWorker = await makeActor("CASEWORKER", neighbourVillage.slice(0, 9));
    const there = await register(neighbourWorker, { regionCode: neighbourVillage, phone: "13904277777", members: [{ name: "宋晓梅", birth: "1972-12-01" }] });
    const pair = (await pairOf(here.id, there.id))!;
    const seen = await getDuplicatePair(neighbourSupervisor, pair.id);
    const ours = seen.a.id === here.id ? seen.a : seen.b;
    expect(ours).toMatchObject({ inRegion: false, masked: true, headName: "高*", address: "" });
    expect(ours.members.map((m) => m.name)).toEqual(["高*"]);
    const [sh, th] = await Promise.all([here.id, there.id].map((id) => db.household.findUniqueOrThrow({ where: { id } })));
    const versions = pair.householdA === here.id ? { versionA: sh.version, versionB: th.version } : { versionA: th.version, versionB: sh.version };
    await expect(mergeHouseholds(supervisor, mergeSchema.parse({ pairId: String(pair.id), version: String(pair.version), survivorId: String(here.id), versionA: String(versions.versionA), versionB: String(versions.versionB), confirmed: "on" })))
      .rejects.toBeInstanceOf(ForbiddenError);
    expect(await db.member.count({ where: { householdId: there.id } })).toBe(1);
    await markNotDuplicate(neighbourSupervisor, notDuplicateSchema.parse({ pairId: String(pair.id), version: String(pair.version), reason: "两户共用亲属电话，经核实为不同家庭" }));
    expect(await pairOf(here.id, there.id)).toMatchObject({ status: "NOT_DUPLICATE" });
  });
});
