/**
 * Which migrations a database has, compared with the folder: the part of lib/db/migrations.ts the
 * web app itself needs (GET /api/ready: are the migrations current?), kept apart from the
 * WebAssembly schema engine so the app's bundle does not carry it. Plain `pg` and `node:fs`.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export type Migration = { name: string; sql: string; checksum: string };

export type MigrationStatus = {
  applied: string[];
  pending: string[];
  /** Recorded as started but never finished (nor rolled back): deploys refuse until resolved. */
  failed: string[];
  /** Applied, but the file has changed since. */
  edited: string[];
  /** Applied to the database but absent from the folder (an older checkout, usually). */
  missing: string[];
};

export const checksum = (sql: string) => createHash("sha256").update(sql, "utf8").digest("hex");

/** Prisma accepts a file whose line endings git converted (CRLF <-> LF) as unchanged. */
function matchesChecksum(sql: string, sum: string): boolean {
  const lf = sql.replace(/\r\n/g, "\n");
  return [sql, lf, lf.replace(/\n/g, "\r\n")].some((variant) => checksum(variant) === sum);
}

/** The migration folders, in the order Prisma applies them (it sorts with localeCompare). */
export function readMigrations(migrationsDir: string): Migration[] {
  if (!fs.existsSync(migrationsDir)) return [];
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b))
    .map((name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      if (!fs.existsSync(file)) throw new Error(`${file} is missing (every migration folder needs one)`);
      const sql = fs.readFileSync(file, "utf8");
      return { name, sql, checksum: checksum(sql) };
    });
}

export type Row = { migration_name: string; checksum: string; finished_at: Date | null };

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Rows still in force: Prisma keeps rolled-back ones only as an audit trail. */
export async function recordedRows(client: pg.Client | pg.PoolClient): Promise<Row[]> {
  const exists = await client.query("select to_regclass('_prisma_migrations') is not null as e");
  if (!exists.rows[0].e) return [];
  const res = await client.query<Row>(
    "select migration_name, checksum, finished_at from _prisma_migrations " +
      "where rolled_back_at is null order by started_at",
  );
  return res.rows;
}

export function compare(migrations: Migration[], rows: Row[]): MigrationStatus {
  const files = new Map(migrations.map((m) => [m.name, m]));
  const finished = rows.filter((r) => r.finished_at !== null);
  const done = new Set(finished.map((r) => r.migration_name));
  return {
    applied: finished.map((r) => r.migration_name).filter((n) => files.has(n)),
    pending: migrations.map((m) => m.name).filter((n) => !done.has(n)),
    failed: rows.filter((r) => r.finished_at === null).map((r) => r.migration_name),
    edited: finished
      .filter((r) => files.has(r.migration_name) && !matchesChecksum(files.get(r.migration_name)!.sql, r.checksum))
      .map((r) => r.migration_name),
    missing: finished.map((r) => r.migration_name).filter((n) => !files.has(n)),
  };
}

export async function migrationStatus(opts: { url: string; migrationsDir: string }): Promise<MigrationStatus> {
  const migrations = readMigrations(opts.migrationsDir);
  return withClient(opts.url, async (client) => compare(migrations, await recordedRows(client)));
}
