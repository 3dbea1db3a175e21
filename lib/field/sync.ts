/**
 * Sending the phone's outbox (issue 13, decision 021): oldest first, in batches, through
 * `POST /api/sync/v1/visits` — the versioned JSON endpoint, never a replayed server action. The
 * server deduplicates on each visit's idempotency key, so sending again after a lost
 * acknowledgement stores nothing twice. Per item: stored or already stored → leaves the outbox;
 * refused → stays, marked, with the server's field messages, until the caseworker corrects it;
 * retry (or no answer at all) → stays, sent again later with exponential backoff.
 *
 * One sender at a time across the phone's tabs (a Web Lock); `planAnswers` is pure, for the tests.
 */
import type { OutboxItem } from "./store";
import { outboxOf, settle } from "./store";


/**
 * Whether the server answered the last request: `navigator.onLine` says only that the phone has a
 * network, not that it reaches us (a village Wi-Fi without uplink, or a browser whose emulated
 * airplane mode leaves it true), so the app also goes by what its own requests found.
 */
export const REACHABILITY_EVENT = "nuanxin:reachable";
export function reportReachable(ok: boolean) {
  if (typeof window !== "undefined") window.dispatchEvent(new CustomEvent<boolean>(REACHABILITY_EVENT, { detail: ok }));
}

export const SYNC_BATCH = 20;
const BACKOFF_FIRST_MS = 5_000;
const BACKOFF_MAX_MS = 5 * 60_000;

type ItemAnswer =
  | { key: string | null; status: "stored" | "duplicate"; visitId: number; problemIds: number[]; leftArea?: boolean }
  | { key: string | null; status: "refused"; message: string; fieldErrors?: Record<string, string[]> }
  | { key: string | null; status: "retry"; message: string };

export type SyncOutcome = {
  /** stored now or found already stored */
  sent: number;
  refused: number;
  /** still waiting: no answer, or the server asked to retry */
  waiting: number;
  /** stored against a household that has left the caseworker's area (flagged for its supervisor) */
  leftArea: number;
  /** the session has ended: sign in again, the queue is kept */
  signedOut: boolean;
  /** why the last attempt failed, in Chinese, when it did */
  error?: string;
  /** when the next automatic attempt is due (ms since epoch), if anything waits */
  nextAttemptAt?: number;
};

/** 5 s, 10 s, 20 s … at most 5 min, with ±20 % jitter so ten phones do not come back in step. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** What the server's answers to one batch do to the outbox. Pure. */
export function planAnswers(batch: OutboxItem[], answers: ItemAnswer[], now: number, random?: () => number) {
  const acknowledged: string[] = [];
  const updated: OutboxItem[] = [];
  let sent = 0, refused = 0, waiting = 0, leftArea = 0;
  const byKey = new Map(answers.filter((a) => a.key).map((a) => [a.key!, a]));
  for (const item of batch) {
    const answer = byKey.get(item.key);
    if (answer && (answer.status === "stored" || answer.status === "duplicate")) {
      acknowledged.push(item.key);
      sent++;
      if (answer.leftArea) leftArea++;
    } else if (answer?.status === "refused") {
      updated.push({ ...item, state: "refused", message: answer.message, fieldErrors: answer.fieldErrors ?? {}, attempts: item.attempts + 1 });
      refused++;
    } else {
      const attempts = item.attempts + 1;
      updated.push({ ...item, attempts, nextAttemptAt: now + backoffMs(attempts, random), message: answer && "message" in answer ? answer.message : undefined });
      waiting++;
    }
  }
  return { acknowledged, updated, sent, refused, waiting, leftArea };
}

function later(batch: OutboxItem[], now: number, message?: string): OutboxItem[] {
  return batch.map((item) => ({ ...item, attempts: item.attempts + 1, nextAttemptAt: now + backoffMs(item.attempts + 1), message }));
}

async function withSyncLock<T>(fn: () => Promise<T>, busy: T): Promise<T> {
  if (typeof navigator === "undefined" || !navigator.locks) return fn();
  return navigator.locks.request("nuanxin-sync", { ifAvailable: true }, (lock) => (lock ? fn() : busy));
}

/**
 * Send what is due (everything pending when `force`, as on the 同步 button), oldest first.
 * `messages` are the Chinese texts for failures with no answer from the server.
 */
export function syncOutbox(userId: number, opts: { force?: boolean; messages: { offline: string; server: string } }): Promise<SyncOutcome> {
  const empty: SyncOutcome = { sent: 0, refused: 0, waiting: 0, leftArea: 0, signedOut: false };
  return withSyncLock(async () => {
    const outcome = { ...empty };
    const now = () => Date.now();
    const due = (await outboxOf(userId)).filter((i) => i.state === "pending" && (opts.force || i.nextAttemptAt <= now()));
    for (let i = 0; i < due.length; i += SYNC_BATCH) {
      const batch = due.slice(i, i + SYNC_BATCH);
      let response: Response;
      try {
        response = await fetch("/api/sync/v1/visits", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          credentials: "same-origin",
          cache: "no-store",
          body: JSON.stringify({ visits: batch.map((item) => item.payload) }),
        });
      } catch {
        // No answer at all (offline, or the answer was lost): the server may have stored some;
        // the keys make sending them again harmless.
        reportReachable(false);
        await settle([], later(batch, now()));
        outcome.waiting += due.length - i;
        outcome.error = opts.messages.offline;
        break;
      }
      reportReachable(true);
      const body = (await response.json().catch(() => null)) as { results?: ItemAnswer[]; error?: string } | null;
      if (response.status === 401) {
        outcome.signedOut = true;
        outcome.waiting += due.length - i;
        outcome.error = body?.error;
        break;
      }
      if (!response.ok || !Array.isArray(body?.results)) {
        await settle([], later(batch, now(), body?.error));
        outcome.waiting += due.length - i;
        outcome.error = body?.error ?? opts.messages.server;
        break;
      }
      const plan = planAnswers(batch, body.results, now());
      await settle(plan.acknowledged, plan.updated);
      outcome.sent += plan.sent;
      outcome.refused += plan.refused;
      outcome.waiting += plan.waiting;
      outcome.leftArea += plan.leftArea;
    }
    const pending = (await outboxOf(userId)).filter((i) => i.state === "pending");
    if (pending.length) outcome.nextAttemptAt = Math.min(...pending.map((i) => i.nextAttemptAt));
    return outcome;
  }, empty);
}
