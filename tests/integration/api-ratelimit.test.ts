/**
 * The data-exchange API's rate limit (issue 11, Build 10), on a real PostgreSQL: per token and
 * per client address, 429 with Retry-After and a Chinese JSON error, the counters in the database
 * (so two app instances share them) — and a flood of unknown-token calls leaves a bounded number
 * of audit rows instead of one per call.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { addDays, todayInChina } from "@/lib/dates";
import { format, t } from "@/lib/i18n";
import { issueApiToken } from "@/lib/api-tokens/commands";
import { GET as rollups } from "@/app/api/v1/rollups/route";
import { makeActor } from "../support/fixtures";
import { pruneStale } from "@/lib/ratelimit";

const LIMIT = 5;
process.env.API_RATE_LIMIT_PER_MINUTE = String(LIMIT);

let secret: string;
let otherSecret: string;
let tokenId: number;

async function call(opts: { secret?: string | null; address?: string }) {
  const headers: Record<string, string> = {};
  if (opts.secret) headers.authorization = `Bearer ${opts.secret}`;
  if (opts.address) headers["x-forwarded-for"] = `10.0.0.1, ${opts.address}`;
  const response = await rollups(new Request("http://localhost/api/v1/rollups?region=2111", { headers }));
  return { status: response.status, body: (await response.json()) as { error?: string }, headers: response.headers };
}
const apiAudits = () => db.auditLog.count({ where: { action: "api.call" } });

beforeAll(async () => {
  const admin = await makeActor("ADMIN", "21");
  const input = { name: "省大数据监督平台", regionCode: "2111", expiresOn: addDays(todayInChina(), 30) };
  const issued = await issueApiToken(admin, input);
  secret = issued.secret;
  tokenId = issued.id;
  otherSecret = (await issueApiToken(admin, { ...input, name: "另一个平台" })).secret;
});

describe("API rate limit", () => {
  it("answers 429 with Retry-After and a Chinese error past the limit per token, whatever the address", async () => {
    for (let i = 0; i < LIMIT; i++) expect((await call({ secret, address: `192.0.2.${10 + i}` })).status).toBe(200);
    const before = await apiAudits();
    const refused = await call({ secret, address: "192.0.2.99" });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body.error).toBe(format(t.api.rateLimited, { limit: LIMIT, seconds: retryAfter }));
    expect(refused.body.error).toMatch(/^调用过于频繁/);
    // Only the first refusal of the window is audited.
    expect(await call({ secret, address: "192.0.2.98" })).toMatchObject({ status: 429 });
    expect(await apiAudits()).toBe(before + 1);
    expect(await db.auditLog.findFirstOrThrow({ where: { action: "api.call" }, orderBy: { id: "desc" } })).toMatchObject({
      entityId: String(tokenId),
      after: { status: 429, reason: "rate_limited", aggregated: "per_minute" },
    });
    // Another token is not affected.
    expect((await call({ secret: otherSecret, address: "192.0.2.50" })).status).toBe(200);
    // The counter is a row in PostgreSQL, shared by every app instance.
    expect(await db.rateLimit.findUniqueOrThrow({ where: { key: `api:token:${tokenId}` } })).toMatchObject({ count: LIMIT + 2 });
  });

  it("limits one address across tokens, and writes one audit row per minute for a flood of unknown tokens", async () => {
    const address = "198.51.100.77";
    const before = await apiAudits();
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await call({ secret: `nx_${String(i).padStart(43, "A")}`, address }));
    expect(answers.slice(0, LIMIT).map((r) => r.status)).toEqual(Array(LIMIT).fill(401));
    expect(answers.slice(LIMIT).every((r) => r.status === 429 && Number(r.headers.get("retry-after")) > 0)).toBe(true);
    // 12 calls: the first unknown-token call of the minute, and the first refusal by the limiter.
    expect(await apiAudits()).toBe(before + 2);
    // A good token from that address is refused too while the address waits.
    expect((await call({ secret: otherSecret, address })).status).toBe(429);
  });

  it("prunes rate-limit and sign-in throttle rows that no longer decide anything, and keeps live ones", async () => {
    const now = new Date();
    const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
    await db.rateLimit.createMany({ data: [
      { key: "prune:old", windowStart: ago(25 * 60), count: 3 },
      { key: "prune:live", windowStart: ago(1), count: 3 },
    ] });
    await db.loginThrottle.createMany({ data: [
      { key: "prune:quiet", failures: 2, lastFailureAt: ago(60) },
      { key: "prune:recent", failures: 2, lastFailureAt: ago(1) },
      { key: "prune:locked", failures: 10, lastFailureAt: ago(60), lockedUntil: new Date(now.getTime() + 10 * 60_000) },
      { key: "prune:lock-over", failures: 10, lastFailureAt: ago(60), lockedUntil: ago(5) },
    ] });
    const pruned = await pruneStale(now);
    expect(pruned.rateLimits).toBeGreaterThanOrEqual(1);
    const keys = async () => [
      ...(await db.rateLimit.findMany({ where: { key: { startsWith: "prune:" } }, select: { key: true } })),
      ...(await db.loginThrottle.findMany({ where: { key: { startsWith: "prune:" } }, select: { key: true } })),
    ].map((r) => r.key).sort();
    expect(await keys()).toEqual(["prune:live", "prune:locked", "prune:recent"]);
  });
});
