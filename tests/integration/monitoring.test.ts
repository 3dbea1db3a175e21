import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { detectAlerts } from "@/lib/monitoring/detect";
import { closeAlert, refreshAlerts } from "@/lib/monitoring/commands";
import { listAlerts } from "@/lib/monitoring/queries";
import { closeAlertSchema } from "@/lib/monitoring/schema";
import { logHomeVisit } from "@/lib/visits/commands";
import { logVisitSchema } from "@/lib/visits/schema";
import { updateHousehold } from "@/lib/households/commands";
import { updateHouseholdSchema } from "@/lib/households/schema";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { dateFromIso, isoFromDate, monthBounds, todayInChina } from "@/lib/dates";
import { t } from "@/lib/i18n";
import { HUANGGU, JIANSHE_STREET, ZHANQIAN, firstVillage, makeActor, makeHousehold, makeIdNumber } from "../support/fixtures";

let worker: Actor;
let otherCity: Actor;
let provincial: Actor;
let otherVillage: string;
const today = todayInChina();
const NONE_ANSWERS = {
  incomeChange: "none", health: "stable", schooling: "na", housing: "safe",
  careNeeds: "none", policyAwareness: "partial", livingChange: "none", requests: "无",
};

/** `today` shifted by days, then by years, as YYYY-MM-DD. */
function shifted(days: number, years = 0) {
  const d = dateFromIso(today);
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return isoFromDate(d);
}

async function visit(actor: Actor, householdId: number, visitedOn: string, incomeChange: string) {
  return logHomeVisit(actor, logVisitSchema.parse({
    householdId, idempotencyKey: randomUUID(), visitedOn, visitors: "王芳", peopleMet: "户主",
    questionnaireVersion: 1, answers: { ...NONE_ANSWERS, incomeChange },
  }));
}

/** A visit in an earlier month, straight into the table (the form refuses dates over a year old). */
async function pastVisit(actor: Actor, householdId: number, regionCode: string, visitedOn: string) {
  return db.visit.create({
    data: {
      householdId, regionCode, visitedOn: dateFromIso(visitedOn), visitors: "王芳", peopleMet: "户主",
      questionnaireVersion: 1, answers: NONE_ANSWERS, idempotencyKey: randomUUID(), recordedById: actor.id,
    },
  });
}

const h: Record<string, number> = {};
const members: Record<string, number> = {};

async function alertsOf(householdId: number) {
  return db.monitoringAlert.findMany({ where: { householdId }, orderBy: { id: "asc" } });
}

beforeAll(async () => {
  worker = await makeActor("CASEWORKER", JIANSHE_STREET);
  otherCity = await makeActor("CASEWORKER", `${HUANGGU}001`);
  provincial = await makeActor("PROVINCIAL", "21");
  otherVillage = await firstVillage(`${HUANGGU}001`);
  const { start, previous } = monthBounds(today);
  const threeMonthsAgo = monthBounds(monthBounds(previous).previous).previous;

  // Missed visits: registered a year ago, last visited three months ago.
  h.missed = (await makeHousehold(worker, { headName: "赵漏访" })).id;
  await db.household.update({ where: { id: h.missed }, data: { createdAt: dateFromIso(shifted(-365)) } });
  await pastVisit(worker, h.missed, ZHANQIAN, threeMonthsAgo);
  // Visited last month: fine. Not registered and never visited: not monitored.
  h.visited = (await makeHousehold(worker, { headName: "钱已访" })).id;
  await db.household.update({ where: { id: h.visited }, data: { createdAt: dateFromIso(shifted(-365)) } });
  await pastVisit(worker, h.visited, ZHANQIAN, previous);
  h.unregistered = (await makeHousehold(worker, { headName: "孙未纳入", category: "NONE" })).id;
  await db.household.update({ where: { id: h.unregistered }, data: { createdAt: dateFromIso(shifted(-365)) } });
  // Registered this week, never visited: it could not have been visited in those months.
  h.fresh = (await makeHousehold(worker, { headName: "李新户" })).id;

  // Income: the latest visit reports a lost job; another household's decrease was followed by "none".
  h.income = (await makeHousehold(worker, { headName: "周失业" })).id;
  await visit(worker, h.income, start, "lostJob");
  h.incomeOld = (await makeHousehold(worker, { headName: "吴已恢复" })).id;
  await pastVisit(worker, h.incomeOld, ZHANQIAN, previous);
  await db.visit.updateMany({ where: { householdId: h.incomeOld }, data: { answers: { ...NONE_ANSWERS, incomeChange: "decreased" } } });
  await visit(worker, h.incomeOld, start, "none");

  // Birthdays: 18 three days ago, 75 three days ago; 18 in three days and 18 forty days ago are not.
  h.turns18 = (await makeHousehold(worker, { headName: "郑成年", birth: shifted(-3, -18) })).id;
  h.turns75 = (await makeHousehold(worker, { headName: "王高龄", birth: shifted(-3, -75) })).id;
  h.notYet = (await makeHousehold(worker, { headName: "冯未满", birth: shifted(3, -18) })).id;
  h.longAgo = (await makeHousehold(worker, { headName: "陈早满", birth: shifted(-40, -18) })).id;

  // Register edits: a new illness; a disability going from grade 3 to 1; a member moved out.
  h.ill = (await makeHousehold(worker, { headName: "褚患病" })).id;
  h.disabled = (await makeHousehold(worker, { headName: "卫残疾" })).id;
  const left = await makeHousehold(worker, { headName: "蒋迁出" });
  h.left = left.id;
  const edit = async (id: number, version: number, category: string, list: Record<string, string | number>[]) =>
    updateHousehold(worker, updateHouseholdSchema.parse({ id, version, regionCode: ZHANQIAN, address: "测试地址 1 号", category, members: list }));
  const head = async (id: number) => db.member.findFirstOrThrow({ where: { householdId: id, relation: "HEAD" } });
  members.ill = (await head(h.ill)).id;
  await edit(h.ill, 1, "DIBAO", [{ id: members.ill, name: "褚患病", relation: "HEAD", majorIllness: "on" }]);
  members.disabled = (await head(h.disabled)).id;
  await edit(h.disabled, 1, "DIBAO", [{ id: members.disabled, name: "卫残疾", relation: "HEAD", disabilityGrade: 3 }]);
  await edit(h.disabled, 2, "DIBAO", [{ id: members.disabled, name: "卫残疾", relation: "HEAD", disabilityGrade: 1 }]);
  const leftHead = await head(h.left);
  const withChild = await edit(h.left, 1, "DIBAO", [
    { id: leftHead.id, name: "蒋迁出", relation: "HEAD" },
    { name: "蒋小迁", idNumber: makeIdNumber("211102", "2000-04-04", false), relation: "CHILD" },
  ]);
  members.leftChild = withChild!.members.find((m) => m.relation === "CHILD")!.id;
  await edit(h.left, 2, "DIBAO", [{ id: leftHead.id, name: "蒋迁出", relation: "HEAD" }]);

  // Another city: an income change nobody in 盘锦 should see.
  h.elsewhere = (await makeHousehold(otherCity, { regionCode: otherVillage, headName: "沈阳户" })).id;
  await visit(otherCity, h.elsewhere, start, "decreased");
});

describe("dynamic monitoring of the register", () => {
  it("each trigger raises exactly one alert, and a second run raises nothing", async () => {
    const first = await detectAlerts(db, { regionPrefix: worker.regionCode, today });
    expect(first).toEqual({ MISSED_VISITS: 1, INCOME_CHANGE: 1, TURNS_18: 1, TURNS_75: 1, NEW_FLAG: 2, MEMBER_LEFT: 1 });
    const second = await detectAlerts(db, { regionPrefix: worker.regionCode, today });
    expect(second).toEqual({ MISSED_VISITS: 0, INCOME_CHANGE: 0, TURNS_18: 0, TURNS_75: 0, NEW_FLAG: 0, MEMBER_LEFT: 0 });

    const kinds = async (id: number) => (await alertsOf(id)).map((a) => a.kind);
    expect(await kinds(h.missed)).toEqual(["MISSED_VISITS"]);
    expect((await alertsOf(h.missed))[0].dedupeKey).toBe(`MISSED_VISITS:${h.missed}:${today.slice(0, 7)}`);
    expect(await kinds(h.income)).toEqual(["INCOME_CHANGE"]);
    expect(await kinds(h.turns18)).toEqual(["TURNS_18"]);
    expect(await kinds(h.turns75)).toEqual(["TURNS_75"]);
    expect(await kinds(h.ill)).toEqual(["NEW_FLAG"]);
    expect(JSON.parse((await alertsOf(h.ill))[0].detail)).toMatchObject({ member: "褚患病", majorIllness: true });
    expect(await kinds(h.disabled)).toEqual(["NEW_FLAG"]); // 3 → 1 raises, none → 3 did not
    expect(JSON.parse((await alertsOf(h.disabled))[0].detail)).toMatchObject({ disabilityGrade: 1 });
    expect(await kinds(h.left)).toEqual(["MEMBER_LEFT"]);
    expect((await alertsOf(h.left))[0].dedupeKey).toMatch(new RegExp(`^MEMBER_LEFT:\\d+:${members.leftChild}$`));
    for (const quiet of [h.visited, h.unregistered, h.fresh, h.incomeOld, h.notYet, h.longAgo, h.elsewhere]) {
      expect(await alertsOf(quiet)).toEqual([]);
    }
    // Province-wide, the other city's household is found too, and nothing here twice.
    const province = await detectAlerts(db, { regionPrefix: "21", today });
    expect(province).toMatchObject({ INCOME_CHANGE: 1, MISSED_VISITS: 0, NEW_FLAG: 0 });
    expect(await kinds(h.elsewhere)).toEqual(["INCOME_CHANGE"]);
  });

  it("opening the list runs detection for the area at most once every few minutes", async () => {
    const area = await makeActor("CASEWORKER", worker.regionCode);
    await db.monitoringRun.deleteMany({ where: { regionPrefix: area.regionCode } });
    expect(await refreshAlerts(area, today)).not.toBeNull();
    expect(await refreshAlerts(area, today)).toBeNull();
    // Two views at once: one of them runs it.
    await db.monitoringRun.update({ where: { regionPrefix: area.regionCode }, data: { ranAt: new Date(Date.now() - 6 * 60_000) } });
    const both = await Promise.all([refreshAlerts(area, today), refreshAlerts(area, today)]);
    expect(both.filter((r) => r !== null)).toHaveLength(1);
  });

  it("lists alerts in the caseworker's area only, with head and village", async () => {
    const mine = await listAlerts(worker, { open: true, page: 1 });
    expect(mine.total).toBe(7);
    expect(mine.rows.map((r) => r.headName)).not.toContain("沈阳户");
    const turns = mine.rows.find((r) => r.kind === "TURNS_18")!;
    expect(turns).toMatchObject({ headName: "郑成年", villageName: "站前社区", detail: { member: "郑成年", birthDate: shifted(-3, -18) } });
    expect((await listAlerts(worker, { open: true, kind: "NEW_FLAG", page: 1 })).total).toBe(2);
    expect(mine.openByKind).toMatchObject({ NEW_FLAG: 2, MEMBER_LEFT: 1 });
    const theirs = await listAlerts(otherCity, { open: true, page: 1 });
    expect(theirs.rows.map((r) => r.headName)).toEqual(["沈阳户"]);
    expect((await listAlerts(provincial, { open: true, page: 1 })).total).toBe(8);
  });

  it("closing with each outcome works, writes an audit row, and the alert is never raised again", async () => {
    const [missed] = await alertsOf(h.missed);
    const [income] = await alertsOf(h.income);
    const [turns18] = await alertsOf(h.turns18);
    const audits = () => db.auditLog.count({ where: { action: "alert.close" } });

    // No change needs a reason.
    expect(closeAlertSchema.safeParse({ alertId: String(missed.id), outcome: "NO_CHANGE", reason: "" }).success).toBe(false);
    await closeAlert(worker, closeAlertSchema.parse({ alertId: String(missed.id), outcome: "NO_CHANGE", reason: "户主外出务工，电话核实情况无变化" }));
    expect(await db.monitoringAlert.findUniqueOrThrow({ where: { id: missed.id } })).toMatchObject({ outcome: "NO_CHANGE", closedById: worker.id });
    expect(await audits()).toBe(1);

    // A new application needs one open for the household first.
    const reapply = closeAlertSchema.parse({ alertId: String(income.id), outcome: "NEW_APPLICATION" });
    await expect(closeAlert(worker, reapply)).rejects.toBeInstanceOf(DomainError);
    const application = await db.application.create({
      data: { householdId: h.income, regionCode: ZHANQIAN, type: "DIBAO", acceptedOn: dateFromIso(today), createdById: worker.id },
    });
    await closeAlert(worker, reapply);
    expect(await db.monitoringAlert.findUniqueOrThrow({ where: { id: income.id } })).toMatchObject({ outcome: "NEW_APPLICATION", applicationId: application.id });
    expect(await audits()).toBe(2);

    // A category change is no longer an outcome (issue 15): refused with a reason, audited, nothing written.
    const before = await db.household.findUniqueOrThrow({ where: { id: h.turns18 } });
    const refusals = () => db.auditLog.count({ where: { action: "refused.category_change", entity: "monitoring_alert", entityId: String(turns18.id) } });
    const bypass = closeAlert(worker, closeAlertSchema.parse({ alertId: String(turns18.id), outcome: "CATEGORY_CHANGE", newCategory: "DIBAO_EDGE", reason: "已成年就业" }));
    await expect(bypass).rejects.toThrow(t.monitoring.categoryByProcedure);
    // Nor sneaked in beside an outcome that is allowed.
    await expect(closeAlert(worker, closeAlertSchema.parse({ alertId: String(turns18.id), outcome: "NO_CHANGE", newCategory: "NONE", reason: "已成年就业" })))
      .rejects.toBeInstanceOf(DomainError);
    expect(await db.household.findUniqueOrThrow({ where: { id: h.turns18 } })).toMatchObject({ category: before.category, version: before.version });
    expect(await db.monitoringAlert.findUniqueOrThrow({ where: { id: turns18.id } })).toMatchObject({ closedOn: null, outcome: null });
    expect(await refusals()).toBe(2);
    expect(await audits()).toBe(2);
    await closeAlert(worker, closeAlertSchema.parse({ alertId: String(turns18.id), outcome: "NO_CHANGE", reason: "已成年，在校就读，收入无变化" }));
    expect(await audits()).toBe(3);

    // Closed once: a second close is refused; detection does not raise them again.
    await expect(closeAlert(worker, closeAlertSchema.parse({ alertId: String(missed.id), outcome: "NO_CHANGE", reason: "再次" }))).rejects.toBeInstanceOf(ConflictError);
    const again = await detectAlerts(db, { regionPrefix: worker.regionCode, today });
    expect(Object.values(again).every((n) => n === 0)).toBe(true);
    expect((await alertsOf(h.missed)).length).toBe(1);
    expect((await alertsOf(h.income)).length).toBe(1);
    expect((await listAlerts(worker, { open: true, page: 1 })).total).toBe(4);
    expect((await listAlerts(worker, { open: false, page: 1 })).rows.map((r) => r.outcome).sort()).toEqual(["NEW_APPLICATION", "NO_CHANGE", "NO_CHANGE"]);
  });

  it("another city's caseworker cannot close them; provincial staff cannot close any", async () => {
    const [left] = await alertsOf(h.left);
    const input = closeAlertSchema.parse({ alertId: String(left.id), outcome: "NO_CHANGE", reason: "x" });
    await expect(closeAlert(otherCity, input)).rejects.toBeInstanceOf(NotFoundError);
    await expect(closeAlert(provincial, input)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await db.monitoringAlert.findUniqueOrThrow({ where: { id: left.id } })).closedOn).toBeNull();
  });
});
