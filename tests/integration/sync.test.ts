/**
 * POST /api/sync/v1/visits (issue 13, first slice): queued offline visits, one answer each —
 * stored once however often sent (a lost acknowledgement), refused items answered in Chinese on
 * their field while the others are stored, and the request itself refused without a session,
 * from another site, or not as JSON. The session is the one thing not real here.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { todayInChina } from "@/lib/dates";
import { HUANGGU, JIANSHE_STREET, ZHANQIAN, firstVillage, makeActor, makeHousehold } from "../support/fixtures";

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/session", () => ({
  getActor: async () => session.actor,
  requireActor: async () => session.actor,
  getSession: async () => (session.actor ? { actor: session.actor } : null),
}));

const { POST } = await import("@/app/api/sync/v1/visits/route");

const ANSWERS = {
  incomeChange: "decreased", health: "newIllness", schooling: "na", housing: "safe",
  careNeeds: "none", policyAwareness: "partial", livingChange: "worse", requests: "希望办理低保",
};

let caseworker: Actor;
let household: { id: number };
let elsewhere: { id: number };

beforeAll(async () => {
  caseworker = await makeActor("CASEWORKER", JIANSHE_STREET);
  household = await makeHousehold(caseworker, { regionCode: ZHANQIAN, headName: "同步户" });
  const other = await makeActor("CASEWORKER", (await firstVillage(HUANGGU)).slice(0, 9));
  elsewhere = await makeHousehold(other, { regionCode: await firstVillage(HUANGGU) });
});

const visit = (over: Record<string, unknown> = {}) => ({
  householdId: household.id, idempotencyKey: randomUUID(), visitedOn: todayInChina(), visitors: "王芳", peopleMet: "户主",
  questionnaireVersion: 1, answers: ANSWERS, findings: "离线记录", problems: [], ...over,
});

function post(body: unknown, headers: Record<string, string> = {}) {
  return POST(new Request("http://localhost:3000/api/sync/v1/visits", {
    method: "POST",
    headers: { "content-type": "application/json", origin: "http://localhost:3000", host: "localhost:3000", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  }));
}

describe("visit sync endpoint", () => {
  it("stores a batch once — a second send of the same keys stores nothing new — each with its audit row and problems", async () => {
    session.actor = caseworker;
    const batch = [
      visit(),
      visit({ problems: [
        { category: "MEDICAL", description: "住院费用自付部分较高", urgency: "HIGH" },
        { category: "SCHOOLING", description: "孩子上学交通困难", urgency: "MEDIUM" },
      ] }),
      visit(),
    ];
    const first = await post({ visits: batch });
    expect(first.status).toBe(200);
    const a = (await first.json()).results;
    expect(a.map((r: { status: string }) => r.status)).toEqual(["stored", "stored", "stored"]);
    expect(a.map((r: { key: string }) => r.key)).toEqual(batch.map((v) => v.idempotencyKey));
    expect(a[1].problemIds).toHaveLength(2);

    // The acknowledgement was lost: the phone sends all three again.
    const again = await post({ visits: batch });
    const b = (await again.json()).results;
    expect(b.map((r: { status: string }) => r.status)).toEqual(["duplicate", "duplicate", "duplicate"]);
    expect(b.map((r: { visitId: number }) => r.visitId)).toEqual(a.map((r: { visitId: number }) => r.visitId));

    const keys = batch.map((v) => v.idempotencyKey);
    expect(await db.visit.count({ where: { idempotencyKey: { in: keys } } })).toBe(3);
    expect(await db.problem.count({ where: { visitId: { in: a.map((r: { visitId: number }) => r.visitId) } } })).toBe(2);
    expect(await db.auditLog.count({ where: { action: "visit.log", entityId: { in: a.map((r: { visitId: number }) => String(r.visitId)) } } })).toBe(3);
  });

  it("refuses a bad item on its field, in Chinese, and still stores the others", async () => {
    session.actor = caseworker;
    const good = visit();
    const res = await post({ visits: [
      visit({ visitedOn: "2099-01-01" }),
      good,
      visit({ householdId: elsewhere.id }),
      visit({ visitors: "王\u0000芳" }),
      visit({ answers: { ...ANSWERS, housing: "castle" } }),
    ] });
    const r = (await res.json()).results;
    expect(r.map((x: { status: string }) => x.status)).toEqual(["refused", "stored", "refused", "refused", "refused"]);
    expect(r[0].fieldErrors.visitedOn[0]).toMatch(/[\u4e00-\u9fff]/);
    expect(r[2].message).toBe("该家庭不存在或不在您的辖区内，未保存。");
    expect(r[3].fieldErrors.visitors[0]).toMatch(/[\u4e00-\u9fff]/);
    expect(Object.keys(r[4].fieldErrors)).toEqual(["answers.housing"]);
    expect(await db.visit.count({ where: { householdId: elsewhere.id } })).toBe(0);
    expect(await db.visit.count({ where: { idempotencyKey: good.idempotencyKey } })).toBe(1);
  });

  it("refuses the request without a session, from another site, not as JSON, or malformed — storing nothing", async () => {
    const item = visit();
    session.actor = null;
    const anonymous = await post({ visits: [item] });
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error).toContain("重新登录");
    session.actor = caseworker;
    expect((await post({ visits: [item] }, { origin: "https://evil.example" })).status).toBe(403);
    const noOrigin = await POST(new Request("http://localhost:3000/api/sync/v1/visits", {
      method: "POST", headers: { "content-type": "application/json", host: "localhost:3000" }, body: JSON.stringify({ visits: [item] }),
    }));
    expect(noOrigin.status).toBe(403);
    expect((await post({ visits: [item] }, { "content-type": "text/plain" })).status).toBe(415);
    expect((await post("{not json")).status).toBe(400);
    expect((await post({ visits: [] })).status).toBe(400);
    expect((await post({ visits: Array.from({ length: 51 }, () => visit()) })).status).toBe(400);
    expect((await post({ visits: [item], __proto__: { polluted: true } })).status).toBe(200);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(await db.visit.count({ where: { idempotencyKey: item.idempotencyKey } })).toBe(1); // only the last, valid request
    const watcher = await makeActor("PROVINCIAL", "21");
    session.actor = watcher;
    expect((await post({ visits: [visit()] })).status).toBe(403);
  });
});
