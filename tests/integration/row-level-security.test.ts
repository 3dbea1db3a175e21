/**
 * Row-level security (issue 11, build 7; decision 018): a query that names no region sees no
 * family's data, one run in a region sees that region's rows and no other's — whatever its
 * `where` says — and cannot write outside it. The app role is what the tests connect as, so
 * these are the policies the web app lives under.
 */
import { beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { db } from "@/lib/db/client";
import { asSystem, withScope, withoutScope } from "@/lib/db/scope";
import type { Actor } from "@/lib/auth/permissions";
import { listHouseholds, getHousehold } from "@/lib/households/queries";
import { householdSearchSchema } from "@/lib/households/schema";
import { HUANGGU, JIANSHE_STREET, SHUANGTAIZI, ZHANQIAN, firstVillage, makeActor, makeHousehold } from "../support/fixtures";

let caseworker: Actor;
let otherCaseworker: Actor;
let ours: { id: number };
let theirs: { id: number };
let otherVillage: string;

beforeAll(async () => {
  caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
  otherVillage = await firstVillage(HUANGGU);
  otherCaseworker = await makeActor("CASEWORKER", otherVillage.slice(0, 9));
  ours = await makeHousehold(caseworker, { regionCode: ZHANQIAN, headName: "范围内" });
  theirs = await makeHousehold(otherCaseworker, { regionCode: otherVillage, headName: "范围外" });
});

describe("row-level security", () => {
  it("a query with no scope sees no family's data and writes none", async () => {
    await withoutScope(async () => {
      expect(await db.household.count()).toBe(0);
      expect(await db.member.count()).toBe(0);
      expect(await db.visit.count()).toBe(0);
      expect(await db.fund.count()).toBe(0);
      expect(await db.fundEntry.count()).toBe(0);
      expect(await db.auditLog.count()).toBe(0);
      expect(await db.household.findUnique({ where: { id: ours.id } })).toBeNull();
      expect((await db.household.updateMany({ where: { id: ours.id }, data: { address: "改" } })).count).toBe(0);
      await expect(db.$queryRaw`SELECT id FROM household`).resolves.toEqual([]);
    });
    // Nothing was changed behind the empty answers.
    const row = await db.household.findUniqueOrThrow({ where: { id: ours.id }, select: { address: true } });
    expect(row.address).not.toBe("改");
  });

  it("a region's query sees only that region, whatever its where clause says", async () => {
    await withScope(JIANSHE_STREET, async () => {
      const all = await db.household.findMany({ select: { regionCode: true } });
      expect(all.length).toBeGreaterThan(0);
      expect(all.every((h) => h.regionCode.startsWith(JIANSHE_STREET))).toBe(true);
      expect(await db.household.findUnique({ where: { id: theirs.id } })).toBeNull();
      expect(await db.member.findFirst({ where: { householdId: theirs.id } })).toBeNull();
      expect((await db.household.updateMany({ where: { id: theirs.id }, data: { address: "改" } })).count).toBe(0);
    });
    const row = await db.household.findUniqueOrThrow({ where: { id: theirs.id }, select: { address: true } });
    expect(row.address).not.toBe("改");
  });

  it("refuses a row written into another region", async () => {
    await withScope(JIANSHE_STREET, async () => {
      await expect(
        db.household.create({ data: { regionCode: otherVillage, address: "越界", category: "DIBAO", headName: "越界" } }),
      ).rejects.toThrow(/row-level security/);
      await expect(db.household.update({ where: { id: ours.id }, data: { regionCode: otherVillage } })).rejects.toThrow(/row-level security/);
    });
    expect(await db.household.count({ where: { headName: "越界" } })).toBe(0);
  });

  it("a township may move its city's fund but not create or delete funds above it", async () => {
    const city = await asSystem(() => db.fund.findFirstOrThrow({ where: { regionCode: "2111" } }));
    await withScope(JIANSHE_STREET, async () => {
      expect((await db.fund.updateMany({ where: { id: city.id }, data: { balance: city.balance } })).count).toBe(1);
      expect((await db.fund.deleteMany({ where: { id: city.id } })).count).toBe(0);
      await expect(db.fund.create({ data: { kind: city.kind, regionCode: "2112", name: "越界基金" } })).rejects.toThrow(/row-level security/);
    });
  });

  it("a township sees its own and its ancestors' funds, not another city's", async () => {
    const codes = await withScope(JIANSHE_STREET, () => db.fund.findMany({ select: { regionCode: true } }));
    expect(codes.length).toBeGreaterThan(0);
    for (const { regionCode } of codes) {
      expect(JIANSHE_STREET.startsWith(regionCode) || regionCode.startsWith(JIANSHE_STREET)).toBe(true);
    }
    expect(codes.some((c) => c.regionCode === "2111")).toBe(true); // 盘锦市's city fund
    const all = await asSystem(() => db.fund.count());
    expect(all).toBeGreaterThan(codes.length);
  });

  it("the audit log is read in scope; rows without a region only at province level", async () => {
    const inTownship = await withScope(JIANSHE_STREET, () => db.auditLog.findMany({ select: { regionCode: true } }));
    expect(inTownship.length).toBeGreaterThan(0);
    expect(inTownship.every((r) => r.regionCode?.startsWith(JIANSHE_STREET))).toBe(true);
    await db.$transaction((tx) => tx.auditLog.createMany({ data: { action: "test.no_region", entity: "test" } }));
    expect(await withScope("21", () => db.auditLog.count({ where: { action: "test.no_region" } }))).toBe(1);
    expect(await withScope(SHUANGTAIZI, () => db.auditLog.count({ where: { action: "test.no_region" } }))).toBe(0);
    // Anyone the app acts for can add the record of their act, even one they may not read back.
    await withScope(ZHANQIAN, () => db.auditLog.createMany({ data: { action: "test.no_region", entity: "test" } }));
    expect(await asSystem(() => db.auditLog.count({ where: { action: "test.no_region" } }))).toBe(2);
  });

  it("the queries give the same answers under the policies as their own clauses do", async () => {
    const q = householdSearchSchema.parse({});
    const system = await asSystem(() => listHouseholds(caseworker, q));
    const scoped = await withScope(caseworker.regionCode, () => listHouseholds(caseworker, q));
    expect(scoped).toEqual(system);
    await expect(withScope(caseworker.regionCode, () => getHousehold(caseworker, theirs.id))).rejects.toThrow();
  });

  it("roll-ups still move the county's and city's figures for a township's write", async () => {
    const county = () => asSystem(() => db.statRegisterCounty.aggregate({ where: { countyCode: SHUANGTAIZI }, _sum: { households: true } }));
    const before = (await county())._sum.households ?? 0;
    await withScope(caseworker.regionCode, () => makeHousehold(caseworker, { regionCode: ZHANQIAN }));
    expect((await county())._sum.households ?? 0).toBe(before + 1);
  });

  it("every table with a region code is under a policy (a new one cannot be forgotten)", async () => {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    try {
      const { rows } = await c.query<{ table: string; rls: boolean; policies: number }>(`
        SELECT cl.relname AS table, cl.relrowsecurity AS rls,
               (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = cl.oid) AS policies
        FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace
        WHERE n.nspname = 'public' AND cl.relkind = 'r'
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = cl.oid AND a.attname = 'region_code' AND NOT a.attisdropped)
        ORDER BY 1`);
      // Staff accounts and API tokens are read before anyone's region is known (sign-in, the bearer
      // check); their pages keep the explicit clause (lib/users, lib/api-tokens).
      const exempt = new Set(["app_user", "api_token"]);
      const unguarded = rows.filter((r) => !exempt.has(r.table) && (!r.rls || r.policies === 0)).map((r) => r.table);
      expect(unguarded).toEqual([]);
      expect(rows.length).toBeGreaterThan(15);
      // Bookkeeping triggers run as their owner, or a township's write could not move its county's
      // figures: a trigger function added later without SECURITY DEFINER fails here.
      const { rows: triggers } = await c.query<{ name: string }>(`
        SELECT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.prorettype = 'trigger'::regtype AND NOT p.prosecdef
          AND p.proname <> 'refuse_history_change' ORDER BY 1`);
      expect(triggers.map((t) => t.name)).toEqual([]);
    } finally {
      await c.end();
    }
  });
});
