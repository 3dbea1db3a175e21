/**
 * The restore drill (issue 12, build 2): a cluster of its own with WAL archiving, a base backup,
 * more writes through the app's commands (a household, visits, a top-up, an application with its
 * economic check and proposal), a noted moment, more writes again — then a restore to the noted
 * moment into a new data directory: exactly the rows that existed then, every roll-up exact, and
 * a user signs in to the restored database through the app's own code.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startEmbeddedPostgres, type EmbeddedPostgres } from "../../lib/db/embedded";
import { archiveCurrentWal, backupFor, finishRestore, listBackups, parseTargetTime, prepareRestore, pruneBackups, takeBaseBackup, waitForPromotion, walArchive } from "../../lib/db/backup";
import { clusterRoles } from "../../lib/db/server";
import { ensureOwnedDatabase, type RoleUrls } from "../../lib/db/roles";
import { prepareDatabase } from "../../lib/cli/prepare";
import { verifyRollups } from "../../lib/stats/rollups";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nuanxin-drill-"));
// The server (the postgres OS user, when the tests run as root) writes the WAL archive in here.
fs.chmodSync(tmp, 0o755);
const live = path.join(tmp, "pg");
const root = path.join(tmp, "pg-backups");
let server: EmbeddedPostgres;
let restored: EmbeddedPostgres | undefined;
let port: number;
let urls: RoleUrls;

const PASSWORD = "Drill-Pass-2026!";

beforeAll(async () => {
  port = await freePort(54396);
  server = await startEmbeddedPostgres({ dataDir: live, port, archive: { directory: walArchive(root), timeoutSeconds: 60 } });
  const roles = clusterRoles(server.url("postgres"), server.password);
  await roles.prepare();
  await ensureOwnedDatabase(server.url("postgres"), "nuanxin");
  urls = roles.urls("nuanxin");
  await prepareDatabase(urls, { demo: false, log: () => {} });
  // The app's code (lib/db/client) against this cluster: nothing has used the client yet in this file.
  process.env.DATABASE_URL = urls.app;
  process.env.MIGRATION_DATABASE_URL = urls.owner;
}, 180_000);

afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db.$disconnect();
  (globalThis as { nuanxinDb?: unknown }).nuanxinDb = undefined;
  restored?.stop();
  server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** What the drill compares: the rows of the tables it writes to, by id, and the fund balances. */
async function snapshot(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const ids = async (table: string) => (await c.query<{ id: string }>(`SELECT id::text FROM ${table} ORDER BY id`)).rows.map((r) => r.id);
    return {
      household: await ids("household"),
      member: await ids("member"),
      visit: await ids("visit"),
      fund_entry: await ids("fund_entry"),
      application: await ids("application"),
      economic_check: await ids("economic_check"),
      audit_log: await ids("audit_log"),
      balances: (await c.query("SELECT id, balance::text FROM fund WHERE balance <> 0 ORDER BY id")).rows,
    };
  } finally {
    await c.end();
  }
}

describe("backup and point-in-time restore", () => {
  it("restores exactly the rows that existed at the noted moment; roll-ups exact; a user signs in", async () => {
    const { db } = await import("@/lib/db/client");
    const { createHousehold } = await import("@/lib/households/commands");
    const { createHouseholdSchema } = await import("@/lib/households/schema");
    const { logHomeVisit } = await import("@/lib/visits/commands");
    const { logVisitSchema } = await import("@/lib/visits/schema");
    const { topUpFund } = await import("@/lib/funds/ledger");
    const { openApplication, recordEconomicCheck, proposeDecision } = await import("@/lib/applications/commands");
    const { openApplicationSchema, economicCheckSchema, proposalSchema } = await import("@/lib/applications/schema");
    const { hashPassword } = await import("@/lib/users/password");
    const { authenticate } = await import("@/lib/users/commands");
    const { makeIdNumber, ZHANQIAN, JIANSHE_STREET, withCategory } = await import("../support/fixtures");
    const { activeQuestionnaire } = await import("@/lib/visits/queries");
    const { todayInChina } = await import("@/lib/dates");

    const caseworker = await db.user.create({
      data: { username: "drill_caseworker", name: "演练王芳", passwordHash: await hashPassword(PASSWORD), role: "CASEWORKER", regionCode: JIANSHE_STREET },
      select: { id: true, username: true, name: true, role: true, regionCode: true, departmentCode: true },
    });
    const admin = await db.user.create({
      data: { username: "drill_admin", name: "演练管理员", passwordHash: "x", role: "ADMIN", regionCode: "21" },
      select: { id: true, username: true, name: true, role: true, regionCode: true, departmentCode: true },
    });
    const questionnaire = await activeQuestionnaire();
    // The seed's questionnaire, answered as in tests/integration/rollups.test.ts.
    const answers = {
      incomeChange: "decreased", health: "newIllness", schooling: "na", housing: "safe",
      careNeeds: "none", policyAwareness: "partial", livingChange: "worse", mood: "fair", requests: "希望办理低保",
    };
    const today = todayInChina();
    const household = async (name: string, birth: string) => withCategory(await createHousehold(caseworker, createHouseholdSchema.parse({
      regionCode: ZHANQIAN, address: `演练地址 ${name}`,
      members: [{ name, idNumber: makeIdNumber("211102", birth), relation: "HEAD" }],
    })), "DIBAO");
    const visit = (householdId: number) => logHomeVisit(caseworker, logVisitSchema.parse({
      householdId, idempotencyKey: randomUUID(), visitedOn: today, visitors: "演练王芳", peopleMet: "户主",
      questionnaireVersion: questionnaire.version, answers, findings: "", problems: [],
    }));
    const cityFund = await db.fund.findFirstOrThrow({ where: { kind: "CITY_FUND", regionCode: "2111" } });

    // Before the backup.
    const h1 = await household("演练甲", "1960-01-01");
    await visit(h1.id);
    await topUpFund(admin, { fundId: cityFund.id, amount: "1000.00", note: "演练拨入一" });

    const backup = await takeBaseBackup({ dataDir: server.dataDir, superuserUrl: server.url("postgres"), root });
    expect(fs.existsSync(path.join(root, "base", backup.id, "data", "backup_label"))).toBe(true);

    // After the backup, before the noted moment: these must come back.
    const h2 = await household("演练乙", "1962-02-02");
    await visit(h2.id);
    await visit(h1.id);
    await topUpFund(admin, { fundId: cityFund.id, amount: "250.50", note: "演练拨入二" });
    const app = await openApplication(caseworker, openApplicationSchema.parse({ householdId: String(h2.id), type: "DIBAO", documents: [] }));
    const members = await db.member.findMany({ where: { householdId: h2.id } });
    const version = async () => (await db.application.findUniqueOrThrow({ where: { id: app.id } })).version;
    await recordEconomicCheck(caseworker, economicCheckSchema.parse({
      applicationId: app.id, version: await version(), incomes: members.map((m) => ({ memberId: m.id, monthlyIncome: "100" })), assets: "无",
    }));
    await proposeDecision(caseworker, proposalSchema.parse({ applicationId: app.id, version: await version(), proposal: "GRANT", amount: "650", reason: "演练：人均收入低于标准" }));
    const expected = await snapshot(urls.owner);

    await new Promise((r) => setTimeout(r, 1100));
    const noted = new Date();
    await new Promise((r) => setTimeout(r, 1100));

    // After the noted moment: these must not.
    const h3 = await household("演练丙", "1964-03-03");
    await visit(h3.id);
    await topUpFund(admin, { fundId: cityFund.id, amount: "99.00", note: "演练拨入三" });
    const later = await snapshot(urls.owner);
    expect(later.household.length).toBe(expected.household.length + 1);
    expect(await archiveCurrentWal(server.url("postgres"))).toBe(true);

    // The machine's data directory is lost: the server stops, the app's connections go.
    await db.$disconnect();
    (globalThis as { nuanxinDb?: unknown }).nuanxinDb = undefined;
    server.stop();

    const chosen = backupFor(listBackups(root), noted);
    expect(chosen?.id).toBe(backup.id);
    const into = path.join(tmp, "pg-restored");
    prepareRestore({ root, backup: chosen!, target: noted, into });
    // Same port, so the app's DATABASE_URL (same roles and passwords: they come from the backup) finds it.
    restored = await startEmbeddedPostgres({ dataDir: into, port });
    await waitForPromotion(restored.url("postgres"), 120_000, () => restored!.postmasterPid() !== null);

    expect(await snapshot(urls.owner)).toEqual(expected);
    const rollups = new pg.Client({ connectionString: urls.owner });
    await rollups.connect();
    try {
      const checks = await verifyRollups(rollups);
      expect(checks.length).toBeGreaterThan(10);
      expect(checks.filter((c) => c.mismatched > 0)).toEqual([]);
    } finally {
      await rollups.end();
    }
    // The app on the restored database: a user signs in.
    const login = await authenticate("drill_caseworker", PASSWORD);
    expect(login.ok).toBe(true);

    // Switched in, it is a plain cluster again (no recovery settings left behind).
    restored.stop();
    finishRestore(into);
    expect(fs.readFileSync(path.join(into, "postgresql.auto.conf"), "utf8")).not.toContain("recovery_target_time");
    expect(fs.existsSync(path.join(into, "recovery.signal"))).toBe(false);
  }, 240_000);

  it("reads restore times in China time or with an offset, and keeps the newest backups and the WAL they need", () => {
    expect(parseTargetTime("2026-12-02 10:15")?.toISOString()).toBe("2026-12-02T02:15:00.000Z");
    expect(parseTargetTime("2026-12-02T10:15:30+08:00")?.toISOString()).toBe("2026-12-02T02:15:30.000Z");
    expect(parseTargetTime("2026-12-02T02:15:30Z")?.toISOString()).toBe("2026-12-02T02:15:30.000Z");
    for (const bad of ["yesterday", "2026-13-02 10:15", "2026-12-02", "10:15", ""]) expect(parseTargetTime(bad)).toBeNull();

    const r = fs.mkdtempSync(path.join(os.tmpdir(), "nuanxin-prune-"));
    try {
      fs.mkdirSync(path.join(r, "wal"), { recursive: true });
      const seg = (n: number) => `00000001000000000000000${n.toString(16).toUpperCase()}`;
      for (let n = 1; n <= 9; n++) fs.writeFileSync(path.join(r, "wal", seg(n)), "");
      fs.writeFileSync(path.join(r, "wal", "00000002.history"), "");
      for (const [id, wal] of [["a", 2], ["b", 5], ["c", 8]] as const) {
        fs.mkdirSync(path.join(r, "base", id), { recursive: true });
        fs.writeFileSync(path.join(r, "base", id, "manifest.json"), JSON.stringify({ id, stoppedAt: `2026-12-0${wal}T00:00:00Z`, startWal: seg(wal) }));
      }
      fs.mkdirSync(path.join(r, "base", "d.partial"), { recursive: true });
      expect(pruneBackups(r, 2)).toEqual({ backups: 1, walFiles: 4 });
      expect(fs.readdirSync(path.join(r, "base")).sort()).toEqual(["b", "c"]);
      expect(fs.readdirSync(path.join(r, "wal")).sort()).toEqual(["00000002.history", seg(5), seg(6), seg(7), seg(8), seg(9)].sort());
    } finally {
      fs.rmSync(r, { recursive: true, force: true });
    }

    // After a restore was switched in, a newer backup on the new timeline can need lower
    // segments than an older one: what is kept is decided by the lowest a kept backup needs.
    const t = fs.mkdtempSync(path.join(os.tmpdir(), "nuanxin-prune-"));
    try {
      fs.mkdirSync(path.join(t, "wal"), { recursive: true });
      const seg = (tl: number, n: number) => `0000000${tl}0000000000000${n.toString(16).toUpperCase().padStart(3, "0")}`;
      for (const n of [14, 15, 16, 17, 18, 19, 20, 21]) fs.writeFileSync(path.join(t, "wal", seg(1, n)), "");
      for (const n of [17, 18]) fs.writeFileSync(path.join(t, "wal", seg(2, n)), "");
      for (const [id, stopped, wal] of [["old", "2026-12-01", seg(1, 20)], ["new", "2026-12-02", seg(2, 17)]] as const) {
        fs.mkdirSync(path.join(t, "base", id), { recursive: true });
        fs.writeFileSync(path.join(t, "base", id, "manifest.json"), JSON.stringify({ id, stoppedAt: `${stopped}T00:00:00Z`, startWal: wal }));
      }
      expect(pruneBackups(t, 2)).toEqual({ backups: 0, walFiles: 3 });
      expect(fs.readdirSync(path.join(t, "wal")).filter((f) => f.startsWith("00000002")).length).toBe(2);
    } finally {
      fs.rmSync(t, { recursive: true, force: true });
    }
  });
});
