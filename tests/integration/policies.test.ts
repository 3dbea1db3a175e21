/**
 * Needs ↔ policies ↔ resources on a real database: which seeded policies a household is shown,
 * which resources serve its area, recording and answering offers (with their audit rows), and
 * who may see or record them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { householdMatches, listLibrary } from "@/lib/policies/queries";
import { recordOffer, savePolicy, saveResource, updateOffer } from "@/lib/policies/commands";
import { offerSchema, policySchema, resourceSchema, updateOfferSchema } from "@/lib/policies/schema";
import { createHousehold } from "@/lib/households/commands";
import { createHouseholdSchema } from "@/lib/households/schema";
import { DomainError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { todayInChina } from "@/lib/dates";
import { JIANSHE_STREET, makeActor, makeIdNumber, ZHANQIAN, withCategory } from "../support/fixtures";

const today = todayInChina();
/** Born on 1 January, so the age is exactly `n` whatever day the test runs. */
const yearsAgo = (n: number) => `${Number(today.slice(0, 4)) - n}-01-01`;

let worker: Actor;
let admin: Actor;
const h: Record<string, number> = {};

async function household(head: string, category: string, members: [string, Record<string, string>][]) {
  return withCategory(await createHousehold(worker, createHouseholdSchema.parse({
    regionCode: ZHANQIAN, address: `${head}家`,
    members: members.map(([birth, flags], i) => ({
      name: i === 0 ? head : `${head}${i}`, idNumber: makeIdNumber(ZHANQIAN.slice(0, 6), birth, i % 2 === 0), relation: i === 0 ? "HEAD" : "CHILD", ...flags,
    })),
  })), category);
}

const codes = async (actor: Actor, id: number) => (await householdMatches(actor, id, today)).policies.map((p) => p.code).sort();

beforeAll(async () => {
  worker = await makeActor("CASEWORKER", JIANSHE_STREET);
  admin = await makeActor("ADMIN", "21");
  h.illness = (await household("甲", "DIBAO", [[yearsAgo(45), { majorIllness: "on" }]])).id;
  h.disabled = (await household("乙", "NONE", [[yearsAgo(40), { disabilityGrade: "1" }]])).id;
  h.student = (await household("丙", "DIBAO", [[yearsAgo(48), {}], [yearsAgo(19), { postCompulsoryStudent: "on" }]])).id;
  h.elderly = (await household("丁", "NONE", [[yearsAgo(80), {}]])).id;
  h.nothing = (await household("戊", "DIBAO", [[yearsAgo(40), {}]])).id;
});

describe("policies matched to a household", () => {
  it("shows each household the policies its members' situation points to, and why", async () => {
    expect(await codes(worker, h.illness)).toEqual(["MEDICAL_AID", "SUNSHINE_AID", "TEMP_AID"]);
    expect(await codes(worker, h.disabled)).toEqual(["SEVERE_DISABILITY_CARE", "TEMP_AID"]);
    expect(await codes(worker, h.student)).toEqual(["HIGH_SCHOOL_GRANT", "TEMP_AID"]);
    expect(await codes(worker, h.elderly)).toEqual(["ELDERLY_ALLOWANCE", "HOME_CARE", "TEMP_AID"]);
    const medical = (await householdMatches(worker, h.illness, today)).policies.find((p) => p.code === "MEDICAL_AID")!;
    expect(medical.reasons).toEqual(["majorIllness"]);
    expect(medical.department).toBe("医疗保障局");
  });

  it("a household with none of the flags meets no flag-based policy, only 临时救助", async () => {
    expect(await codes(worker, h.nothing)).toEqual(["TEMP_AID"]);
  });

  it("a disabled policy is no longer shown; an admin's new policy is", async () => {
    const lib = await listLibrary(admin);
    const sunshine = lib.policies.find((p) => p.code === "SUNSHINE_AID")!;
    const form = (over: Record<string, unknown>) => policySchema.parse({
      code: sunshine.code, title: sunshine.title, whoQualifies: sunshine.whoQualifies, benefit: sunshine.benefit, department: sunshine.department,
      memberFlags: sunshine.conditions.memberFlags, categories: sunshine.conditions.categories, ...over,
    });
    await savePolicy(admin, form({ id: String(sunshine.id) })); // active unticked
    expect(await codes(worker, h.illness)).toEqual(["MEDICAL_AID", "TEMP_AID"]);
    await savePolicy(admin, form({ id: String(sunshine.id), active: "on" }));
    expect(await codes(worker, h.illness)).toContain("SUNSHINE_AID");

    await savePolicy(admin, policySchema.parse({
      code: "TEST_FORTY", title: "四十岁测试政策", whoQualifies: "四十岁到四十五岁", benefit: "测试", department: "民政局", minAge: "40", maxAge: "45", active: "on",
    }));
    expect(await codes(worker, h.nothing)).toEqual(["TEMP_AID", "TEST_FORTY"]);
    await expect(savePolicy(admin, policySchema.parse({
      code: "TEST_FORTY", title: "重复", whoQualifies: "x", benefit: "x", department: "x", active: "on",
    }))).rejects.toMatchObject({ fieldErrors: { code: ["该编码已被使用"] } });
  });
});

describe("resources by region", () => {
  let local: number;
  let shenyang: number;
  beforeAll(async () => {
    const save = async (name: string, regionCodes: string, active = "on") =>
      (await saveResource(admin, resourceSchema.parse({ name, kind: "HOME_CARE", services: "助洁、助浴", regionCodes, capacity: "10", active }))).id;
    local = await save("双台子区居家养老服务站", "211102");
    shenyang = await save("沈阳市服务中心", "2101");
    await save("已停用的盘锦服务", "2111", "");
  });

  it("lists the active resources serving a prefix of the household's code, not another city's", async () => {
    const { resources } = await householdMatches(worker, h.elderly, today);
    expect(resources.map((r) => r.id)).toEqual([local]);
    expect(resources.map((r) => r.id)).not.toContain(shenyang);
  });

  it("refuses unknown region codes and areas outside the admin's own", async () => {
    const form = (regionCodes: string) => resourceSchema.parse({ name: "x", kind: "VOLUNTEER", services: "x", regionCodes, active: "on" });
    await expect(saveResource(admin, form("219999"))).rejects.toBeInstanceOf(DomainError);
    const cityAdmin = await makeActor("ADMIN", "2111");
    await expect(saveResource(cityAdmin, form("2101"))).rejects.toMatchObject({ fieldErrors: { regionCodes: ["只能登记本辖区内的服务区域"] } });
    // …and cannot edit the 沈阳 resource by id either.
    await expect(saveResource(cityAdmin, resourceSchema.parse({ id: String(shenyang), name: "x", kind: "VOLUNTEER", services: "x", regionCodes: "2111", active: "on" })))
      .rejects.toBeInstanceOf(NotFoundError);
  });

  it("an offer of a resource taken up counts against its capacity", async () => {
    await recordOffer(worker, offerSchema.parse({ householdId: String(h.elderly), resourceId: String(local), takenUp: "YES", note: "每周助洁一次" }), today);
    const { resources, offers } = await householdMatches(worker, h.elderly, today);
    expect(resources[0]).toMatchObject({ id: local, capacity: 10, used: 1, lastOffer: { takenUp: "YES" } });
    expect(offers[0]).toMatchObject({ what: "双台子区居家养老服务站", kind: "resource", takenUp: "YES", note: "每周助洁一次" });
  });
});

describe("offers", () => {
  it("recording an offer writes the offer and its audit row; answering it later too", async () => {
    const { policies } = await householdMatches(worker, h.illness, today);
    const medical = policies.find((p) => p.code === "MEDICAL_AID")!;
    const offer = await recordOffer(worker, offerSchema.parse({ householdId: String(h.illness), policyId: String(medical.id), takenUp: "PENDING", note: "" }), today);
    const row = await db.offer.findUniqueOrThrow({ where: { id: offer.id } });
    expect(row).toMatchObject({ householdId: h.illness, regionCode: ZHANQIAN, policyId: medical.id, resourceId: null, takenUp: null, createdById: worker.id });
    const audit = await db.auditLog.findFirstOrThrow({ where: { entity: "offer", entityId: String(offer.id), action: "offer.record" } });
    expect(audit).toMatchObject({ actorId: worker.id, regionCode: ZHANQIAN });

    await updateOffer(worker, updateOfferSchema.parse({ offerId: String(offer.id), takenUp: "YES" }));
    expect((await db.offer.findUniqueOrThrow({ where: { id: offer.id } })).takenUp).toBe(true);
    expect(await db.auditLog.count({ where: { entity: "offer", entityId: String(offer.id), action: "offer.update" } })).toBe(1);
    const after = await householdMatches(worker, h.illness, today);
    expect(after.policies.find((p) => p.code === "MEDICAL_AID")!.lastOffer?.takenUp).toBe("YES");
    expect(after.offers.map((o) => o.what)).toEqual(["医疗救助"]);

    // A second click (or two at once) records no second offer of the same item that day (issue 15).
    const again = offerSchema.parse({ householdId: String(h.illness), policyId: String(medical.id), takenUp: "PENDING", note: "" });
    const twice = await Promise.allSettled([recordOffer(worker, again, today), recordOffer(worker, again, today)]);
    expect(twice.every((r) => r.status === "rejected" && r.reason instanceof DomainError)).toBe(true);
    expect(await db.offer.count({ where: { householdId: h.illness, policyId: medical.id } })).toBe(1);
  });

  it("an offer names exactly one policy or resource", () => {
    expect(offerSchema.safeParse({ householdId: "1", takenUp: "YES" }).success).toBe(false);
    expect(offerSchema.safeParse({ householdId: "1", policyId: "1", resourceId: "2", takenUp: "YES" }).success).toBe(false);
  });

  it("a caseworker of another city sees and records nothing for the household", async () => {
    const shenyang = await makeActor("CASEWORKER", "210105001");
    const policy = await db.policy.findFirstOrThrow({ where: { code: "TEMP_AID" } });
    await expect(householdMatches(shenyang, h.nothing, today)).rejects.toBeInstanceOf(NotFoundError);
    await expect(recordOffer(shenyang, offerSchema.parse({ householdId: String(h.nothing), policyId: String(policy.id), takenUp: "YES" }), today))
      .rejects.toBeInstanceOf(NotFoundError);
    const offer = await db.offer.findFirstOrThrow({ where: { householdId: h.illness } });
    await expect(updateOffer(shenyang, { offerId: offer.id, takenUp: "NO" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("provincial staff may read the matches but not record an offer", async () => {
    const provincial = await makeActor("PROVINCIAL", "21");
    const policy = await db.policy.findFirstOrThrow({ where: { code: "TEMP_AID" } });
    expect((await householdMatches(provincial, h.nothing, today)).policies.map((p) => p.code)).toContain("TEMP_AID");
    const before = await db.offer.count();
    await expect(recordOffer(provincial, offerSchema.parse({ householdId: String(h.nothing), policyId: String(policy.id), takenUp: "YES" }), today))
      .rejects.toBeInstanceOf(ForbiddenError);
    expect(await db.offer.count()).toBe(before);
  });
});
