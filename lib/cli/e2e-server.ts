/**
 * The server the Playwright tests run against: a fresh embedded PostgreSQL cluster in
 * .data/e2e-postgres (or a fresh database on TEST_DATABASE_URL's server), migrated and seeded with
 * the demo data as the owner role, then the production build (`next start`) connected as the
 * app role, as in production. Started and stopped by Playwright's webServer option.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { projectRoot, startTestServer } from "../db/server";
import { prepareDatabase } from "./prepare";
import { idKeysEnv } from "../crypto/key-file";
import { newIdKeys } from "../crypto/keyring";

const port = Number(process.env.E2E_PORT ?? 3100);
const log = (line: string) => console.log(`[e2e] ${line}`);

async function main() {
  const server = await startTestServer("e2e-postgres", Number(process.env.E2E_PG_PORT ?? 54323));
  const { serverUrl, stop } = server;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS nuanxin_e2e WITH (FORCE)");
  await admin.end();
  const urls = await server.createDatabase("nuanxin_e2e");
  // Fresh ID-number keys for this run's fresh database (decision 017): nothing to keep.
  const idKeys = newIdKeys();
  await prepareDatabase(urls, { demo: true, log, idKeys: () => idKeys });
  const url = urls.app;
  // The browser tests read this to move dates as time would (a 7-day publicity cannot wait 7 days):
  // the app role's URL, so they can do what the app may and no more. Private to this user.
  fs.writeFileSync(path.join(projectRoot, ".data", "e2e-database-url"), url, { mode: 0o600 });

  const child = spawn(path.join(projectRoot, "node_modules", ".bin", "next"), ["start", "-p", String(port)], {
    cwd: projectRoot,
    stdio: "inherit",
    env: {
      ...process.env,
      DATABASE_URL: url,
      NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123456",
      NEXTAUTH_URL: `http://localhost:${port}`,
      ...idKeysEnv(idKeys),
      NEXT_TELEMETRY_DISABLED: "1",
      DEMO_MODE: "true", // the browser tests sign in with the demo accounts' seeded password
    },
  });
  const shutdown = () => {
    child.kill("SIGTERM");
    stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  child.on("exit", (code) => {
    stop();
    process.exit(code ?? 0);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
