/**
 * The one wrapper every data-exchange endpoint goes through (the API's counterpart of
 * lib/action.ts): read the bearer token, check it (known, not revoked, not expired), parse the
 * query with the endpoint's zod schema, run the read with the token's region as its scope, and
 * answer JSON. Refusals are JSON `{ error }` in Chinese: 401 for a missing, unknown, expired or
 * revoked token, 400 for bad parameters (with the messages per parameter), 403 for a region
 * outside the token's, 404 for a region that does not exist. No stack trace leaks.
 *
 * Every call of a known token leaves one audit row (`api.call`), refused ones included — with the token's
 * id and region when the token is known, without either when it is not; the caller is a token,
 * not a user, so `actor_id` stays empty — and moves the token's `last_used_at`, refused calls too
 * (an admin then sees a revoked or expired token still being tried), both in one transaction.
 * The answer leaves only after that transaction commits: no data goes out without its audit row.
 *
 * Calls are rate-limited per token and per client address (API_RATE_LIMIT_PER_MINUTE each, state
 * in PostgreSQL: lib/ratelimit.ts): over the limit the answer is 429 with `Retry-After` and a
 * Chinese error. Floods do not flood the log: a refused-for-rate call is audited only as the first
 * refusal of its key's window, and calls with a missing or unknown token only as the first such
 * call of the minute from that address (the rest are counted in `rate_limit`, not written).
 *
 * While the database cannot be reached (lib/db/errors.ts) the answer is 503 with `Retry-After`
 * and a Chinese error, and no audit row (there is nowhere to write it; no data leaves either).
 * Unexpected errors are logged as JSON with the request id (lib/log.ts).
 */
import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db/client";
import { withScope } from "@/lib/db/scope";
import { env } from "@/lib/env";
import { writeAudit } from "@/lib/audit/write";
import { clientAddress } from "@/lib/auth/client-address";
import { ratelimit, type RateLimitResult } from "@/lib/ratelimit";
import { DomainError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { format, formatDateTime, t } from "@/lib/i18n";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { log } from "@/lib/log";
import { REQUEST_ID_HEADER, saneRequestId } from "@/lib/request-id";
import { looksLikeSecret, hashSecret } from "./secret";
import { tokenStatus } from "./status";

const a = t.api;

/** What an endpoint knows of the calling token: its region is the scope of every read. */
export type ApiCaller = { id: number; name: string; regionCode: string };

type Refusal = "missing" | "unknown" | "expired" | "revoked";

type Outcome = {
  status: number;
  body: unknown;
  /** Records returned (households, regions): kept in the audit row. */
  rows: number;
  /** Why a call was refused, for the audit row. */
  reason?: Refusal | "params" | "forbidden" | "not_found" | "error" | "rate_limited" | "unavailable";
  /** Seconds, for a 429. */
  retryAfter?: number;
};

const WINDOW_SECONDS = 60;

/** What a caller is told to wait while the database is unreachable: a restart takes seconds. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 30;

const unavailable = (): Outcome => ({
  status: 503,
  body: { error: t.faults.unavailableApi },
  rows: 0,
  reason: "unavailable",
  retryAfter: UNAVAILABLE_RETRY_AFTER_SECONDS,
});

function rateLimited(limit: RateLimitResult): Outcome {
  return {
    status: 429,
    body: { error: format(a.rateLimited, { limit: limit.limit, seconds: limit.retryAfter }) },
    rows: 0,
    reason: "rate_limited",
    retryAfter: limit.retryAfter,
  };
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The calling token, and why it is refused (when it is); `token` is null when none is known. */
type Authentication = { token: ApiCaller; refused: null } | { token: ApiCaller | null; refused: Outcome };

async function authenticate(header: string | null, now: Date): Promise<Authentication> {
  const presented = header?.match(BEARER)?.[1];
  if (!presented) return { token: null, refused: { status: 401, body: { error: a.missingToken }, rows: 0, reason: "missing" } };
  const unknown: Outcome = { status: 401, body: { error: a.unknownToken }, rows: 0, reason: "unknown" };
  if (!looksLikeSecret(presented)) return { token: null, refused: unknown };
  const token = await db.apiToken.findUnique({
    where: { tokenHash: hashSecret(presented) },
    select: { id: true, name: true, regionCode: true, expiresAt: true, revokedAt: true },
  });
  if (!token) return { token: null, refused: unknown };
  const caller = { id: token.id, name: token.name, regionCode: token.regionCode };
  switch (tokenStatus(token, now)) {
    case "REVOKED":
      return { token: caller, refused: { status: 401, body: { error: a.revokedToken }, rows: 0, reason: "revoked" } };
    case "EXPIRED":
      return {
        token: caller,
        refused: { status: 401, body: { error: format(a.expiredToken, { at: formatDateTime(token.expiresAt) }) }, rows: 0, reason: "expired" },
      };
    default:
      return { token: caller, refused: null };
  }
}

/** Query parameters as the schema reads them: an empty value (`?region=`) is an absent one. */
function paramsOf(url: URL): Record<string, string> {
  // Prototype-free: a parameter named __proto__ is just an unknown parameter (issue 11).
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of url.searchParams) if (value !== "") out[key] = value;
  return out;
}

/** The query as the audit row keeps it: bounded, so a hostile URL cannot bloat the log. */
function auditedQuery(url: URL): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  // Control characters out: PostgreSQL's jsonb refuses a NUL, and the call would lose its audit
  // row (and answer 500) for a `?region=%00`.
  const clean = (s: string, max: number) => s.slice(0, max).replace(/[\u0000-\u001F\u007F-\u009F]/g, "\uFFFD");
  for (const [key, value] of [...url.searchParams].slice(0, 20)) out[clean(key, 40)] = clean(value, 100);
  return out;
}

function invalidParams(error: z.ZodError): Outcome {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) (fields[issue.path.map(String).join(".") || "_"] ??= []).push(issue.message);
  const details = Object.entries(fields).map(([field, messages]) => `${field}：${messages.join("，")}`).join("；");
  return { status: 400, body: { error: format(a.invalidParams, { details }), fields }, rows: 0, reason: "params" };
}

async function refusedScope(token: ApiCaller): Promise<Outcome> {
  const region = await db.region.findUnique({ where: { code: token.regionCode }, select: { fullName: true } });
  return {
    status: 403,
    body: { error: format(a.forbiddenRegion, { region: region?.fullName ?? token.regionCode, code: token.regionCode }) },
    rows: 0,
    reason: "forbidden",
  };
}

function json(outcome: Outcome): Response {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (outcome.retryAfter) headers["Retry-After"] = String(outcome.retryAfter);
  // RFC 6750: a refused bearer token says so in WWW-Authenticate.
  if (outcome.status === 401) {
    headers["WWW-Authenticate"] = outcome.reason === "missing" ? 'Bearer realm="nuanxin"' : 'Bearer realm="nuanxin", error="invalid_token"';
  }
  return Response.json(outcome.body, { status: outcome.status, headers });
}

/**
 * A GET handler for one endpoint. `handler` reads with `token.regionCode` as its scope and throws
 * ForbiddenError / NotFoundError for a region outside it / unknown; it answers the JSON body and
 * how many records it holds.
 */
export function defineApiRoute<S extends z.ZodType>(
  config: { path: string; schema: S },
  handler: (params: z.output<S>, token: ApiCaller) => Promise<{ body: unknown; rows: number }>,
) {
  return async function GET(request: Request): Promise<Response> {
    const now = new Date();
    const url = new URL(request.url);
    const address = clientAddress(request.headers);
    const limit = env().API_RATE_LIMIT_PER_MINUTE;
    const requestId = saneRequestId(request.headers.get(REQUEST_ID_HEADER));
    let token: ApiCaller | null = null;
    let outcome: Outcome;
    // Whether this call gets its audit row (see the header: floods are aggregated).
    let audited = true;
    try {
      // The address first: a flood from one address costs one upsert per call, not a token lookup.
      const byAddress = address ? await ratelimit(`api:addr:${address}`, limit, WINDOW_SECONDS, now) : null;
      const auth = byAddress && !byAddress.ok ? null : await authenticate(request.headers.get("authorization"), now);
      token = auth?.token ?? null;
      const byToken = auth && token && !auth.refused ? await ratelimit(`api:token:${token.id}`, limit, WINDOW_SECONDS, now) : null;
      if (!auth || (byToken && !byToken.ok)) {
        const hit = (byToken && !byToken.ok ? byToken : byAddress)!;
        outcome = rateLimited(hit);
        audited = hit.count === hit.limit + 1;
      } else if (auth.refused) {
        outcome = auth.refused;
        if (!token) {
          const unknown = await ratelimit(`api:unknown:${address ?? "-"}`, 1, WINDOW_SECONDS, now);
          audited = unknown.ok;
        }
      } else {
        const parsed = config.schema.safeParse(paramsOf(url));
        if (!parsed.success) {
          outcome = invalidParams(parsed.error);
        } else {
          const caller = auth.token;
          const result = await withScope(caller.regionCode, () => handler(parsed.data, caller));
          outcome = { status: 200, body: result.body, rows: result.rows };
        }
      }
    } catch (error) {
      if (error instanceof ForbiddenError && token) outcome = await refusedScope(token);
      else if (error instanceof NotFoundError) outcome = { status: 404, body: { error: a.notFoundRegion }, rows: 0, reason: "not_found" };
      else if (error instanceof DomainError) outcome = { status: 400, body: { error: error.message }, rows: 0, reason: "params" };
      else if (isDatabaseUnavailable(error)) {
        log.warn({ err: error, requestId, path: config.path, tokenId: token?.id }, "api: database unavailable");
        return json(unavailable());
      } else {
        log.error({ err: error, requestId, path: config.path, tokenId: token?.id }, "api: unexpected error");
        outcome = { status: 500, body: { error: a.unexpected }, rows: 0, reason: "error" };
      }
    }

    if (!audited) return json(outcome);
    try {
      await db.$transaction(async (tx) => {
        if (token) await tx.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
        await writeAudit(tx, null, {
          action: "api.call",
          entity: "api_token",
          entityId: token?.id ?? null,
          regionCode: token?.regionCode ?? null,
          after: {
            path: config.path,
            query: auditedQuery(url),
            status: outcome.status,
            rows: outcome.rows,
            ...(address ? { address } : {}),
            ...(outcome.reason ? { reason: outcome.reason } : {}),
            // The first of its kind this minute; the others from this address are counted, not logged.
            ...(outcome.reason === "rate_limited" || (!token && outcome.status === 401) ? { aggregated: "per_minute" } : {}),
          },
        });
      });
    } catch (error) {
      // Without its audit row the answer does not leave.
      if (isDatabaseUnavailable(error)) {
        log.warn({ err: error, requestId, path: config.path, tokenId: token?.id }, "api: database unavailable (audit)");
        return json(unavailable());
      }
      log.error({ err: error, requestId, path: config.path, tokenId: token?.id }, "api: audit failed");
      return json({ status: 500, body: { error: a.unexpected }, rows: 0 });
    }
    return json(outcome);
  };
}
