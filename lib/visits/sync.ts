/**
 * `POST /api/sync/v1/visits` (issue 13, first slice): a phone that was offline sends the visits it
 * queued, oldest first, and gets one answer per visit — `stored`, `duplicate` (this idempotency
 * key is already stored: a lost acknowledgement, sent again) or `refused` with the field messages
 * in Chinese — so a refused visit stays in the phone's queue to be corrected while the others are
 * done; `retry` means the server could not decide now (the database away) and the item should be
 * sent again later. A versioned JSON endpoint, not a replayed server action (whose ids change
 * with every build).
 *
 * Each visit goes through exactly what the form uses: the same zod schema, the same command
 * (permission, region scope, questionnaire check, audit row, the roll-up triggers), in the
 * caseworker's region under row-level security. The session is the browser's cookie; a cross-site
 * request is refused by its Origin (a browser always sends it on a POST) and by the JSON content
 * type (which a plain cross-site form cannot send).
 */
import "server-only";
import { getActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { withScope } from "@/lib/db/scope";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { DomainError, NotFoundError } from "@/lib/errors";
import { format, t } from "@/lib/i18n";
import { log } from "@/lib/log";
import { isSameOrigin } from "@/lib/security/origin";
import { findControlCharacter, zodFieldErrors, z } from "@/lib/validation";
import { logHomeVisit } from "./commands";
import { logVisitSchema } from "./schema";
import { offlineSnapshot } from "./offline";

export const SYNC_BATCH_MAX = 50;
const BODY_MAX_BYTES = 1_000_000;

export type SyncItemResult =
  | { key: string | null; status: "stored" | "duplicate"; visitId: number; problemIds: number[]; leftArea: boolean }
  | { key: string | null; status: "refused"; message: string; fieldErrors?: Record<string, string[]> }
  | { key: string | null; status: "retry"; message: string };

const bodySchema = z.object({ visits: z.array(z.unknown()).min(1).max(SYNC_BATCH_MAX) });

/**
 * An answer under 1 KB (one visit's, most of them) goes out as it is: `no-transform` keeps the
 * server's compression from wrapping it in a gzip stream of its own (Next streams a route's body,
 * so its length does not reach the compression; about 6 % of the server's CPU under a burst of
 * syncing phones, issue 14). A snapshot, larger, is compressed.
 */
const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = JSON.stringify(body);
  return new Response(text, {
    status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": text.length < 1024 ? "no-store, no-transform" : "no-store",
      ...headers,
    },
  });
};

const keyOf = (item: unknown): string | null => {
  const key = item && typeof item === "object" ? (item as { idempotencyKey?: unknown }).idempotencyKey : null;
  return typeof key === "string" && key.length <= 64 ? key : null;
};

type SyncActor = NonNullable<Awaited<ReturnType<typeof getActor>>>;

async function syncOne(actor: SyncActor, item: unknown): Promise<SyncItemResult> {
  const key = keyOf(item);
  const control = findControlCharacter(item);
  if (control !== null) return { key, status: "refused", message: t.common.invalidInput, fieldErrors: { [control]: [t.input.controlCharacters] } };
  const parsed = logVisitSchema.safeParse(item);
  if (!parsed.success) return { key, status: "refused", message: t.common.invalidInput, fieldErrors: zodFieldErrors(parsed.error) };
  try {
    const visit = await withScope(actor.regionCode, () => logHomeVisit(actor, parsed.data, { offline: true }));
    return { key, status: visit.replayed ? "duplicate" : "stored", visitId: visit.id, problemIds: visit.problemIds, leftArea: visit.leftArea };
  } catch (error) {
    if (error instanceof NotFoundError) return { key, status: "refused", message: t.sync.notFound };
    if (error instanceof DomainError) return { key, status: "refused", message: error.message, fieldErrors: error.fieldErrors };
    if (!isDatabaseUnavailable(error)) log.error({ err: error }, "sync: unexpected error storing a visit");
    return { key, status: "retry", message: t.sync.retryLater };
  }
}

/** The signed-in caseworker, or the answer that says why not. */
async function syncActor(): Promise<SyncActor | Response> {
  let actor;
  try {
    actor = await getActor();
  } catch (error) {
    if (isDatabaseUnavailable(error)) return json(503, { error: t.faults.unavailableApi }, { "Retry-After": "30" });
    throw error;
  }
  if (!actor) return json(401, { error: t.sync.signInAgain });
  if (!can(actor, "log:visit") || !can(actor, "read:roster")) return json(403, { error: t.sync.forbidden });
  return actor;
}

/**
 * `GET /api/sync/v1/snapshot`: what the phone keeps for offline work (lib/visits/offline.ts).
 * Same-origin only too: the answer is a township's families, never for another site's script.
 */
export async function syncSnapshot(request: Request): Promise<Response> {
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  if ((origin !== null && !isSameOrigin(request)) || (site !== null && site !== "same-origin" && site !== "none")) {
    return json(403, { error: t.sync.badOrigin });
  }
  const actor = await syncActor();
  if (actor instanceof Response) return actor;
  try {
    return json(200, await withScope(actor.regionCode, () => offlineSnapshot(actor)));
  } catch (error) {
    if (isDatabaseUnavailable(error)) return json(503, { error: t.faults.unavailableApi }, { "Retry-After": "30" });
    throw error;
  }
}

export async function syncVisits(request: Request): Promise<Response> {
  if (!isSameOrigin(request)) return json(403, { error: t.sync.badOrigin });
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    return json(415, { error: t.sync.badContentType });
  }
  const actor = await syncActor();
  if (actor instanceof Response) return actor;

  const text = await request.text();
  if (Buffer.byteLength(text) > BODY_MAX_BYTES) return json(413, { error: format(t.sync.tooLarge, { max: SYNC_BATCH_MAX }) });
  let raw: unknown;
  try {
    // JSON.parse makes plain objects; a "__proto__" key becomes an own property, never the prototype.
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
  }
  const body = bodySchema.safeParse(raw);
  if (!body.success) return json(400, { error: format(t.sync.badBody, { max: SYNC_BATCH_MAX }) });

  return json(200, { results: await syncBatch(actor, body.data.visits) });
}

/**
 * The items of one request, oldest first and one at a time: a household's visits keep their
 * order, and a request holds one pooled connection at a time. Exported for the benchmark.
 */
export async function syncBatch(actor: SyncActor, items: unknown[]): Promise<SyncItemResult[]> {
  const results: SyncItemResult[] = [];
  for (const item of items) results.push(await syncOne(actor, item));
  return results;
}
