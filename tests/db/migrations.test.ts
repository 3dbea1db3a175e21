/**
 * lib/db/migrations.ts against a real PostgreSQL (an embedded cluster of its own (port 54390 or a free one,
 * in a temp folder), each test on fresh databases and temp migration folders.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startEmbeddedPostgres, type EmbeddedPostgres } from "../../lib/db/embedded";
import { applyMigrations, createMigration, migrationStatus, readMigrations } from "../../lib/db/migrations";

let server: EmbeddedPostgres;
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "nuanxin-migtest-"));
let dbCount = 0;

beforeAll(async () => {
  // A free port: another test run (a second checkout, the date runs) may hold the usual one.
  server = await startEmbeddedPostgres({ dataDir: path.join(tmpRoot, "pgdata"), port: await freePort(54390) });
}, 120_000);

afterAll(() => {
  server?.stop();
  fs.rmSync(tmpRoot, { recursive: true, force: true });
});

async function query<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function freshDatabase(): Promise<string> {
  const name = `t${process.pid}_${++dbCount}`;
  await query(server.url("postgres"), `create database "${name}"`);
  return server.url(name);
}

/** A project-like layout: prisma/schema.prisma and prisma/migrations in a temp folder. */
function project() {
  const dir = fs.mkdtempSync(path.join(tmpRoot, "proj-"));
  const schemaPath = path.join(dir, "schema.prisma");
  const migrationsDir = path.join(dir, "migrations");
  return {
    schemaPath,
    migrationsDir,
    writeSchema: (models: string) =>
      fs.writeFileSync(schemaPath, `datasource db {\n  provider = "postgresql"\n}\n\n${models}`),
    create: (name: string) =>
      createMigration({ url: server.url("postgres"), schemaPath, migrationsDir, name }),
  };
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const tables = async (url: string) =>
  (await query<{ t: string }>(url, "select tablename as t from pg_tables where schemaname = 'public' order by 1")).map(
    (r) => r.t,
  );

const PET = `model Pet {
  id   Int    @id @default(autoincrement())
  name String @db.VarChar(50)
  @@map("pet")
}
`;

describe("migrations", () => {
  it("creates, applies, extends and re-checks a migration history", async () => {
    const p = project();
    p.writeSchema(PET);

    const first = await p.create("Init pets!");
    expect(first).not.toBeNull();
    expect(path.basename(first!)).toMatch(/^\d{14}_init_pets$/);
    const firstSql = fs.readFileSync(path.join(first!, "migration.sql"), "utf8");
    expect(firstSql).toContain('CREATE TABLE "pet"');
    expect(firstSql).not.toContain("CREATE SCHEMA"); // diffed against a real (empty) database
    expect(fs.readFileSync(path.join(p.migrationsDir, "migration_lock.toml"), "utf8")).toContain(
      'provider = "postgresql"',
    );

    const url = await freshDatabase();
    expect(await migrationStatus({ url, migrationsDir: p.migrationsDir })).toMatchObject({
      applied: [],
      pending: [path.basename(first!)],
    });
    expect(await applyMigrations({ url, migrationsDir: p.migrationsDir })).toEqual([path.basename(first!)]);
    expect(await tables(url)).toEqual(["_prisma_migrations", "pet"]);
    const [row] = await query(url, "select * from _prisma_migrations");
    expect(row).toMatchObject({
      checksum: sha256(firstSql),
      migration_name: path.basename(first!),
      logs: null,
      rolled_back_at: null,
      applied_steps_count: 1,
    });
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.finished_at).toBeInstanceOf(Date);
    expect(row.started_at).toBeInstanceOf(Date);

    expect(await applyMigrations({ url, migrationsDir: p.migrationsDir })).toEqual([]);

    // Same second as the first on a fast machine: the name must still sort after it.
    p.writeSchema(PET.replace("@@map", "age  Int?\n  @@map"));
    const second = await p.create("add age");
    expect(second).not.toBeNull();
    expect(readMigrations(p.migrationsDir).map((m) => m.name)).toEqual([
      path.basename(first!),
      path.basename(second!),
    ]);
    const secondSql = fs.readFileSync(path.join(second!, "migration.sql"), "utf8");
    expect(secondSql).toMatch(/ALTER TABLE "pet" ADD COLUMN\s+"age" INTEGER/);
    expect(secondSql).not.toContain("CREATE TABLE");

    expect(await p.create("nothing")).toBeNull();
    expect(readMigrations(p.migrationsDir)).toHaveLength(2);

    expect(await applyMigrations({ url, migrationsDir: p.migrationsDir })).toEqual([path.basename(second!)]);
    const cols = await query<{ c: string }>(
      url,
      "select column_name as c from information_schema.columns where table_name = 'pet' order by ordinal_position",
    );
    expect(cols.map((r) => r.c)).toEqual(["id", "name", "age"]);
    expect(await migrationStatus({ url, migrationsDir: p.migrationsDir })).toMatchObject({
      applied: [path.basename(first!), path.basename(second!)],
      pending: [],
      failed: [],
      edited: [],
    });
    // No scratch database left behind.
    const leftovers = await query(server.url("postgres"), "select 1 from pg_database where datname like 'nuanxin_shadow_%'");
    expect(leftovers).toHaveLength(0);
  }, 120_000);

  it("refuses a migration whose file changed after it was applied", async () => {
    const p = project();
    p.writeSchema(PET);
    const folder = (await p.create("init"))!;
    const url = await freshDatabase();
    await applyMigrations({ url, migrationsDir: p.migrationsDir });

    fs.appendFileSync(path.join(folder, "migration.sql"), "\n-- edited\n");
    await expect(applyMigrations({ url, migrationsDir: p.migrationsDir })).rejects.toThrow(
      /init was changed after it was applied/,
    );
    expect((await migrationStatus({ url, migrationsDir: p.migrationsDir })).edited).toEqual([path.basename(folder)]);
  }, 60_000);

  it("accepts a file whose line endings git converted", async () => {
    const p = project();
    p.writeSchema(PET);
    const folder = (await p.create("init"))!;
    const url = await freshDatabase();
    await applyMigrations({ url, migrationsDir: p.migrationsDir });
    const file = path.join(folder, "migration.sql");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/\n/g, "\r\n"));
    expect(await applyMigrations({ url, migrationsDir: p.migrationsDir })).toEqual([]);
  }, 60_000);

  it("refuses to deploy while a failed migration is recorded", async () => {
    const p = project();
    fs.mkdirSync(path.join(p.migrationsDir, "20200101000000_ok"), { recursive: true });
    fs.writeFileSync(path.join(p.migrationsDir, "20200101000000_ok", "migration.sql"), "CREATE TABLE a (id int);\n");
    const url = await freshDatabase();
    await applyMigrations({ url, migrationsDir: p.migrationsDir });
    // What `prisma migrate deploy` leaves after a failure: started, never finished.
    await query(url, "insert into _prisma_migrations (id, checksum, migration_name, logs) values ($1, $2, $3, $4)", [
      "00000000-0000-4000-8000-000000000000",
      sha256("x"),
      "20200102000000_broken",
      "boom",
    ]);
    await expect(applyMigrations({ url, migrationsDir: p.migrationsDir })).rejects.toThrow(
      /20200102000000_broken failed earlier/,
    );
    expect((await migrationStatus({ url, migrationsDir: p.migrationsDir })).failed).toEqual(["20200102000000_broken"]);
  }, 60_000);

  it("rolls a failing migration back completely and records nothing", async () => {
    const p = project();
    const write = (name: string, sql: string) => {
      fs.mkdirSync(path.join(p.migrationsDir, name), { recursive: true });
      fs.writeFileSync(path.join(p.migrationsDir, name, "migration.sql"), sql);
    };
    // A semicolon inside a function body: the script must run whole, not split on `;`.
    write(
      "20200101000000_ok",
      "CREATE TABLE a (id int);\nCREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$;\n",
    );
    write("20200102000000_bad", "CREATE TABLE b (id int);\nSELECT no_such_function();\n");
    const url = await freshDatabase();
    await expect(applyMigrations({ url, migrationsDir: p.migrationsDir })).rejects.toThrow(
      /20200102000000_bad failed and was rolled back/,
    );
    expect(await tables(url)).toEqual(["_prisma_migrations", "a"]);
    expect(await query(url, "select f() as v")).toEqual([{ v: 1 }]);
    const status = await migrationStatus({ url, migrationsDir: p.migrationsDir });
    expect(status).toMatchObject({ applied: ["20200101000000_ok"], pending: ["20200102000000_bad"], failed: [] });
  }, 60_000);

  it("applies Prisma's self-committing enum rewrite", async () => {
    const p = project();
    const model = (values: string) =>
      `enum Mood {\n${values}\n}\n\nmodel Pet {\n  id   Int  @id\n  mood Mood\n}\n`;
    p.writeSchema(model("  HAPPY\n  SAD\n  ANGRY"));
    await p.create("init");
    p.writeSchema(model("  HAPPY\n  SAD"));
    const folder = (await p.create("drop angry"))!;
    const sql = fs.readFileSync(path.join(folder, "migration.sql"), "utf8");
    expect(sql).toMatch(/^BEGIN;$/m);

    const url = await freshDatabase();
    expect(await applyMigrations({ url, migrationsDir: p.migrationsDir })).toHaveLength(2);
    const labels = await query<{ l: string }>(
      url,
      "select enumlabel as l from pg_enum e join pg_type t on t.oid = e.enumtypid where t.typname = 'Mood' order by enumsortorder",
    );
    expect(labels.map((r) => r.l)).toEqual(["HAPPY", "SAD"]);
    const rows = await query(url, "select finished_at, applied_steps_count from _prisma_migrations");
    expect(rows.every((r) => r.finished_at instanceof Date && r.applied_steps_count === 1)).toBe(true);
    expect(await p.create("again")).toBeNull();
  }, 120_000);

  it("applies each migration once when several appliers race", async () => {
    const p = project();
    for (let i = 1; i <= 5; i++) {
      const name = `2020010100000${i}_m${i}`;
      fs.mkdirSync(path.join(p.migrationsDir, name), { recursive: true });
      // Not idempotent on purpose: a second run would fail on the existing table.
      fs.writeFileSync(path.join(p.migrationsDir, name, "migration.sql"), `CREATE TABLE t${i} (id int);\n`);
    }
    const url = await freshDatabase();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => applyMigrations({ url, migrationsDir: p.migrationsDir })),
    );
    const applied = results.flat();
    expect(applied.sort()).toEqual(readMigrations(p.migrationsDir).map((m) => m.name));
    expect(results.filter((r) => r.length > 0)).toHaveLength(1);
    const rows = await query<{ n: string }>(url, "select count(*)::int as n from _prisma_migrations");
    expect(rows[0].n).toBe(5);
  }, 60_000);
});
