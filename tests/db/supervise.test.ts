/**
 * A crashed database comes back by itself (issue 12, build 3 and 6): `kill -9` of the
 * postmaster under a steady write load → the supervisor (lib/db/supervise.ts, what `npm start`
 * runs) starts it again, crash recovery replays the WAL, the writers carry on with new
 * connections — every acknowledged write is there, nothing is half-written, roll-ups are exact.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startEmbeddedPostgres, type EmbeddedPostgres } from "../../lib/db/embedded";
import { clusterRoles } from "../../lib/db/server";
import { ensureOwnedDatabase, type RoleUrls } from "../../lib/db/roles";
import { prepareDatabase } from "../../lib/cli/prepare";
import { supervise } from "../../lib/db/supervise";
import { verifyRollups } from "../../lib/stats/rollups";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nuanxin-crash-"));
fs.chmodSync(tmp, 0o755);
const dataDir = path.join(tmp, "pg");
let server: EmbeddedPostgres;
let port: number;
let urls: RoleUrls;

beforeAll(async () => {
  port = await freePort(54397);
  server = await startEmbeddedPostgres({ dataDir, port });
  const roles = clusterRoles(server.url("postgres"), server.password);
  await roles.prepare();
  await ensureOwnedDatabase(server.url("postgres"), "nuanxin");
  urls = roles.urls("nuanxin");
  await prepareDatabase(urls, { demo: false, log: () => {} });
}, 180_000);

afterAll(() => {
  server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("supervision of the embedded database", () => {
  it("kill -9 of the postmaster under a write load: it comes back, every acknowledged write is there, nothing half-written", async () => {
    const lines: string[] = [];
    const supervisor = supervise({
      pid: () => server.postmasterPid(),
      start: () => startEmbeddedPostgres({ dataDir, port }),
      log: (line) => lines.push(line),
      intervalMs: 200,
    });
    // The app role, as the web app writes (row-level security: system scope for this load).
    const pool = new pg.Pool({ connectionString: urls.app, max: 4, options: "-c nuanxin.scope=*", connectionTimeoutMillis: 2000 });
    pool.on("error", () => {}); // idle connections die with the server: expected here
    const village = (await pool.query<{ code: string }>("SELECT code FROM region WHERE level = 5 ORDER BY code LIMIT 1")).rows[0].code;

    const acked: number[] = [];
    let failures = 0;
    let running = true;
    let seq = 0;
    // One household and its member per transaction: after a crash both are there or neither.
    const worker = async () => {
      while (running) {
        const n = ++seq;
        let client: pg.PoolClient | undefined;
        try {
          client = await pool.connect();
          client.on("error", () => {}); // the server dies under it: the query below fails instead
          await client.query("BEGIN");
          const { rows: [h] } = await client.query<{ id: number }>(
            `INSERT INTO household (region_code, address, category, head_name, member_count, updated_at)
             VALUES ($1, $2, 'DIBAO', $3, 1, now()) RETURNING id`, [village, `负载地址 ${n}`, `负载${n}`]);
          await client.query(
            `INSERT INTO member (household_id, region_code, name, id_cipher, id_index, id_number_masked, birth_date, male, relation, updated_at)
             VALUES ($1, $2, $3, '\\x010001'::bytea || sha256($4::bytea) || substring(sha512($4::bytea) FROM 1 FOR 14),
                     '\\x0001'::bytea || sha256($4::bytea), '211102************', date '1960-01-01', true, 'HEAD', now())`,
            [h.id, village, `负载${n}`, Buffer.from(`load-${n}`)]);
          await client.query("COMMIT");
          acked.push(h.id);
          client.release();
        } catch {
          failures++;
          client?.release(true);
          await sleep(50);
        }
      }
    };
    const workers = [worker(), worker(), worker()];

    while (acked.length < 30) await sleep(20);
    const pid = server.postmasterPid();
    expect(pid).not.toBeNull();
    process.kill(pid!, "SIGKILL");
    const ackedAtKill = acked.length;

    // Back by itself: writes are acknowledged again.
    const deadline = Date.now() + 90_000;
    while (acked.length < ackedAtKill + 30 && Date.now() < deadline) await sleep(50);
    running = false;
    await Promise.all(workers);
    supervisor.stop();

    expect(supervisor.restarts).toBeGreaterThanOrEqual(1);
    expect(lines.join("\n")).toContain("内嵌数据库已恢复");
    expect(failures).toBeGreaterThan(0); // the crash was felt…
    expect(acked.length).toBeGreaterThanOrEqual(ackedAtKill + 30); // …and the service came back

    const owner = new pg.Client({ connectionString: urls.owner });
    await owner.connect();
    try {
      const { rows } = await owner.query<{ id: number }>("SELECT id FROM household WHERE id = ANY($1::int[])", [acked]);
      expect(rows.length).toBe(acked.length);
      const { rows: [half] } = await owner.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM household h WHERE h.address LIKE '负载地址 %'
           AND (SELECT count(*) FROM member m WHERE m.household_id = h.id) <> 1`);
      expect(half.n).toBe(0);
      const checks = await verifyRollups(owner);
      expect(checks.filter((c) => c.mismatched > 0)).toEqual([]);
    } finally {
      await owner.end();
      await pool.end();
    }
  }, 180_000);
});
