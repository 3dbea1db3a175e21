/**
 * `npm run db:generate -- --households N`: fill a database with a generated province (see
 * lib/generate/province.ts) — households over every village, a year of monthly visits, problems
 * through the three tiers, transfers, temporary aid and fund ledgers, applications — in bulk SQL,
 * with a progress bar on stderr and a summary at the end.
 */
import "dotenv/config";
import { parseArgs } from "node:util";
import pg from "pg";
import { ensureDatabase, projectRoot, roleUrls, type DatabaseHandle } from "../db/server";
import { toolIdKeys } from "../crypto/key-file";
import { prepareDatabase } from "./prepare";
import { GenerateRefused, GENERATED_PASSWORD, GENERATED_USERS, generateProvince } from "../generate/province";
import { progressBar } from "../generate/progress";
import { printSummary } from "../generate/report";

const HELP = `npm run db:generate -- --households N [options]

Fills the app's database with a generated province of Liaoning: N households spread over all
16,727 villages with their members; caseworkers in every township, a supervisor per county,
department staff per city; --months of monthly home visits with questionnaires (about ten per
household a year); the problems they found, resolved in the campaign's three tiers (about 69%
at once, 12% transferred, 19% temporary aid), with transfers (some returned and redone, some
open and overdue), aid cases paid from the city funds and township reserves (ledgers with
top-ups, payments and a few reversals), and applications for 低保 / 特困 / 低保边缘 at every
stage. The roll-ups (stat_*) are rebuilt, so the dashboards are exact.

Safety: it refuses a database that already has households, unless --append is given (then the
generated province is added to what is there). It runs in ONE transaction: interrupted or
failed, it leaves the database as it was. While it runs, writes to the register wait, and so do
reads of households, members and visits (their indexes are being rebuilt).

Every generated account has the password ${GENERATED_PASSWORD} (or --password): a generated
database is for trying things out and for benchmarks, never for real data. The provincial
account is ${GENERATED_USERS.provincial}.

Options:
  --households N        households to generate (required; 1,000,000 takes some minutes)
  --months M            months of history up to this month (default 12, at most 24)
  --seed S              the same seed makes the same province (default 1)
  --today YYYY-MM-DD    the last day of the history (default: today in China)
  --append              add to a database that already has households
  --password P          password of the generated accounts (default ${GENERATED_PASSWORD})
  --database-url URL    this database (as its owner) instead of MIGRATION_DATABASE_URL,
                        DATABASE_URL or the embedded one
  -h, --help            this text

It runs as the database's owner role (MIGRATION_DATABASE_URL; it disables triggers and rebuilds
indexes, which the app role may not). The database is migrated and its reference data (regions, questionnaire, departments, funds,
standards, calendar) loaded first, as npm start does; no demo data is added. ID numbers are
written encrypted (docs/decisions/017): with NUANXIN_DATA_KEYS / NUANXIN_INDEX_KEYS, or for the
embedded database the keys in .data/id-keys.json (created on first use).`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function main() {
  const { values } = parseArgs({
    options: {
      households: { type: "string" },
      months: { type: "string" },
      seed: { type: "string" },
      today: { type: "string" },
      append: { type: "boolean", default: false },
      password: { type: "string" },
      "database-url": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const households = Number(values.households);
  if (!values.households || !Number.isSafeInteger(households) || households < 1) fail(`--households must be a positive integer\n\n${HELP}`);
  const months = values.months === undefined ? undefined : Number(values.months);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) fail("--today must be YYYY-MM-DD");

  const log = (line: string) => console.error(`[暖心] ${line}`);
  let database: DatabaseHandle;
  if (values["database-url"]) database = { url: values["database-url"], ownerUrl: values["database-url"], stop: () => {} };
  else database = await ensureDatabase({ log });
  // ID numbers are encrypted with the environment's keys, or the embedded database's .data/id-keys.json.
  const idKeys = toolIdKeys({ projectRoot, embedded: !!database.embedded });
  await prepareDatabase(roleUrls(database), { demo: false, log, idKeys: () => idKeys });

  const client = new pg.Client({ connectionString: database.ownerUrl });
  await client.connect();
  try {
    const summary = await generateProvince(client, {
      households, months, seed, today: values.today, append: values.append, password: values.password, idKeys,
      onProgress: progressBar(),
    });
    printSummary(summary);
    console.log(`登录：${GENERATED_USERS.provincial}（省厅只读）、${GENERATED_USERS.admin}（管理员），密码 ${values.password ?? GENERATED_PASSWORD}`);
  } catch (error) {
    if (error instanceof GenerateRefused) fail(`拒绝生成：${error.message}`);
    throw error;
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
