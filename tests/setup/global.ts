/**
 * Vitest global setup: a real PostgreSQL for the integration tests. Starts the embedded cluster
 * in .data/test-postgres (or uses TEST_DATABASE_URL's server), and builds a template database —
 * migrated, with the region tree and questionnaire — from which every test file gets its own
 * fresh copy (tests/setup/database.ts). CREATE DATABASE … TEMPLATE copies files: ~0.1 s.
 *
 * Roles as in production (lib/db/roles.ts): databases are created by the superuser, migrated and
 * seeded by the owner role, and the tests connect as the app role — so every test also proves the
 * app works with the app role's restricted grants.
 *
 * Two runs may share the cluster (two terminals, or a watch run beside a full one): each run's
 * databases carry its process id, a run clears only the leftovers of runs that are no longer
 * alive, and the last run out stops the cluster.
 */
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startTestServer } from "../../lib/db/server";
import { processAlive } from "../../lib/db/embedded";
import { migrateAndGrant } from "../../lib/cli/prepare";
import { seed } from "../../prisma/seed";
import { formatKeyring, newIdKeys } from "../../lib/crypto/keyring";

const RUN = String(process.pid);
export const TEMPLATE = `nuanxin_test_template_${RUN}`;

declare module "vitest" {
  export interface ProvidedContext {
    /** The superuser's URL: creates and drops the test databases. */
    pgServerUrl: string;
    /** The app and owner roles' URLs on the server's `postgres` database (swap the name). */
    pgAppUrl: string;
    pgOwnerUrl: string;
    pgTemplate: string;
    pgRun: string;
    /** This run's ID-number keys (decision 017): generated here, per run, never a constant in code. */
    idDataKeys: string;
    idIndexKeys: string;
  }
}

const alive = processAlive;
/** The run a test database belongs to: nuanxin_t_<run>_… or nuanxin_test_template_<run>. */
const runOf = (datname: string) => Number(/^nuanxin_(?:t|test_template)_(\d+)/.exec(datname)?.[1] ?? NaN);

async function ourDatabases(admin: pg.Client) {
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'nuanxin\\_t\\_%' OR datname LIKE 'nuanxin\\_test\\_template%'`);
  return rows.map((r) => r.datname);
}

export default async function setup(project: TestProject) {
  const server = await startTestServer("test-postgres", Number(process.env.TEST_PG_PORT ?? 54322));
  const { serverUrl, stop } = server;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  // Leftovers of interrupted earlier runs (not of runs still going).
  for (const datname of await ourDatabases(admin)) {
    const run = runOf(datname);
    if (Number.isNaN(run) || !alive(run)) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  const urls = await server.createDatabase(TEMPLATE);
  await migrateAndGrant(urls);
  await seed(urls.owner, { demo: false });
  // A template must have no open connections when copied.
  await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [TEMPLATE]);
  await admin.end();

  project.provide("pgServerUrl", serverUrl);
  project.provide("pgAppUrl", server.urls("postgres").app);
  project.provide("pgOwnerUrl", server.urls("postgres").owner);
  project.provide("pgTemplate", TEMPLATE);
  project.provide("pgRun", RUN);
  const idKeys = newIdKeys();
  project.provide("idDataKeys", formatKeyring(idKeys.data));
  project.provide("idIndexKeys", formatKeyring(idKeys.index));
  return async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
    const others = (await ourDatabases(c)).filter((d) => alive(runOf(d)));
    await c.end();
    if (others.length === 0) stop();
  };
}
