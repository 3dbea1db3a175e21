import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { listAuditLog } from "@/lib/audit/queries";
import { ForbiddenError } from "@/lib/errors";
import { todayInChina } from "@/lib/dates";
import { HUANGGU, JIANSHE_STREET, firstVillage, makeActor, makeHousehold } from "../support/fixtures";

let panjinWorker: Actor;
let shenyangWorker: Actor;
let provinceAdmin: Actor;
let shenyangAdmin: Actor;
let households: { panjin: number; shenyang: number };

beforeAll(async () => {
  panjinWorker = await makeActor("CASEWORKER", JIANSHE_STREET);
  const village = await firstVillage(HUANGGU);
  shenyangWorker = await makeActor("CASEWORKER", village.slice(0, 9));
  provinceAdmin = await makeActor("ADMIN", "21");
  shenyangAdmin = await makeActor("ADMIN", "2101");
  households = {
    panjin: (await makeHousehold(panjinWorker)).id,
    shenyang: (await makeHousehold(shenyangWorker, { regionCode: village })).id,
  };
});

describe("audit log", () => {
  it("lets an admin filter by user, record and date", async () => {
    const byUser = await listAuditLog(provinceAdmin, { userId: panjinWorker.id, page: 1 });
    expect(byUser.rows.map((r) => [r.action, r.entityId])).toEqual([["household.create", String(households.panjin)]]);

    const byRecord = await listAuditLog(provinceAdmin, { entity: "household", entityId: String(households.shenyang), page: 1 });
    expect(byRecord.rows).toHaveLength(1);
    expect(byRecord.rows[0].actor?.name).toBe(shenyangWorker.name);

    const today = todayInChina();
    expect((await listAuditLog(provinceAdmin, { from: today, to: today, page: 1 })).total).toBeGreaterThanOrEqual(2);
    expect((await listAuditLog(provinceAdmin, { to: "2020-01-01", page: 1 })).total).toBe(0);
  });

  it("shows an admin only their region's rows, and nobody else the log", async () => {
    const cityRows = await listAuditLog(shenyangAdmin, { entity: "household", page: 1 });
    expect(cityRows.rows.map((r) => r.entityId)).toEqual([String(households.shenyang)]);
    await expect(listAuditLog(panjinWorker, { page: 1 })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
