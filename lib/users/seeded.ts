/**
 * Seeded passwords in production (issue 11, Build 5): the app refuses to start in production
 * mode (NODE_ENV=production, not demo mode) while an active account still signs in with the
 * password the seed or the generator gave it. An account counts when it still carries the
 * "must change password" flag AND its hash verifies one of the known seeded passwords — so an
 * account an administrator created with a random one-time password does not block the start.
 * Hashes are verified once per distinct hash (the generator writes one hash for thousands of
 * accounts), at most MAX_DISTINCT of them.
 */
import "server-only";
import { db } from "@/lib/db/client";
import { env, isDemoMode } from "@/lib/env";
import { format, t } from "@/lib/i18n";
import { verifyPassword } from "./password";

/** prisma/seed/demo.ts DEMO_PASSWORD and lib/generate/province.ts GENERATED_PASSWORD (a unit test keeps them equal). */
export const SEEDED_PASSWORDS = ["demo1234"] as const;
const MAX_DISTINCT = 200;

/** Usernames (up to `sample`) and the count of active accounts still on a seeded password. */
export async function accountsWithSeededPassword(sample = 10): Promise<{ count: number; usernames: string[] }> {
  const groups = await db.$queryRaw<{ password_hash: string; n: number; usernames: string[] }[]>`
    SELECT password_hash, count(*)::int AS n, (array_agg(username ORDER BY id))[1:${sample}] AS usernames
    FROM app_user WHERE active AND must_change_password
    GROUP BY password_hash ORDER BY count(*) DESC LIMIT ${MAX_DISTINCT}`;
  let count = 0;
  const usernames: string[] = [];
  for (const g of groups) {
    let seeded = false;
    for (const p of SEEDED_PASSWORDS) if (!seeded && (await verifyPassword(p, g.password_hash))) seeded = true;
    if (!seeded) continue;
    count += g.n;
    usernames.push(...g.usernames.slice(0, Math.max(0, sample - usernames.length)));
  }
  return { count, usernames };
}

/** The refusal's log line (Chinese, then English), or null when the app may start. */
export async function seededPasswordRefusal(): Promise<string | null> {
  const e = env();
  if (e.NODE_ENV !== "production" || isDemoMode(e)) return null;
  const { count, usernames } = await accountsWithSeededPassword();
  if (count === 0) return null;
  const users = usernames.join(", ") + (count > usernames.length ? " …" : "");
  return [
    format(t.account.seededPasswordsRefuse, { count, users }),
    `Refusing to start: in production mode ${count} active account(s) still use a seeded password (${users}). ` +
      "Have them change it (修改密码) or deactivate them; set DEMO_MODE=true only for a demonstration.",
  ].join("\n");
}
