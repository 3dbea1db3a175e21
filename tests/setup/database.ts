/**
 * Each test file gets its own database, copied from the migrated template, so files run in
 * parallel without seeing each other's rows. Dropped when the file ends. DATABASE_URL is the app
 * role's (what the web app gets), MIGRATION_DATABASE_URL the owner's (for the bulk generator).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { withDatabase } from "../../lib/db/server";
import { APP_ROLE, OWNER_ROLE } from "../../lib/db/roles";

const serverUrl = inject("pgServerUrl");
const template = inject("pgTemplate");
const name = `nuanxin_t_${inject("pgRun")}_${randomBytes(4).toString("hex")}`;

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template} OWNER ${OWNER_ROLE}`);
// Database-level grants are not copied with a template: only the app role connects, no TEMP.
await admin.query(`REVOKE ALL ON DATABASE ${name} FROM PUBLIC; GRANT CONNECT ON DATABASE ${name} TO ${APP_ROLE}`);
await admin.end();

process.env.DATABASE_URL = withDatabase(inject("pgAppUrl"), name);
process.env.MIGRATION_DATABASE_URL = withDatabase(inject("pgOwnerUrl"), name);
process.env.NEXTAUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";
process.env.DB_POOL_MAX ??= "4";
process.env.NUANXIN_DATA_KEYS = inject("idDataKeys");
process.env.NUANXIN_INDEX_KEYS = inject("idIndexKeys");

// Fixtures and assertions that use the client directly act as the system; code under test runs
// in its actor's scope (the action wrapper, the queries' sessions), which takes precedence.
const { setFallbackScopeForTests, SYSTEM_SCOPE } = await import("../../lib/db/scope");
setFallbackScopeForTests(SYSTEM_SCOPE);

afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db.$disconnect();
  // The client is cached on globalThis (lib/db/client.ts), which outlives a test file in a fork.
  (globalThis as { nuanxinDb?: unknown }).nuanxinDb = undefined;
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
});
