/**
 * The register and the problem list read their page in order from an index of the region's own
 * level (issue 14, migration 20261209000000): the same rows, in the same order, at every level
 * from a village to the province — newest households first, open problems by due date, resolved
 * ones latest first — with bounded counts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { listHouseholds } from "@/lib/households/queries";
import { listProblems } from "@/lib/problems/queries";
import { problemSearchSchema } from "@/lib/problems/schema";
import { addDays, dateFromIso, todayInChina } from "@/lib/dates";
import { JIANSHE_STREET, SHUANGTAIZI, ZHANQIAN, makeActor, makeHousehold } from "../support/fixtures";

const today = todayInChina();
const LEVELS = [ZHANQIAN, JIANSHE_STREET, SHUANGTAIZI, "2111", "21"];
let caseworker: Actor;
let actors: Actor[];

beforeAll(async () => {
  caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
  actors = await Promise.all(LEVELS.map((code) => makeActor("PROVINCIAL", code)));
});

const descending = (ids: number[]) => ids.every((id, i) => i === 0 || ids[i - 1] > id);

describe("the register's page, newest first, at every level", () => {
  it("starts with the newest households of the region and keeps to it", async () => {
    const made = [];
    for (const name of ["序一", "序二", "序三"]) made.push(await makeHousehold(caseworker, { headName: name }));
    const newest = made.map((h) => h.id).reverse();
    for (const actor of actors) {
      const page = await listHouseholds(actor, { page: 1 });
      const ids = page.rows.map((r) => r.id);
      expect(ids.slice(0, 3), actor.regionCode).toEqual(newest);
      expect(descending(ids), actor.regionCode).toBe(true);
      expect(page.rows.every((r) => r.regionCode.startsWith(actor.regionCode))).toBe(true);
      // The second page goes on where the first stopped.
      if (page.pages > 1) {
        const next = (await listHouseholds(actor, { page: 2 })).rows.map((r) => r.id);
        expect(next.length).toBeGreaterThan(0);
        expect(Math.max(...next)).toBeLessThan(Math.min(...ids));
      }
    }
  });
});

describe("the problem list's order and counts at every level", () => {
  it("lists open work by due date, the overdue among it, resolved work latest first", async () => {
    const household = await makeHousehold(caseworker, { headName: "序问题" });
    const make = (dueOn: string, resolved = false) =>
      db.problem.create({
        data: {
          householdId: household.id,
          regionCode: household.regionCode,
          source: "HOUSEHOLD",
          category: "MEDICAL",
          description: "排序测试",
          urgency: "HIGH",
          foundOn: dateFromIso("2001-01-01"),
          dueOn: dateFromIso(dueOn),
          createdById: caseworker.id,
          ...(resolved ? { status: "RESOLVED" as const, tier: "IMMEDIATE" as const, resolution: "已当场解决", resolvedOn: dateFromIso(addDays(today, 1)) } : {}),
        },
      });
    // Due long ago: the first of every region's open list, oldest first.
    const earliest = await make("2001-01-02");
    const next = await make("2001-01-03");
    const later = await make(addDays(today, 400));
    // Resolved "tomorrow": the first of every region's resolved list.
    const resolved = await make("2001-01-01", true);

    for (const actor of actors) {
      const open = await listProblems(actor, problemSearchSchema.parse({ filter: "open" }), today);
      expect(open.rows.slice(0, 2).map((p) => p.id), actor.regionCode).toEqual([earliest.id, next.id]);
      expect(open.rows.every((p) => p.status !== "RESOLVED" && p.household.regionCode.startsWith(actor.regionCode))).toBe(true);
      const dues = open.rows.map((p) => p.dueOn.getTime());
      expect(dues.every((d, i) => i === 0 || dues[i - 1] <= d)).toBe(true);

      const overdue = await listProblems(actor, problemSearchSchema.parse({ filter: "overdue" }), today);
      expect(overdue.rows.map((p) => p.id)).not.toContain(later.id);
      expect(overdue.rows.every((p) => p.isOverdue)).toBe(true);
      expect(overdue.total).toBe(Math.min(1000, Number(String(open.overdue).replace(/\D/g, ""))));

      const done = await listProblems(actor, problemSearchSchema.parse({ filter: "resolved" }), today);
      expect(done.rows[0].id, actor.regionCode).toBe(resolved.id);
      expect(done.rows.every((p) => p.status === "RESOLVED")).toBe(true);

      const all = await listProblems(actor, problemSearchSchema.parse({ filter: "all" }), today);
      expect(all.rows[0].id).toBe(resolved.id); // due 2001-01-01, the earliest of all
      expect(all.total).toBeGreaterThanOrEqual(open.total);
    }
  });

  it("counts exactly below the cap", async () => {
    const village = actors[0];
    const counted = await db.problem.count({ where: { regionCode: { startsWith: village.regionCode }, status: { not: "RESOLVED" } } });
    const open = await listProblems(village, problemSearchSchema.parse({ filter: "open" }), today);
    expect(open.total).toBe(Math.min(counted, 1000));
    expect(open.capped).toBe(counted > 1000);
  });
});
