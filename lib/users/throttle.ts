/**
 * Login throttling (finding 4; decision 013). Consecutive failed sign-ins are counted per account
 * (`user:<username>`, known or not) and per client address (`addr:<ip>`) in `login_throttle`, a
 * table every app instance shares. From the counts:
 * - backoff: after the 2nd failure of an account the next attempt waits 2 s, then 4 s, 8 s;
 * - lock: the 5th failure locks the account for 15 minutes;
 * - an address may fail 10 times before its backoff starts (several caseworkers of one township
 *   share one office address) and is locked for 15 minutes at 30;
 * - counts start again after 15 quiet minutes, after a lock ends, and (for the account) on a
 *   successful sign-in; an administrator can unlock an account at once.
 * An attempt while a key waits is refused before the password is even looked at.
 */
import "server-only";
import { db, type Tx } from "@/lib/db/client";

export type ThrottleRule = { backoffAfter: number; lockAfter: number; lockMinutes: number; maxDelaySeconds: number };

export const ACCOUNT_RULE: ThrottleRule = { backoffAfter: 2, lockAfter: 5, lockMinutes: 15, maxDelaySeconds: 60 };
export const ADDRESS_RULE: ThrottleRule = { backoffAfter: 10, lockAfter: 30, lockMinutes: 15, maxDelaySeconds: 60 };
/** Failures older than this (since the last one) are forgotten. */
export const QUIET_MINUTES = 15;

export type ThrottleKey = { key: string; rule: ThrottleRule };

export const accountKey = (username: string) => `user:${username.trim().toLowerCase().slice(0, 60)}`;

export function throttleKeys(username: string, address: string | null | undefined): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ key: accountKey(username), rule: ACCOUNT_RULE }];
  if (address) keys.push({ key: `addr:${address.slice(0, 60)}`, rule: ADDRESS_RULE });
  return keys;
}

type Row = { failures: number; lastFailureAt: Date | null; lockedUntil: Date | null };

/** Seconds to wait after `failures` consecutive failures (0: none), below the lock. */
export function backoffSeconds(failures: number, rule: ThrottleRule): number {
  if (failures < rule.backoffAfter) return 0;
  return Math.min(rule.maxDelaySeconds, 2 ** (failures - rule.backoffAfter + 1));
}

/** Whether a row's failures still count at `now`. */
function current(row: Row, now: Date): boolean {
  if (row.lockedUntil && row.lockedUntil <= now) return false; // the lock has run out: a new round
  return !!row.lastFailureAt && now.getTime() - row.lastFailureAt.getTime() < QUIET_MINUTES * 60_000;
}

/** When a key may try again (null: now). */
function retryAt(row: Row, rule: ThrottleRule, now: Date): Date | null {
  if (row.lockedUntil && row.lockedUntil > now) return row.lockedUntil;
  if (!current(row, now)) return null;
  const delay = backoffSeconds(row.failures, rule);
  if (delay === 0) return null;
  const at = new Date(row.lastFailureAt!.getTime() + delay * 1000);
  return at > now ? at : null;
}

export type Throttled = { key: string; until: Date; locked: boolean; retryAfter: number };

/** The longest wait among the keys, or null when none waits. */
export async function checkThrottle(keys: ThrottleKey[], now: Date): Promise<Throttled | null> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys.map((k) => k.key) } } });
  let worst: Throttled | null = null;
  for (const row of rows) {
    const rule = keys.find((k) => k.key === row.key)!.rule;
    const until = retryAt(row, rule, now);
    if (until && (!worst || until > worst.until)) {
      worst = { key: row.key, until, locked: !!row.lockedUntil && row.lockedUntil > now, retryAfter: Math.ceil((until.getTime() - now.getTime()) / 1000) };
    }
  }
  return worst;
}

export type FailureOutcome = { key: string; failures: number; lockedUntil: Date | null; lockedNow: boolean };

/** Count one failure on every key, in the caller's transaction (with its audit rows). */
export async function recordFailure(tx: Tx, keys: ThrottleKey[], now: Date): Promise<FailureOutcome[]> {
  const out: FailureOutcome[] = [];
  for (const { key, rule } of keys) {
    // Row lock: two instances counting the same key's failures at once both count.
    await tx.$executeRaw`INSERT INTO login_throttle (key, failures) VALUES (${key}, 0) ON CONFLICT (key) DO NOTHING`;
    const [row] = await tx.$queryRaw<{ failures: number; last_failure_at: Date | null; locked_until: Date | null }[]>`
      SELECT failures, last_failure_at, locked_until FROM login_throttle WHERE key = ${key} FOR UPDATE`;
    const prev: Row = { failures: row.failures, lastFailureAt: row.last_failure_at, lockedUntil: row.locked_until };
    const failures = (current(prev, now) ? prev.failures : 0) + 1;
    const stillLocked = prev.lockedUntil && prev.lockedUntil > now ? prev.lockedUntil : null;
    const lockedNow = !stillLocked && failures >= rule.lockAfter;
    const lockedUntil = lockedNow ? new Date(now.getTime() + rule.lockMinutes * 60_000) : stillLocked;
    await tx.loginThrottle.update({ where: { key }, data: { failures, lastFailureAt: now, lockedUntil } });
    out.push({ key, failures, lockedUntil, lockedNow });
  }
  return out;
}

export async function clearThrottle(tx: Tx, key: string) {
  await tx.loginThrottle.deleteMany({ where: { key } });
}

/** An account's throttle as an admin sees it (locked until, consecutive failures). */
export async function accountThrottles(usernames: string[], now: Date = new Date()) {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: usernames.map(accountKey) } } });
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return new Map(
    usernames.map((u) => {
      const row = byKey.get(accountKey(u));
      const live = row && current(row, now);
      return [u, { failures: live ? row.failures : 0, lockedUntil: row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null }];
    }),
  );
}
