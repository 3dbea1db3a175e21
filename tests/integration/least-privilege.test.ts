/**
 * Issue 11, finding 2: the web app's database role. This file (like every integration test)
 * connects as the app role, DATABASE_URL; the owner role is MIGRATION_DATABASE_URL. What an
 * attacker with the app's connection would try must be refused; what the app does must work.
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { superuserFile } from "@/lib/db/embedded";
import { APP_ROLE, OWNER_ROLE } from "@/lib/db/roles";
import { projectRoot } from "@/lib/db/server";
import { makeActor } from "../support/fixtures";

let app: pg.Client;
let owner: pg.Client;

beforeAll(async () => {
  app = new pg.Client({ connectionString: process.env.DATABASE_URL });
  owner = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL });
  await app.connect();
  await owner.connect();
});
afterAll(async () => {
  await app.end();
  await owner.end();
});

/** The error code PostgreSQL refuses `sql` with, as the app role (null: it was allowed). */
async function refusal(sql: string, client = app): Promise<string | null> {
  await client.query("BEGIN");
  try {
    await client.query(sql);
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? "?";
  } finally {
    await client.query("ROLLBACK");
  }
}

describe("the app role", () => {
  it("is the app role, and holds no superuser, CREATEROLE or server-program rights", async () => {
    const { rows } = await app.query(`
      SELECT current_user AS who, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
             pg_has_role(current_user, 'pg_execute_server_program', 'MEMBER') AS program,
             pg_has_role(current_user, 'pg_read_server_files', 'MEMBER') AS read_files,
             pg_has_role(current_user, '${OWNER_ROLE}', 'MEMBER') AS is_owner
      FROM pg_roles r WHERE r.rolname = current_user`);
    expect(rows[0]).toEqual({
      who: APP_ROLE, rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false,
      program: false, read_files: false, is_owner: false,
    });
  });

  it("is refused TRUNCATE, CREATE TABLE, ALTER TABLE, DROP, temp tables and COPY … TO PROGRAM", async () => {
    expect(await refusal("TRUNCATE household CASCADE")).toBe("42501");
    expect(await refusal("CREATE TABLE stolen (x text)")).toBe("42501");
    expect(await refusal("CREATE TEMP TABLE stolen (x text)")).toBe("42501");
    expect(await refusal("ALTER TABLE member ADD COLUMN leak text")).toBe("42501");
    expect(await refusal("ALTER TABLE audit_log DISABLE TRIGGER USER")).toBe("42501");
    expect(await refusal("DROP TABLE visit")).toBe("42501");
    expect(await refusal("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'")).toBe("42501");
    expect(await refusal("COPY (SELECT 1) TO PROGRAM 'id > /tmp/nuanxin-pwned'")).toBe("42501");
    expect(fs.existsSync("/tmp/nuanxin-pwned")).toBe(false);
    expect(await refusal("CREATE ROLE intruder SUPERUSER")).toBe("42501");
    // The bulk rebuild disables triggers: the owner's job, not the app's.
    expect(await refusal("SELECT rebuild_rollups()")).toBe("42501");
  });

  it("cannot become the superuser or the owner", async () => {
    const { rows } = await owner.query("SELECT rolname FROM pg_roles WHERE rolsuper ORDER BY oid LIMIT 1");
    expect(await refusal(`SET ROLE ${rows[0].rolname}`)).toBe("42501");
    expect(await refusal(`SET ROLE ${OWNER_ROLE}`)).toBe("42501");
    expect(await refusal(`SET SESSION AUTHORIZATION ${rows[0].rolname}`)).toBe("42501");
  });

  it("cannot read the superuser's password file, which is private to its user and random", async () => {
    const file = superuserFile(path.join(projectRoot, ".data", "test-postgres"));
    if (process.env.TEST_DATABASE_URL || !fs.existsSync(file)) return; // an external test server
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const { password } = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(password).not.toBe("nuanxin");
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(await refusal(`SELECT pg_read_file('${file}')`)).toBe("42501");
    expect(await refusal(`CREATE TEMP TABLE t (x text); COPY t FROM '${file}'`)).toBe("42501");
    expect(await refusal(`SELECT lo_import('${file}')`)).toBe("42501");
  });

  it("may read and append to the audit log and the ledger, never change, delete or empty them", async () => {
    for (const table of ["audit_log", "fund_entry"]) {
      expect(await refusal(`UPDATE ${table} SET id = id`)).toBe("42501");
      expect(await refusal(`DELETE FROM ${table}`)).toBe("42501");
      expect(await refusal(`TRUNCATE ${table}`)).toBe("42501");
      expect(await refusal(`SELECT count(*) FROM ${table}`)).toBeNull();
    }
    expect(await refusal("INSERT INTO audit_log (action, entity) VALUES ('test.append', 'test')")).toBeNull();
    // The chain's head and the migrations' record are the owner's alone.
    expect(await refusal("SELECT * FROM audit_chain_head")).toBe("42501");
    expect(await refusal("UPDATE audit_chain_head SET hash = NULL")).toBe("42501");
    expect(await refusal("SELECT * FROM _prisma_migrations")).toBe("42501");
  });

  it("gets its grants on tables that later migrations create, through default privileges", async () => {
    await owner.query("CREATE TABLE later_feature (id serial PRIMARY KEY, note text)");
    try {
      await app.query("INSERT INTO later_feature (note) VALUES ('ok')");
      expect((await app.query("UPDATE later_feature SET note = 'changed'")).rowCount).toBe(1);
      expect((await app.query("DELETE FROM later_feature")).rowCount).toBe(1);
      expect(await refusal("TRUNCATE later_feature")).toBe("42501");
    } finally {
      await owner.query("DROP TABLE later_feature");
    }
  });
});

describe("the embedded cluster", () => {
  it("listens on the loopback only, with its socket in its own data directory, not /tmp", async () => {
    if (process.env.TEST_DATABASE_URL) return;
    const su = new pg.Client({ connectionString: inject("pgServerUrl") });
    await su.connect();
    const { rows } = await su.query(
      "SELECT name, setting FROM pg_settings WHERE name IN ('listen_addresses', 'unix_socket_directories', 'data_directory') ORDER BY name");
    await su.end();
    const s = Object.fromEntries(rows.map((r) => [r.name, r.setting]));
    expect(s.listen_addresses).toBe("127.0.0.1");
    expect(s.unix_socket_directories).toBe(s.data_directory);
    expect(fs.statSync(s.data_directory).mode & 0o777).toBe(0o700);
  });
});

describe("the append-only triggers", () => {
  it("refuse UPDATE, DELETE and TRUNCATE of the audit log and the ledger to the owner too", async () => {
    const user = await makeActor("ADMIN", "21");
    await app.query("INSERT INTO audit_log (actor_id, action, entity) VALUES ($1, 'test.append', 'test')", [user.id]);
    await owner.query(
      `INSERT INTO fund_entry (fund_id, kind, amount, balance_after, note, created_by_id)
       SELECT id, 'TOP_UP', 1, 1, '测试', $1 FROM fund ORDER BY id LIMIT 1`, [user.id]);
    for (const table of ["audit_log", "fund_entry"]) {
      for (const sql of [`UPDATE ${table} SET id = id`, `DELETE FROM ${table}`, `TRUNCATE ${table} CASCADE`]) {
        const error = await owner.query(sql).then(() => "allowed", (e: Error) => e.message);
        expect({ sql, error }).toEqual({ sql, error: expect.stringMatching(/只能追加，不能修改或删除/) });
      }
    }
    // Also when a foreign key would quietly rewrite history (ON DELETE SET NULL).
    const error = await owner.query("DELETE FROM app_user WHERE id = $1", [user.id]).then(() => "allowed", (e: Error) => e.message);
    expect(error).toMatch(/只能追加/);
  });
});
