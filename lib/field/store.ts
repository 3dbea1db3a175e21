/**
 * The phone's side of offline visits (issue 13, decision 021): one IndexedDB database, through
 * `idb`, with three stores —
 * - `meta`: the snapshot's header (whose it is, when it was taken, the questionnaire);
 * - `households`: the roster households' summaries, as the server masked them;
 * - `outbox`: visits logged on this device and not yet acknowledged by the server, keyed by the
 *   idempotency key the server deduplicates on, each stamped with the user who logged it.
 *
 * Signing in or out clears `meta` and `households` (`clearDeviceData`): a second user of the phone
 * never sees the first one's families. The outbox is kept — a visit is never dropped silently —
 * but only ever listed and sent for the user who logged it, once the server has said who is signed in.
 *
 * Browser-only: every function opens the database lazily, so importing this module on the server is harmless.
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { Snapshot, SnapshotHousehold } from "@/lib/visits/offline";

export type VisitPayload = {
  householdId: number;
  idempotencyKey: string;
  questionnaireVersion: number;
  visitedOn: string;
  visitors: string;
  peopleMet: string;
  answers: Record<string, string>;
  findings?: string;
  problems: { category: string; description: string; urgency: string }[];
};

export type OutboxItem = {
  key: string;
  userId: number;
  householdId: number;
  householdName: string;
  payload: VisitPayload;
  createdAt: number;
  /** pending: waiting to be sent (again); refused: the server said no, the caseworker must correct it. */
  state: "pending" | "refused";
  attempts: number;
  nextAttemptAt: number;
  message?: string;
  fieldErrors?: Record<string, string[]>;
};

export type SnapshotMeta = Omit<Snapshot, "households">;

interface FieldSchema extends DBSchema {
  meta: { key: string; value: SnapshotMeta };
  households: { key: number; value: SnapshotHousehold };
  outbox: { key: string; value: OutboxItem; indexes: { byUser: [number, number] } };
}

const DB_NAME = "nuanxin-field";
const DB_VERSION = 1;
const SNAPSHOT_KEY = "snapshot";
const CHANNEL = "nuanxin-field";

let opening: Promise<IDBPDatabase<FieldSchema>> | null = null;

function fieldDb(): Promise<IDBPDatabase<FieldSchema>> {
  opening ??= openDB<FieldSchema>(DB_NAME, DB_VERSION, {
    upgrade(db) {
      db.createObjectStore("meta");
      db.createObjectStore("households", { keyPath: "id" });
      db.createObjectStore("outbox", { keyPath: "key" }).createIndex("byUser", ["userId", "createdAt"]);
    },
    blocking() {
      // Another tab wants a newer version: let it have the database.
      void opening?.then((db) => db.close());
      opening = null;
    },
  });
  return opening;
}

/** Tell this tab's and other tabs' views that the stored data changed. */
function changed() {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage("changed");
  channel.close();
  window.dispatchEvent(new Event(CHANNEL));
}

/** Call `listener` whenever the stored data changes, in this tab or another; returns the unsubscribe. */
export function onStoreChange(listener: () => void): () => void {
  const channel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(CHANNEL);
  channel?.addEventListener("message", listener);
  window.addEventListener(CHANNEL, listener);
  return () => {
    channel?.close();
    window.removeEventListener(CHANNEL, listener);
  };
}

/** Replace what the phone keeps with a fresh snapshot, in one transaction (never half of each). */
export async function saveSnapshot(snapshot: Snapshot): Promise<void> {
  const db = await fieldDb();
  const tx = db.transaction(["meta", "households"], "readwrite");
  const { households, ...meta } = snapshot;
  const store = tx.objectStore("households");
  await store.clear();
  for (const h of households) void store.put(h);
  void tx.objectStore("meta").put(meta, SNAPSHOT_KEY);
  await tx.done;
  changed();
}

export async function snapshotMeta(): Promise<SnapshotMeta | null> {
  return (await (await fieldDb()).get("meta", SNAPSHOT_KEY)) ?? null;
}

export async function storedHouseholds(): Promise<SnapshotHousehold[]> {
  return (await fieldDb()).getAll("households");
}

export async function storedHousehold(id: number): Promise<SnapshotHousehold | null> {
  return (await (await fieldDb()).get("households", id)) ?? null;
}

/** Sign-in and sign-out: the families go, the queue stays (each item stays its logger's). */
export async function clearDeviceData(): Promise<void> {
  if (typeof indexedDB === "undefined") return;
  const db = await fieldDb();
  const tx = db.transaction(["meta", "households"], "readwrite");
  await Promise.all([tx.objectStore("meta").clear(), tx.objectStore("households").clear(), tx.done]);
  changed();
}

export async function enqueue(item: OutboxItem): Promise<void> {
  await (await fieldDb()).put("outbox", item);
  changed();
}

/** One user's queue, oldest first. */
export async function outboxOf(userId: number): Promise<OutboxItem[]> {
  const range = IDBKeyRange.bound([userId, -Infinity], [userId, Infinity]);
  return (await fieldDb()).getAllFromIndex("outbox", "byUser", range);
}

export async function outboxItem(key: string): Promise<OutboxItem | null> {
  return (await (await fieldDb()).get("outbox", key)) ?? null;
}

/** Apply the server's answers: acknowledged items leave, the others are updated, in one transaction. */
export async function settle(acknowledged: string[], updated: OutboxItem[]): Promise<void> {
  const db = await fieldDb();
  const tx = db.transaction("outbox", "readwrite");
  for (const key of acknowledged) void tx.store.delete(key);
  for (const item of updated) void tx.store.put(item);
  await tx.done;
  changed();
}

/** How many visits the phone's current user still has to send (0 when nobody's data is on it). */
export async function pendingOnDevice(): Promise<number> {
  if (typeof indexedDB === "undefined") return 0;
  const meta = await snapshotMeta();
  return meta ? (await outboxOf(meta.user.id)).length : 0;
}
