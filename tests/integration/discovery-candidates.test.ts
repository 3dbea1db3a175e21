/**
 * The candidates table (decision 023) stays equal to the one-statement evaluation of the rules
 * (lib/discovery/naive.ts) after every kind of write: a household or member edit that makes a
 * household match or stop matching, an economic check, an application opened and decided, a
 * screening (and the 180 days passing), a rule edited, disabled and enabled, and the calendar
 * moving a member across an age limit. Compared: the township's worklist (households, reasons,
 * order, income per head), the counts per subregion up to the province, and each rule's count.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { conversion, worklist, worklistRegions } from "@/lib/discovery/queries";
import { naiveFound, naiveWorklist } from "@/lib/discovery/naive";
import { saveRule, screenHousehold } from "@/lib/discovery/commands";
import { ruleSchema, screeningSchema } from "@/lib/discovery/schema";
import { createHousehold, updateHousehold } from "@/lib/households/commands";
import { createHouseholdSchema, updateHouseholdSchema } from "@/lib/households/schema";
import { openApplication, recordEconomicCheck } from "@/lib/applications/commands";
import { economicCheckSchema, openApplicationSchema } from "@/lib/applications/schema";
import { addDays, todayInChina } from "@/lib/dates";
import { firstVillage, makeActor, makeIdNumber, withCategory } from "../support/fixtures";

let worker: Actor;
let admin: Actor;
let supervisor: Actor;
let village: string;
let township: string;
const today = todayInChina();
const yearsAgo = (n: number, md = "03-01") => `${Number(today.slice(0, 4)) - n}-${md}`;

async function household(head: string, category: string, members: [string, Record<string, string>][]) {
  return withCategory(await createHousehold(worker, createHouseholdSchema.parse({
    regionCode: village, address: `${head}家`,
    members: members.map(([birth, flags], i) => ({
      name: i === 0 ? head : `${head}${i}`, idNumber: makeIdNumber(village.slice(0, 6), birth, i % 2 === 0), relation: i === 0 ? "HEAD" : "CHILD", ...flags,
    })),
  })), category);
}

/** Every page of the township's worklist. */
async function allPages(on: string, search: { rule?: string } = {}) {
  const rows: { id: number; reasons: string[]; incomePerHead: unknown }[] = [];
  for (let page = 1; ; page++) {
    const list = await worklist(worker, { ...search, page }, on);
    rows.push(...list.rows.map((r) => ({ id: r.id, reasons: r.reasons, incomePerHead: r.incomePerHead === null ? null : Number(r.incomePerHead).toFixed(2) })));
    if (page >= list.pages) return rows;
  }
}

/** The candidates' worklist, counts and rule counts equal the reference evaluation on `on`. */
async function expectExact(on = today) {
  const reference = await naiveWorklist(township, on);
  expect(await allPages(on)).toEqual(reference.map((r) => ({ id: r.id, reasons: r.reasons, incomePerHead: r.incomePerHead })));
  // Counts per subregion, at every level from the province down to the county's townships.
  const province = await naiveWorklist("21", on);
  for (const code of ["21", township.slice(0, 4), township.slice(0, 6)]) {
    const childLength = { 2: 4, 4: 6, 6: 9 }[code.length]!;
    const expected = new Map<string, number>();
    for (const r of province) if (r.regionCode.startsWith(code)) expected.set(r.regionCode.slice(0, childLength), (expected.get(r.regionCode.slice(0, childLength)) ?? 0) + 1);
    const regions = await worklistRegions(admin, code, null, on);
    expect(Object.fromEntries(regions.children.filter((c) => c.households > 0).map((c) => [c.code, c.households]))).toEqual(Object.fromEntries(expected));
  }
  // Each rule's count (the rules page), for the province and the township.
  for (const [actor, code] of [[admin, "21"], [worker, township]] as const) {
    const found = Object.fromEntries((await conversion(actor, on, code)).map((r) => [r.code, r.found]));
    expect(found).toEqual(await naiveFound(code, on));
  }
  // And the roll-up equals its definition.
  const [{ wrong }] = await db.$queryRaw<{ wrong: bigint }[]>`
    WITH d AS (SELECT left(region_code, 9) AS t, code, count(*)::int AS n FROM discovery_candidate CROSS JOIN LATERAL unnest(reasons || ''::text) code GROUP BY 1, 2)
    SELECT count(*) AS wrong FROM d FULL JOIN (SELECT * FROM stat_discovery WHERE households <> 0) s ON s.township_code = d.t AND s.rule_code = d.code
    WHERE d.n IS DISTINCT FROM s.households`;
  expect(Number(wrong)).toBe(0);
}

const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
const version = async (id: number) => (await db.application.findUniqueOrThrow({ where: { id } })).version;
const h: Record<string, number> = {};

beforeAll(async () => {
  village = await firstVillage("2109"); // 阜新: no other test uses it
  township = village.slice(0, 9);
  worker = await makeActor("CASEWORKER", township);
  supervisor = await makeActor("SUPERVISOR", township.slice(0, 6));
  admin = await makeActor("ADMIN", "21");
  h.illness = (await household("赵", "NONE", [[yearsAgo(50), { majorIllness: "on" }], [yearsAgo(12), {}]])).id;
  h.plain = (await household("钱", "NONE", [[yearsAgo(40), {}]])).id;
  h.dibao = (await household("孙", "DIBAO", [[yearsAgo(80), {}]])).id;
  h.elderly = (await household("李", "DIBAO_EDGE", [[yearsAgo(76), {}], [yearsAgo(50), { disabilityGrade: "1" }]])).id;
  h.income = (await household("周", "NONE", [[yearsAgo(45), { postCompulsoryStudent: "on" }], [yearsAgo(44), {}]])).id;
});

describe("the candidates table stays exact", () => {
  it("after households are registered", async () => {
    await expectExact();
    expect(ids(await allPages(today))).toEqual(expect.arrayContaining([h.illness, h.elderly, h.income]));
  });

  it("after a household or member edit makes a household match, or stop matching", async () => {
    const edit = async (id: number, flags: (m: { id: number; relation: string; name: string }) => Record<string, string>) => {
      const current = await db.household.findUniqueOrThrow({ where: { id }, include: { members: { orderBy: { id: "asc" } } } });
      return updateHousehold(worker, updateHouseholdSchema.parse({
        id, version: current.version, regionCode: current.regionCode, address: current.address, category: current.category,
        members: current.members.map((m) => ({ id: m.id, name: m.name, relation: m.relation, ...flags(m) })),
      }));
    };
    // The category changes only through the procedure (issue 15): here as a confirmed application or a cessation would set it.
    const setCategory = (id: number, category: "NONE" | "DIBAO") => db.household.update({ where: { id }, data: { category, version: { increment: 1 } } });
    await edit(h.plain, () => ({ majorIllness: "on" })); // now found
    expect(ids(await allPages(today))).toContain(h.plain);
    await expectExact();
    await setCategory(h.illness, "DIBAO");
    await edit(h.illness, (m): Record<string, string> => (m.relation === "HEAD" ? { majorIllness: "on" } : {})); // covered: gone
    expect(ids(await allPages(today))).not.toContain(h.illness);
    await expectExact();
    await setCategory(h.illness, "NONE");
    await edit(h.illness, () => ({})); // uncovered again, still a minor: back with one reason
    await expectExact();
  });

  it("after an application is opened, its economic check recorded and the application decided", async () => {
    const app = await openApplication(worker, openApplicationSchema.parse({ householdId: String(h.income), type: "DIBAO", documents: [] }));
    expect(ids(await allPages(today))).not.toContain(h.income); // an open application: not on the worklist
    await expectExact();
    const members = await db.member.findMany({ where: { householdId: h.income } });
    await recordEconomicCheck(worker, economicCheckSchema.parse({
      applicationId: app.id, version: await version(app.id), incomes: members.map((m) => ({ memberId: m.id, monthlyIncome: "150" })), assets: "无",
    }));
    await expectExact();
    // Decided (refused): back on the worklist, ranked with its income per head.
    await db.application.update({ where: { id: app.id }, data: { stage: "REFUSED", decidedOn: new Date(`${today}T00:00:00Z`) } });
    const row = (await allPages(today)).find((r) => r.id === h.income);
    expect(row?.incomePerHead).toBe("150.00");
    await expectExact();
  });

  it("after a rule is added, edited, disabled and enabled", async () => {
    const created = await saveRule(admin, ruleSchema.parse({ code: "LOW_INCOME_TEST", name: "低收入", description: "人均收入低于标准 1.5 倍", incomeBelowRatio: "1.5", enabled: "on" }));
    expect((await allPages(today, { rule: "LOW_INCOME_TEST" })).map((r) => r.id)).toEqual([h.income]);
    await expectExact();
    const edited = await saveRule(admin, ruleSchema.parse({
      id: String(created.id), version: String(created.version), code: created.code, name: created.name, description: created.description,
      minAge: "40", maxAge: "46", enabled: "on",
    }));
    await expectExact();
    const disabled = await saveRule(admin, ruleSchema.parse({
      id: String(edited.id), version: String(edited.version), code: edited.code, name: edited.name, description: edited.description,
      minAge: "40", maxAge: "46", enabled: "",
    }));
    expect(await allPages(today, { rule: "LOW_INCOME_TEST" })).toEqual([]);
    await expectExact();
    const major = await db.discoveryRule.findUniqueOrThrow({ where: { code: "MAJOR_ILLNESS" } });
    const off = await saveRule(admin, ruleSchema.parse({ id: String(major.id), version: String(major.version), code: major.code, name: major.name, description: major.description, memberFlags: ["majorIllness"], enabled: "" }));
    await expectExact();
    await saveRule(admin, ruleSchema.parse({ id: String(off.id), version: String(off.version), code: off.code, name: off.name, description: off.description, memberFlags: ["majorIllness"], enabled: "on" }));
    await saveRule(admin, ruleSchema.parse({ id: String(disabled.id), version: String(disabled.version), code: disabled.code, name: disabled.name, description: disabled.description, minAge: "40", maxAge: "46", enabled: "on" }));
    await expectExact();
  });

  it("after a screening, and again once 180 days have passed", async () => {
    await screenHousehold(worker, screeningSchema.parse({ householdId: String(h.plain), outcome: "NOT_ELIGIBLE", reason: "收入稳定" }));
    expect(ids(await allPages(today))).not.toContain(h.plain);
    await expectExact();
    // The rescreen window is read at read time: on day 181 the household is back.
    const later = addDays(today, 181);
    expect(ids(await allPages(later))).toContain(h.plain);
    await expectExact(later);
    await expectExact(today);
  });

  it("as the calendar moves a member across an age limit (the day's advance)", async () => {
    // 18 tomorrow: a minor today, not tomorrow; 75 tomorrow: found tomorrow, not today.
    const tomorrow = addDays(today, 1);
    const birthday = (years: number) => `${Number(tomorrow.slice(0, 4)) - years}${tomorrow.slice(4)}`;
    if (tomorrow.slice(5) === "02-29") return; // no such birthday 18 or 75 years ago, most years
    h.turning18 = (await household("吴", "NONE", [[yearsAgo(30), {}], [birthday(18), {}]])).id;
    h.turning75 = (await household("郑", "NONE", [[birthday(75), {}]])).id;
    expect(ids(await allPages(today))).toContain(h.turning18);
    expect(ids(await allPages(today))).not.toContain(h.turning75);
    await expectExact(today);
    expect(ids(await allPages(tomorrow))).not.toContain(h.turning18);
    expect(ids(await allPages(tomorrow))).toContain(h.turning75);
    await expectExact(tomorrow);
    await expectExact(today);
  });

  it("a county supervisor gets the township counts; a township or village lists households; another region is not found", async () => {
    const regions = await worklistRegions(supervisor, supervisor.regionCode, null, today);
    expect(regions.childrenAreTownships).toBe(true);
    expect(regions.children.find((c) => c.code === township)?.households).toBe((await naiveWorklist(township, today)).length);
    const rows = await worklist(supervisor, { region: township, page: 1 }, today);
    expect(rows.total).toBe((await naiveWorklist(township, today)).length);
    // The supervisor's own county has no row list; a region outside the area is refused.
    expect((await worklist(supervisor, { page: 1 }, today)).rows).toEqual([]);
    await expect(worklistRegions(supervisor, "2101", null, today)).rejects.toThrow();
  });
});
