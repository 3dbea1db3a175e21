/**
 * Where the database is: `DATABASE_URL` when set (an external PostgreSQL; nothing embedded
 * starts), otherwise the embedded cluster in `.data/postgres` (git-ignored), database `nuanxin`.
 * Used by the command-line tools (start, migrate, seed, test), never by the web app itself,
 * which only reads `DATABASE_URL` (the start command sets it).
 */
import path from "node:path";
import pg from "pg";
import { freePort, startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded";

export const projectRoot = path.resolve(import.meta.dirname, "..", "..");

export type DatabaseHandle = {
  url: string;
  embedded?: EmbeddedPostgres;
  stop(): void;
};

export async function createDatabaseIfMissing(serverUrl: string, database: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function ensureDatabase(opts: {
  dataDir?: string;
  port?: number;
  database?: string;
  log?: (line: string) => void;
} = {}): Promise<DatabaseHandle> {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, stop: () => {} };
  }
  const embedded = startEmbeddedPostgres({
    dataDir: opts.dataDir ?? path.join(projectRoot, ".data", "postgres"),
    port: await freePort(opts.port ?? Number(process.env.EMBEDDED_PG_PORT ?? 54321)),
    log: opts.log,
  });
  const database = opts.database ?? "nuanxin";
  await createDatabaseIfMissing(embedded.url("postgres"), database);
  return { url: embedded.url(database), embedded, stop: () => embedded.stop() };
}

/** The same server URL with another database name. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * A PostgreSQL server for tests: TEST_DATABASE_URL's (the tests create and drop their own
 * databases on it), or an embedded cluster in `.data/<name>` that `stop()` shuts down.
 */
export async function startTestServer(name: string, preferredPort: number): Promise<{ serverUrl: string; stop(): void }> {
  if (process.env.TEST_DATABASE_URL) return { serverUrl: process.env.TEST_DATABASE_URL, stop: () => {} };
  const server = startEmbeddedPostgres({
    dataDir: path.join(projectRoot, ".data", name),
    port: await freePort(preferredPort),
  });
  return { serverUrl: server.url("postgres"), stop: () => server.stop() };
}
