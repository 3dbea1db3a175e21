/**
 * Bring a database to a usable state: migrations applied (as the owner role), the app role's
 * grants renewed (lib/db/roles.ts), reference data (regions, questionnaire) loaded, demo data
 * when asked and the database has no users yet.
 * Shared by the start command, the end-to-end test server, the generator and the benchmark.
 */
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../db/migrations";
import { grantAppRole, roleOf, type RoleUrls } from "../db/roles";
import { projectRoot } from "../db/server";
import { seed } from "../../prisma/seed";
import { projectIdKeys } from "../crypto/key-file";
import type { IdKeys } from "../crypto/keyring";
import { encryptPlaintextIdNumbers, idKeyProblems } from "../households/id-number-keys";
import { DEMO_USERS } from "../../prisma/seed/demo";

/**
 * Demo data: SEED_DEMO=true / --demo always, SEED_DEMO=false never; unset, only into the embedded
 * database (never silently into an external one, which may be meant for real data).
 */
export function wantsDemo(env: Record<string, string | undefined>, argv: string[]): boolean {
  if (argv.includes("--demo")) return true;
  if (env.SEED_DEMO === "true") return true;
  if (env.SEED_DEMO === "false") return false;
  return !env.DATABASE_URL;
}

/** The migration that drops the plaintext ID numbers: existing rows are encrypted just before it. */
export const PLAINTEXT_ID_DROPPED = "20261202100001_id_numbers_plaintext_dropped";

export async function migrateAndGrant(
  urls: RoleUrls,
  log: (line: string) => void = () => {},
  opts: { idKeys?: () => IdKeys } = {},
): Promise<string[]> {
  let encrypted = 0;
  const applied = await applyMigrations({
    url: urls.owner,
    migrationsDir: path.join(projectRoot, "prisma", "migrations"),
    log,
    // A database from before decision 017: encrypt its ID numbers (keys asked for only if there are any).
    before: {
      [PLAINTEXT_ID_DROPPED]: async (client) => {
        encrypted = await encryptPlaintextIdNumbers(client, opts.idKeys ?? projectIdKeys, {
          onProgress: ({ done, total }) => log(`身份证号加密 / encrypting ID numbers: ${done.toLocaleString()} / ${total.toLocaleString()}`),
        });
      },
    },
  });
  if (encrypted > 0) {
    // The plaintext stays in dead row versions until the table is rewritten (WAL and old backups
    // still hold it: decision 017 says what to do about those).
    const c = new pg.Client({ connectionString: urls.owner });
    await c.connect();
    try {
      await c.query("VACUUM FULL member");
    } finally {
      await c.end();
    }
    log(`已加密 ${encrypted.toLocaleString()} 个身份证号，明文列已删除 / ${encrypted} ID numbers encrypted, plaintext column dropped`);
  }
  // One role for both (an external database given only DATABASE_URL): nothing to grant.
  if (roleOf(urls.app) !== roleOf(urls.owner)) await grantAppRole(urls.owner, roleOf(urls.app));
  return applied;
}

export async function prepareDatabase(urls: RoleUrls, opts: { demo: boolean; log: (line: string) => void; today?: string; idKeys?: () => IdKeys }) {
  const applied = await migrateAndGrant(urls, opts.log, { idKeys: opts.idKeys });
  if (applied.length) opts.log(`已应用数据库迁移 ${applied.length} 个`);
  await seed(urls.owner, { demo: opts.demo, log: opts.log, today: opts.today, idKeys: opts.idKeys });
}

/** Are the demo accounts in this database? (Only then are their logins worth printing.) */
export async function hasDemoUsers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM app_user WHERE username = ANY($1)", [DEMO_USERS.map((u) => u.username)]);
    return rows[0].n > 0;
  } finally {
    await client.end();
  }
}

/** Do these keys open this database's ID numbers? (lib/households/id-number-keys.ts idKeyProblems.) */
export async function checkIdKeys(url: string, keys: IdKeys): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await idKeyProblems(client, keys);
  } finally {
    await client.end();
  }
}
