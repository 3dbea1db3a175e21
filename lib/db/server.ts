/**
 * Where the database is, and as whom each tool connects (lib/db/roles.ts):
 *
 * - external PostgreSQL: `DATABASE_URL` is the app's role, `MIGRATION_DATABASE_URL` the owner's
 *   (migrations, seed, generator); without the latter both are DATABASE_URL's role (and the start
 *   command warns that the app then runs with the owner's rights);
 * - otherwise the embedded cluster in `.data/postgres` (git-ignored), database `nuanxin`, with its
 *   superuser kept to the tools that create roles and databases.
 *
 * Used by the command-line tools (start, migrate, seed, tests), never by the web app itself,
 * which only reads `DATABASE_URL` (the start command sets it to the app role's URL).
 */
import path from "node:path";
import pg from "pg";
import { freePort, resolveDataDir, startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded";
import { archiveTimeoutSeconds, backupRoot, walArchive } from "./backup";
import { APP_ROLE, OWNER_ROLE, asRole, derivedPassword, ensureOwnedDatabase, ensureRoles, grantAppRole, type RoleUrls } from "./roles";

export const projectRoot = path.resolve(import.meta.dirname, "..", "..");

export type DatabaseHandle = {
  /** The app role's URL: what the web app gets as DATABASE_URL. */
  url: string;
  /** The owner role's URL: migrations, seed, bulk generator. */
  ownerUrl: string;
  embedded?: EmbeddedPostgres;
  /** Start the embedded cluster again as it was started (same port, same settings): the supervisor's. */
  restart?: () => Promise<unknown>;
  stop(): void;
};

/** Connection URLs of both roles, as prepareDatabase takes them. */
export const roleUrls = (db: { url: string; ownerUrl: string }): RoleUrls => ({ app: db.url, owner: db.ownerUrl });

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

/** The URLs the tools use against an external PostgreSQL (from the environment). */
export function externalUrls(): RoleUrls | null {
  const app = process.env.DATABASE_URL;
  if (!app) return null;
  return { app, owner: process.env.MIGRATION_DATABASE_URL || app };
}

/** The embedded cluster of `npm start` (where it really lives: see resolveDataDir). */
export const mainDataDir = () => resolveDataDir(path.join(projectRoot, ".data", "postgres"));

/** Continuous archiving for the main cluster, unless NUANXIN_WAL_ARCHIVE=off (lib/db/backup.ts). */
export function mainArchive(dataDir: string) {
  if (process.env.NUANXIN_WAL_ARCHIVE === "off") return undefined;
  return { directory: walArchive(backupRoot(dataDir)), timeoutSeconds: archiveTimeoutSeconds() };
}

export async function ensureDatabase(opts: {
  dataDir?: string;
  port?: number;
  database?: string;
  /** Continuous WAL archiving into the cluster's backup folder (the main cluster's default). */
  archive?: boolean;
  log?: (line: string) => void;
} = {}): Promise<DatabaseHandle> {
  const external = externalUrls();
  if (external) return { url: external.app, ownerUrl: external.owner, stop: () => {} };
  const dataDir = opts.dataDir ?? path.join(projectRoot, ".data", "postgres");
  const startOptions = {
    dataDir,
    port: await freePort(opts.port ?? Number(process.env.EMBEDDED_PG_PORT ?? 54321)),
    archive: opts.archive ? mainArchive(resolveDataDir(dataDir)) : undefined,
    log: opts.log,
  };
  const embedded = await startEmbeddedPostgres(startOptions);
  const database = opts.database ?? "nuanxin";
  const server = clusterRoles(embedded.url("postgres"), embedded.password);
  await server.prepare();
  await ensureOwnedDatabase(server.serverUrl, database);
  const urls = server.urls(database);
  return {
    url: urls.app,
    ownerUrl: urls.owner,
    embedded,
    restart: () => startEmbeddedPostgres({ ...startOptions, port: embedded.port }),
    stop: () => embedded.stop(),
  };
}

/** The same server URL with another database name. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export type TestServer = {
  /** The superuser's URL (database postgres): creates and drops databases. */
  serverUrl: string;
  /** Both roles' URLs for one database on this server. */
  urls(database: string): RoleUrls;
  /** Creates `database` (optionally as a copy of `template`), owned by the owner role. */
  createDatabase(database: string, template?: string): Promise<RoleUrls>;
  stop(): void;
};

/** The two roles of a cluster, from its superuser (passwords derived, lib/db/roles.ts). */
export function clusterRoles(serverUrl: string, superuserPassword: string) {
  const password = (role: string) => derivedPassword(superuserPassword, role);
  return {
    serverUrl,
    prepare: () => ensureRoles(serverUrl, superuserPassword),
    urls: (database: string): RoleUrls => ({
      app: asRole(serverUrl, APP_ROLE, password(APP_ROLE), database),
      owner: asRole(serverUrl, OWNER_ROLE, password(OWNER_ROLE), database),
    }),
  };
}

/**
 * A PostgreSQL server for tests: TEST_DATABASE_URL's (a superuser URL; the tests create and drop
 * their own databases on it), or an embedded cluster in `.data/<name>` that `stop()` shuts down.
 * Either way the two roles exist on it, so tests run as the app role like the web app does.
 */
export async function startTestServer(name: string, preferredPort: number): Promise<TestServer> {
  let serverUrl: string;
  let password: string;
  let stop = () => {};
  if (process.env.TEST_DATABASE_URL) {
    serverUrl = process.env.TEST_DATABASE_URL;
    password = decodeURIComponent(new URL(serverUrl).password);
  } else {
    const server = await startEmbeddedPostgres({ dataDir: path.join(projectRoot, ".data", name), port: await freePort(preferredPort) });
    serverUrl = server.url("postgres");
    password = server.password;
    stop = () => server.stop();
  }
  const roles = clusterRoles(serverUrl, password);
  await roles.prepare();
  return {
    serverUrl,
    urls: roles.urls,
    createDatabase: async (database, template) => {
      await ensureOwnedDatabase(serverUrl, database, { template });
      const urls = roles.urls(database);
      // Database-level grants (CONNECT, no TEMP for PUBLIC) are not copied with a template.
      await grantAppRole(urls.owner, APP_ROLE);
      return urls;
    },
    stop,
  };
}
