import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { conversion, worklist } from "@/lib/discovery/queries";
import { saveRule, screenHousehold } from "@/lib/discovery/commands";
import { ruleSchema, screeningSchema } from "@/lib/discovery/schema";
import { createHousehold } from "@/lib/households/commands";
import { createHouseholdSchema } from "@/lib/households/schema";
import { ConflictError, DomainError, ForbiddenError } from "@/lib/errors";
import { closeLead, closeLeadSchema, leadSchema, openLeads, recordLead } from "@/lib/discovery/leads";
import { todayInChina } from "@/lib/dates";
import { firstVillage, makeActor, makeIdNumber, withCategory } from "../support/fixtures";

let worker: Actor;
let admin: Actor;
let village: string;
const today = todayInChina();
const yearsAgo = (n: number, md = "03-01") => `${Number(today.slice(0, 4)) - n}-${md}`;

/** A household whose members are described by [birth date, extra flags]. */
async function household(head: string, category: string, members: [string, Record<string, string>][]) {
  return withCategory(await createHousehold(worker, createHouseholdSchema.parse({
    regionCode: village, address: `${head}家`,
    members: members.map(([birth, flags], i) => ({
      name: i === 0 ? head : `${head}${i}`, idNumber: makeIdNumber(village.slice(0, 6), birth, i % 2 === 0), relation: i === 0 ? "HEAD" : "CHILD", ...flags,
    })),
  })), category);
}

let h: Record<string, number> = {};

beforeAll(async () => {
  village = await firstVillage("2108"); // 营口: no other test uses it
  worker = await makeActor("CASEWORKER", village.slice(0, 9));
  admin = await makeActor("ADMIN", "21");
  h = {
    illness: (await household("甲", "NONE", [[yearsAgo(50), { majorIllness: "on" }]])).id,
    illnessAndMinor: (await household("乙", "NONE", [[yearsAgo(45), { majorIllness: "on" }], [yearsAgo(10), {}]])).id,
    disabled: (await household("丙", "DIBAO_EDGE", [[yearsAgo(40), { disabilityGrade: "2" }]])).id,
    mildDisability: (await household("丁", "NONE", [[yearsAgo(40), { disabilityGrade: "3" }]])).id,
    elderly: (await household("戊", "NONE", [[yearsAgo(80), {}]])).id,
    student: (await household("己", "NONE", [[yearsAgo(48), {}], [yearsAgo(19), { postCompulsoryStudent: "on" }]])).id,
    child: (await household("庚", "NONE", [[yearsAgo(70), {}], [yearsAgo(8), { unsupportedChild: "on" }]])).id,
    coveredDibao: (await household("辛", "DIBAO", [[yearsAgo(80), { majorIllness: "on" }]])).id,
    coveredTekun: (await household("壬", "TEKUN", [[yearsAgo(10), {}]])).id,
    nothing: (await household("癸", "NONE", [[yearsAgo(40), {}]])).id,
  };
});

const ids = (rows: { id: number }[]) => rows.map((r) => r.id).sort((a, b) => a - b);
const sorted = (...xs: number[]) => xs.sort((a, b) => a - b);

describe("discovery rules and the worklist", () => {
  it("each built-in rule finds exactly the uncovered households it should", async () => {
    const find = async (rule: string) => ids((await worklist(worker, { rule, page: 1 }, today)).rows);
    expect(await find("MAJOR_ILLNESS")).toEqual(sorted(h.illness, h.illnessAndMinor));
    expect(await find("SEVERE_DISABILITY")).toEqual([h.disabled]);
    expect(await find("MINOR")).toEqual(sorted(h.illnessAndMinor, h.child));
    expect(await find("ELDERLY_75")).toEqual([h.elderly]);
    expect(await find("STUDENT")).toEqual([h.student]);
    expect(await find("UNSUPPORTED_CHILD")).toEqual([h.child]);
    const all = await worklist(worker, { page: 1 }, today);
    expect(ids(all.rows)).not.toContain(h.coveredDibao);
    expect(ids(all.rows)).not.toContain(h.coveredTekun);
    expect(ids(all.rows)).not.toContain(h.nothing);
    // More reasons rank first.
    expect(all.rows[0].reasons.length).toBe(2);
  });

  it("a changed rule takes effect; a disabled one finds nothing", async () => {
    const rule = await db.discoveryRule.findUniqueOrThrow({ where: { code: "SEVERE_DISABILITY" } });
    // Widen it to any disability grade ≤ 3 is not a flag; instead add an age condition: members 35–45.
    await saveRule(admin, ruleSchema.parse({
      id: String(rule.id), version: String(rule.version), code: rule.code, name: rule.name, description: rule.description,
      memberFlags: [], minAge: "35", maxAge: "45", enabled: "on",
    }));
    const widened = ids((await worklist(worker, { rule: "SEVERE_DISABILITY", page: 1 }, today)).rows);
    expect(widened).toEqual(sorted(h.disabled, h.mildDisability, h.illnessAndMinor, h.nothing));
    const again = await db.discoveryRule.findUniqueOrThrow({ where: { code: "SEVERE_DISABILITY" } });
    await saveRule(admin, ruleSchema.parse({
      id: String(again.id), version: String(again.version), code: again.code, name: again.name, description: again.description,
      memberFlags: ["severeDisability"], enabled: "",
    }));
    expect((await worklist(worker, { rule: "SEVERE_DISABILITY", page: 1 }, today)).rows).toHaveLength(0);
    await expect(saveRule(worker, ruleSchema.parse({ code: "X_RULE", name: "x", description: "x", memberFlags: ["minor"], enabled: "on" }))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("screening takes a household off the worklist and counts in the conversion", async () => {
    await screenHousehold(worker, screeningSchema.parse({ householdId: String(h.elderly), outcome: "APPLIED", reason: "独居高龄，无收入", type: "TEKUN" }));
    await screenHousehold(worker, screeningSchema.parse({ householdId: String(h.student), outcome: "NOT_ELIGIBLE", reason: "父母有稳定工资收入" }));
    await screenHousehold(worker, screeningSchema.parse({ householdId: String(h.child), outcome: "OTHER_HELP", reason: "孩子课后无人照看", category: "CHILD_CARE" }));
    const left = ids((await worklist(worker, { page: 1 }, today)).rows);
    expect(left).not.toContain(h.elderly);
    expect(left).not.toContain(h.student);
    expect(left).not.toContain(h.child);
    const application = await db.application.findFirstOrThrow({ where: { householdId: h.elderly } });
    expect(application).toMatchObject({ type: "TEKUN", stage: "ACCEPTED" });
    expect(await db.problem.count({ where: { householdId: h.child, category: "CHILD_CARE", status: "OPEN" } })).toBe(1);
    const funnel = Object.fromEntries((await conversion(worker, today)).map((r) => [r.code, r]));
    expect(funnel.ELDERLY_75).toMatchObject({ found: 0, screened: 1, applied: 1, approved: 0 });
    expect(funnel.STUDENT).toMatchObject({ screened: 1, applied: 0 });
    expect(funnel.MINOR).toMatchObject({ found: 1, screened: 1 });
    expect(funnel.UNSUPPORTED_CHILD).toMatchObject({ screened: 1 });
  });
});

describe("leads from grid workers and the hotline", () => {
  it("wait on the worklist until the family is registered (converting the lead) or the lead is closed", async () => {
    const lead = await recordLead(worker, leadSchema.parse({
      regionCode: village, source: "GRID", reporter: "网格员 刘丽", familyName: "孟庆华", address: "某村 8 号", situation: "独居老人，近期摔伤无人照料",
    }));
    expect((await openLeads(worker)).map((l) => l.id)).toContain(lead.id);
    // Registering the family with the lead converts it in the same transaction.
    const household = await createHousehold(worker, createHouseholdSchema.parse({
      leadId: String(lead.id), regionCode: village, address: "某村 8 号", category: "NONE",
      members: [{ name: "孟庆华", idNumber: makeIdNumber(village.slice(0, 6), "1945-02-03"), relation: "HEAD" }],
    }));
    expect(await db.lead.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({ status: "CONVERTED", householdId: household.id });
    expect((await openLeads(worker)).map((l) => l.id)).not.toContain(lead.id);

    const other = await recordLead(worker, leadSchema.parse({ regionCode: village, source: "HOTLINE", familyName: "张某", address: "某村 9 号", situation: "来电反映生活困难" }));
    await closeLead(worker, closeLeadSchema.parse({ leadId: other.id, version: other.version, reason: "核实为外地暂住人员，已告知户籍地" }));
    await expect(closeLead(worker, closeLeadSchema.parse({ leadId: other.id, version: other.version, reason: "again" }))).rejects.toBeInstanceOf(ConflictError);
    // A village outside one's area is refused.
    await expect(recordLead(worker, leadSchema.parse({ regionCode: await firstVillage("2101"), source: "GRID", familyName: "x", address: "x", situation: "x" }))).rejects.toBeInstanceOf(DomainError);
  });
});
