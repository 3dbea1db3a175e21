/**
 * Issue 11, finding 3: the audit log's hash chain. Rows written by the app (also many at once)
 * form one unbroken chain; a row changed or removed by hand — as a superuser, with the refusing
 * trigger switched off — is named by audit:verify.
 */
import { spawnSync } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db/client";
import { writeAudit } from "@/lib/audit/write";
import { verifyAuditChain } from "@/lib/audit/verify";
import { projectRoot, withDatabase } from "@/lib/db/server";

let owner: pg.Client;
let superuser: pg.Client;

beforeAll(async () => {
  owner = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL });
  await owner.connect();
  const database = new URL(process.env.DATABASE_URL!).pathname.slice(1);
  superuser = new pg.Client({ connectionString: withDatabase(inject("pgServerUrl"), database) });
  await superuser.connect();
});
afterAll(async () => {
  await owner.end();
  await superuser.end();
});

const audit = (n: number) =>
  db.$transaction((tx) => writeAudit(tx, null, { action: "test.chain", entity: "test", entityId: n, after: { n, 名字: "孙秀琴", at: new Date(0) } }));

/** As a superuser would: switch the refusing trigger off, do `sql`, switch it back on. */
async function tamper(sql: string, params: unknown[] = []) {
  await superuser.query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only");
  try {
    await superuser.query(sql, params);
  } finally {
    await superuser.query("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only");
  }
}

function cli() {
  const res = spawnSync(`${projectRoot}/node_modules/.bin/tsx`, ["lib/cli/audit-verify.ts"], {
    cwd: projectRoot, encoding: "utf8",
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, MIGRATION_DATABASE_URL: process.env.MIGRATION_DATABASE_URL },
  });
  return { code: res.status, out: res.stdout + res.stderr };
}

describe("the audit log's hash chain", () => {
  it("chains every row to the one before, also when forty transactions write at once", async () => {
    for (let i = 0; i < 5; i++) await audit(i);
    await Promise.all(Array.from({ length: 40 }, (_, i) => audit(100 + i)));
    const { rows } = await owner.query("SELECT id, prev_hash, hash FROM audit_log ORDER BY id");
    expect(rows.length).toBeGreaterThanOrEqual(45);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toEqual(rows[i - 1].hash);
    const report = await verifyAuditChain(owner, { batch: 7 }); // several batches
    expect(report.broken).toBeNull();
    expect(report.rows).toBe(rows.length);
  });

  it("reports the row whose content was changed by hand, with expected and found hashes", async () => {
    const { rows } = await owner.query("SELECT id::text, after FROM audit_log WHERE action = 'test.chain' ORDER BY id OFFSET 10 LIMIT 1");
    const { id, after } = rows[0];
    await tamper(`UPDATE audit_log SET after = jsonb_set(after, '{名字}', '"张三"') WHERE id = $1`, [id]);
    const report = await verifyAuditChain(owner, { batch: 7 });
    expect(report.broken).toMatchObject({ id, what: "hash" });
    expect(report.broken!.expected).not.toBe(report.broken!.found);

    const run = cli();
    expect(run.code).toBe(1);
    expect(run.out).toContain(`第 ${id} 条的内容与其哈希不符`);

    await tamper("UPDATE audit_log SET after = $2 WHERE id = $1", [id, after]); // put it back
    expect((await verifyAuditChain(owner)).broken).toBeNull();
  });

  it("reports the row after one deleted by hand, and a chain cut short at its end", async () => {
    const { rows } = await owner.query("SELECT id::text FROM audit_log ORDER BY id OFFSET 20 LIMIT 2");
    await tamper("DELETE FROM audit_log WHERE id = $1", [rows[0].id]);
    expect((await verifyAuditChain(owner)).broken).toMatchObject({ id: rows[1].id, what: "prev_hash" });

    // Re-hash the next row so it seems to follow: the break moves on, it does not go away.
    await tamper(
      `UPDATE audit_log a SET prev_hash = p.hash, hash = audit_row_hash(p.hash, a)
         FROM audit_log p WHERE a.id = $1 AND p.id = (SELECT max(id) FROM audit_log WHERE id < $1)`, [rows[1].id]);
    const next = await owner.query("SELECT min(id)::text AS id FROM audit_log WHERE id > $1", [rows[1].id]);
    expect((await verifyAuditChain(owner)).broken).toMatchObject({ id: next.rows[0].id, what: "prev_hash" });
  });

  it("reports a removed tail against the chain's head", async () => {
    await reseal();
    await audit(999);
    const last = await owner.query("SELECT max(id)::text AS id FROM audit_log");
    await tamper("DELETE FROM audit_log WHERE id = $1", [last.rows[0].id]);
    expect((await verifyAuditChain(owner)).broken).toMatchObject({ id: last.rows[0].id, what: "head" });
  });

  it("ends in another head hash when a superuser re-hashes the whole chain (why the head is noted elsewhere)", async () => {
    await reseal();
    const before = await verifyAuditChain(owner);
    expect(before.broken).toBeNull();
    const { rows } = await owner.query("SELECT id FROM audit_log ORDER BY id LIMIT 1");
    await tamper("UPDATE audit_log SET after = '{\"forged\": true}' WHERE id = $1", [rows[0].id]);
    await reseal();
    const after = await verifyAuditChain(owner);
    expect(after.broken).toBeNull();
    expect(after.headHash).not.toBe(before.headHash);
  });
});

/** What a superuser could do after tampering: rebuild every hash and the head, end to end. */
async function reseal() {
  await tamper(`DO $$ DECLARE r audit_log; prev bytea; last bigint := 0; BEGIN
    FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
      UPDATE audit_log SET prev_hash = prev, hash = audit_row_hash(prev, r) WHERE id = r.id RETURNING hash INTO prev;
      last := r.id;
    END LOOP;
    UPDATE audit_chain_head SET last_id = last, hash = prev;
  END $$`);
}

describe("audit:verify on an intact log", () => {
  it("says so and exits 0", async () => {
    await reseal();
    const n = (await owner.query("SELECT count(*)::int AS n FROM audit_log")).rows[0].n;
    const run = cli();
    expect(run.out).toContain(`审计日志完整：${n} 条，链条无断裂`);
    expect(run.code).toBe(0);
  });
});
