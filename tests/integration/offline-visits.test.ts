/**
 * What a caseworker's phone takes for offline work (GET /api/sync/v1/snapshot) and what happens
 * to an offline visit whose household left the caseworker's area before the phone synced
 * (decision 021). The session is the one thing not real here.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { asSystem, withScope } from "@/lib/db/scope";
import { addDays, todayInChina } from "@/lib/dates";
import { HUANGGU, JIANSHE_STREET, SHUANGTAIZI, ZHANQIAN, firstVillage, makeActor, makeHousehold } from "../support/fixtures";
import { confirmLeftAreaVisit } from "@/lib/visits/commands";
import { leftAreaVisits } from "@/lib/visits/queries";
import { LEFT_AREA_GRACE_DAYS } from "@/lib/visits/commands";
import type { Snapshot } from "@/lib/visits/offline";

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/session", () => ({
  getActor: async () => session.actor,
  requireActor: async () => session.actor,
  getSession: async () => (session.actor ? { actor: session.actor } : null),
}));

const { GET } = await import("@/app/api/sync/v1/snapshot/route");
const { POST } = await import("@/app/api/sync/v1/visits/route");

const ANSWERS = {
  incomeChange: "decreased", health: "newIllness", schooling: "na", housing: "safe",
  careNeeds: "none", policyAwareness: "partial", livingChange: "worse",
};
const today = todayInChina();

const snapshot = (headers: Record<string, string> = {}) =>
  GET(new Request("http://localhost:3000/api/sync/v1/snapshot", { headers: { host: "localhost:3000", "sec-fetch-site": "same-origin", ...headers } }));

const sync = (visits: unknown[]) =>
  POST(new Request("http://localhost:3000/api/sync/v1/visits", {
    method: "POST",
    headers: { "content-type": "application/json", origin: "http://localhost:3000", host: "localhost:3000" },
    body: JSON.stringify({ visits }),
  }));

const visit = (householdId: number, over: Record<string, unknown> = {}) => ({
  householdId, idempotencyKey: randomUUID(), visitedOn: today, visitors: "王芳", peopleMet: "户主",
  questionnaireVersion: 1, answers: ANSWERS, problems: [], ...over,
});

let caseworker: Actor;
let villageWorker: Actor;
let supervisor: Actor;
let otherVillage: string;

beforeAll(async () => {
  caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
  villageWorker = await makeActor("CASEWORKER", ZHANQIAN);
  supervisor = await makeActor("SUPERVISOR", SHUANGTAIZI);
  // A village of another township of the same county: where a family moves.
  const other = await db.region.findFirstOrThrow({
    where: { level: 5, code: { startsWith: SHUANGTAIZI }, NOT: { code: { startsWith: JIANSHE_STREET } } },
    orderBy: { code: "asc" }, select: { code: true },
  });
  otherVillage = other.code;
});

describe("the phone's snapshot", () => {
  it("holds this month's roster of the caseworker's own area with each household's summary, and nothing else; the download is audited", async () => {
    const family = await makeHousehold(caseworker, { regionCode: ZHANQIAN, headName: "离线甲", category: "DIBAO" });
    const notOnRoster = await makeHousehold(caseworker, { regionCode: ZHANQIAN, headName: "离线乙", category: "NONE" });
    const elsewhere = await makeHousehold(await makeActor("CASEWORKER", (await firstVillage(HUANGGU)).slice(0, 9)), { regionCode: await firstVillage(HUANGGU), headName: "离线丙" });
    await db.problem.create({ data: { householdId: family.id, regionCode: ZHANQIAN, source: "HOUSEHOLD", category: "MEDICAL", description: "药费负担重", urgency: "HIGH", foundOn: new Date(`${today}T00:00:00Z`), dueOn: new Date(`${addDays(today, 7)}T00:00:00Z`), createdById: caseworker.id } });

    session.actor = caseworker;
    const res = await snapshot();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as Snapshot;
    expect(body.user).toMatchObject({ id: caseworker.id, regionCode: JIANSHE_STREET });
    expect(body.households.every((h) => h.regionCode.startsWith(JIANSHE_STREET))).toBe(true);
    expect(body.households.every((h) => h.category !== "NONE")).toBe(true);
    const ids = body.households.map((h) => h.id);
    expect(ids).toContain(family.id);
    expect(ids).not.toContain(notOnRoster.id);
    expect(ids).not.toContain(elsewhere.id);
    const mine = body.households.find((h) => h.id === family.id)!;
    expect(mine).toMatchObject({ headName: "离线甲", masked: false, status: "overdue", lastVisitedOn: null });
    expect(mine.members.map((m) => m.name)).toEqual(["离线甲"]);
    expect(mine.openProblems.map((p) => p.description)).toEqual(["药费负担重"]);
    expect(body.questionnaire.questions.length).toBeGreaterThan(0);
    expect(body.total).toBe(body.households.length);
    expect(await db.auditLog.count({ where: { action: "offline.snapshot", actorId: caseworker.id } })).toBe(1);

    // A village worker's phone holds only the village.
    session.actor = villageWorker;
    const village = (await (await snapshot()).json()) as Snapshot;
    expect(village.households.length).toBeGreaterThan(0);
    expect(village.households.every((h) => h.regionCode === ZHANQIAN)).toBe(true);
  });

  it("is refused without a session, to a user who does not visit, and to another site", async () => {
    session.actor = null;
    expect((await snapshot()).status).toBe(401);
    session.actor = supervisor;
    expect((await snapshot()).status).toBe(403);
    session.actor = caseworker;
    expect((await snapshot({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await snapshot({ origin: "https://evil.example" })).status).toBe(403);
  });
});

describe("a visit synced after its household left the caseworker's area", () => {
  it("is stored against the household in its new region, flagged for that region's supervisor, once; the supervisor confirms it once", async () => {
    const family = await makeHousehold(caseworker, { regionCode: ZHANQIAN, headName: "迁出户" });
    // Moved to another township while the caseworker's phone was offline (the trigger records it).
    await asSystem(() => db.household.update({ where: { id: family.id }, data: { regionCode: otherVillage } }));
    expect(await db.householdMove.findMany({ where: { householdId: family.id }, select: { fromRegion: true, toRegion: true } }))
      .toEqual([{ fromRegion: ZHANQIAN, toRegion: otherVillage }]);

    session.actor = caseworker;
    const item = visit(family.id, { problems: [{ category: "HOUSING", description: "搬家后住房困难", urgency: "MEDIUM" }] });
    const [first] = (await (await sync([item])).json()).results;
    expect(first).toMatchObject({ status: "stored", leftArea: true });
    const [again] = (await (await sync([item])).json()).results;
    expect(again).toMatchObject({ status: "duplicate", visitId: first.visitId, leftArea: true });

    const stored = await db.visit.findUniqueOrThrow({ where: { id: first.visitId } });
    expect(stored).toMatchObject({ householdId: family.id, regionCode: otherVillage, leftAreaFrom: JIANSHE_STREET, flagReviewedAt: null });
    expect(await db.problem.count({ where: { visitId: stored.id, regionCode: otherVillage } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: "visit.log", entityId: String(stored.id), regionCode: otherVillage } })).toBe(1);
    // The caseworker still cannot read the household now: the visit crossed, the access did not.
    expect(await withScope(JIANSHE_STREET, () => db.household.count({ where: { id: family.id } }))).toBe(0);

    const flagged = await withScope(SHUANGTAIZI, () => leftAreaVisits(supervisor));
    expect(flagged.find((v) => v.id === stored.id)).toMatchObject({ householdId: family.id, recordedBy: caseworker.name });
    await withScope(SHUANGTAIZI, () => confirmLeftAreaVisit(supervisor, stored.id));
    await expect(withScope(SHUANGTAIZI, () => confirmLeftAreaVisit(supervisor, stored.id))).rejects.toThrow("已经核实");
    expect((await withScope(SHUANGTAIZI, () => leftAreaVisits(supervisor))).some((v) => v.id === stored.id)).toBe(false);
    expect(await db.auditLog.count({ where: { action: "visit.left_area_review", entityId: String(stored.id) } })).toBe(1);
  });

  it("is refused when the household was never in the caseworker's area, or left it long before the visit", async () => {
    const stranger = await makeHousehold(supervisor, { regionCode: otherVillage, headName: "从未在册户" });
    const longGone = await makeHousehold(caseworker, { regionCode: ZHANQIAN, headName: "早已迁出户" });
    await asSystem(() => db.household.update({ where: { id: longGone.id }, data: { regionCode: otherVillage } }));
    // The move happened long ago: backdated as the owner, past the append-only trigger, as a test fixture only.
    const owner = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL });
    await owner.connect();
    try {
      await owner.query("ALTER TABLE household_move DISABLE TRIGGER household_move_append_only");
      await owner.query("UPDATE household_move SET moved_at = now() - make_interval(days => $1) WHERE household_id = $2", [LEFT_AREA_GRACE_DAYS + 2, longGone.id]);
      await owner.query("ALTER TABLE household_move ENABLE TRIGGER household_move_append_only");
    } finally {
      await owner.end();
    }
    session.actor = caseworker;
    const results = (await (await sync([visit(stranger.id), visit(longGone.id)])).json()).results;
    expect(results.map((r: { status: string }) => r.status)).toEqual(["refused", "refused"]);
    expect(await db.visit.count({ where: { householdId: { in: [stranger.id, longGone.id] } } })).toBe(0);
  });

  it("keeps the move history append-only", async () => {
    const family = await makeHousehold(caseworker, { regionCode: ZHANQIAN, headName: "迁移史户" });
    await asSystem(() => db.household.update({ where: { id: family.id }, data: { regionCode: otherVillage } }));
    await expect(asSystem(() => db.householdMove.updateMany({ where: { householdId: family.id }, data: { toRegion: ZHANQIAN } }))).rejects.toThrow();
    await expect(asSystem(() => db.householdMove.deleteMany({ where: { householdId: family.id } }))).rejects.toThrow();
  });
});
