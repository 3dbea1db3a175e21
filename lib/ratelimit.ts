/**
 * One rate limiter for the whole app, its state in PostgreSQL so that every app instance counts
 * the same calls (an in-memory counter would give each instance its own allowance). The shape is
 * dub's `ratelimit(key, limit, window)`: a fixed window per key, counted by one atomic upsert —
 * the first call of a window starts it at 1, later ones add 1 — and the answer says whether the
 * call is within the limit and, when not, how many seconds until the window ends (Retry-After).
 *
 * A fixed window lets a burst of up to 2 × limit straddle a window edge; for the API's
 * "per minute" figures that is acceptable and keeps the check to one statement.
 */
import "server-only";
import { log } from "@/lib/log";
import { db } from "@/lib/db/client";
import { QUIET_MINUTES } from "@/lib/users/throttle";

export type RateLimitResult = {
  ok: boolean;
  /** Calls counted in the current window, this one included. */
  count: number;
  limit: number;
  remaining: number;
  /** Whole seconds until the window ends (≥ 1): the Retry-After of a refused call. */
  retryAfter: number;
};

/** `window` in seconds. `now` is for tests; the database clock is not used, so tests can move time. */
export async function ratelimit(key: string, limit: number, window: number, now: Date = new Date()): Promise<RateLimitResult> {
  const rows = await db.$queryRaw<{ count: number; window_start: Date }[]>`
    INSERT INTO rate_limit AS r (key, window_start, count)
    VALUES (${key.slice(0, 120)}, ${now}, 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN r.window_start + make_interval(secs => ${window}) <= ${now} THEN 1 ELSE r.count + 1 END,
      window_start = CASE WHEN r.window_start + make_interval(secs => ${window}) <= ${now} THEN ${now} ELSE r.window_start END
    RETURNING count, window_start`;
  pruneNowAndThen();
  const { count, window_start } = rows[0];
  const endsAt = window_start.getTime() + window * 1000;
  return {
    ok: count <= limit,
    count,
    limit,
    remaining: Math.max(0, limit - count),
    retryAfter: Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)),
  };
}

/** Rows whose window ended long ago: the table holds one row per key ever seen, so prune now and then. */
export async function pruneRateLimits(olderThanSeconds = 24 * 60 * 60, now: Date = new Date()) {
  const before = new Date(now.getTime() - olderThanSeconds * 1000);
  return db.rateLimit.deleteMany({ where: { windowStart: { lt: before } } });
}

/**
 * Throttle and rate-limit rows that no longer decide anything: windows that ended a day ago, and
 * sign-in throttles whose failures have gone quiet and whose lock (if any) has run out. Without
 * this an address-scanning flood would leave one row per address for ever.
 */
export async function pruneStale(now: Date = new Date()) {
  const quietSince = new Date(now.getTime() - QUIET_MINUTES * 60_000);
  const [rateLimits, throttles] = await Promise.all([
    pruneRateLimits(24 * 60 * 60, now),
    db.loginThrottle.deleteMany({
      where: {
        OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
        AND: [{ OR: [{ lastFailureAt: null }, { lastFailureAt: { lt: quietSince } }] }],
      },
    }),
  ]);
  return { rateLimits: rateLimits.count, throttles: throttles.count };
}

/**
 * At most once per ten minutes per process, after a counted call or a failed sign-in (instances
 * prune independently; a delete twice is harmless). The real clock, not a caller's `now`.
 */
const PRUNE_EVERY_MS = 10 * 60_000;
let lastPrune = 0;
export function pruneNowAndThen() {
  const now = new Date();
  if (now.getTime() - lastPrune < PRUNE_EVERY_MS) return;
  lastPrune = now.getTime();
  pruneStale(now).catch((error) => log.warn({ err: error }, "ratelimit: pruning failed"));
}
