/**
 * Vitest global setup: a real PostgreSQL for the integration tests. Starts the embedded cluster
 * in .data/test-postgres (or uses TEST_DATABASE_URL's server), and builds a template database —
 * migrated, with the region tree and questionnaire — from which every test file gets its own
 * fresh copy (tests/setup/database.ts). CREATE DATABASE … TEMPLATE copies files: ~0.1 s.
 */
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startTestServer, withDatabase } from "../../lib/db/server";
import { applyMigrations } from "../../lib/db/migrations";
import { seed } from "../../prisma/seed";

const root = path.resolve(import.meta.dirname, "..", "..");
export const TEMPLATE = "nuanxin_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
    pgTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const { serverUrl, stop } = await startTestServer("test-postgres", Number(process.env.TEST_PG_PORT ?? 54322));
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
  // Leftovers of an interrupted earlier run.
  const stale = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'nuanxin_t_%'`);
  for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  const templateUrl = withDatabase(serverUrl, TEMPLATE);
  await applyMigrations({ url: templateUrl, migrationsDir: path.join(root, "prisma", "migrations") });
  await seed(templateUrl, { demo: false });
  // A template must have no open connections when copied.
  await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [TEMPLATE]);
  await admin.end();

  project.provide("pgServerUrl", serverUrl);
  project.provide("pgTemplate", TEMPLATE);
  return async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
    await c.end();
    stop();
  };
}
