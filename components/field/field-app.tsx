"use client";
/**
 * The offline visit app (issue 13, decision 021): roster, household summary, visit form and the
 * outbox, rendered entirely from what the phone keeps in IndexedDB (lib/field/store.ts), so it
 * opens with no network — the service worker (public/sw.js) serves this page's shell from its
 * cache. Online it refreshes the snapshot and sends the outbox (lib/field/sync.ts): when it
 * opens, when the connection returns, on the 同步 button, and after a failure with backoff.
 *
 * Views are chosen by the query string (`?h=12`, `?h=12&visit=new`, `?outbox=1`, `?edit=<key>`)
 * and switched with history.pushState, never the Next router: a route change must not need the server.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { format, formatDateTime, t } from "@/lib/i18n";
import type { Snapshot, SnapshotHousehold } from "@/lib/visits/offline";
import {
  clearDeviceData, onStoreChange, outboxOf, saveSnapshot, snapshotMeta, storedHouseholds,
  type OutboxItem, type SnapshotMeta,
} from "@/lib/field/store";
import { REACHABILITY_EVENT, reportReachable, syncOutbox, type SyncOutcome } from "@/lib/field/sync";
import { FieldHousehold, FieldOutbox, FieldRoster, FieldVisit, Notice, type Navigate } from "./field-views";

type Session = "unknown" | "ok" | "signedOut" | "noAccess";

/** Days after which the kept data is called old. */
const STALE_DAYS = 3;
const REFRESH_EVERY_MS = 15 * 60_000;

/**
 * Online as the caseworker means it: the phone has a network (`device`) and our server answered
 * the last request made over it. Retries go by `device` alone: they are how we find out.
 */
function useOnline(): { online: boolean; device: boolean } {
  const [device, setDevice] = useState(true);
  const [reachable, setReachable] = useState(true);
  useEffect(() => {
    const update = () => setDevice(navigator.onLine);
    const back = () => {
      setReachable(true);
      update();
    };
    const answered = (event: Event) => setReachable((event as CustomEvent<boolean>).detail);
    update();
    window.addEventListener("online", back);
    window.addEventListener("offline", update);
    window.addEventListener(REACHABILITY_EVENT, answered);
    return () => {
      window.removeEventListener("online", back);
      window.removeEventListener("offline", update);
      window.removeEventListener(REACHABILITY_EVENT, answered);
    };
  }, []);
  return { online: device && reachable, device };
}

function useSearch(): [URLSearchParams | null, Navigate] {
  const [search, setSearch] = useState<URLSearchParams | null>(null);
  useEffect(() => {
    const update = () => setSearch(new URLSearchParams(window.location.search));
    update();
    window.addEventListener("popstate", update);
    return () => window.removeEventListener("popstate", update);
  }, []);
  const navigate = useCallback<Navigate>((href) => {
    window.history.pushState(null, "", href);
    setSearch(new URLSearchParams(window.location.search));
    window.scrollTo(0, 0);
  }, []);
  return [search, navigate];
}

export function FieldApp() {
  const { online, device } = useOnline();
  const [search, navigate] = useSearch();
  const [meta, setMeta] = useState<SnapshotMeta | null>(null);
  const [households, setHouseholds] = useState<SnapshotHousehold[]>([]);
  const [outbox, setOutbox] = useState<OutboxItem[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [session, setSession] = useState<Session>("unknown");
  const [busy, setBusy] = useState<null | "syncing" | "refreshing">(null);
  const [outcome, setOutcome] = useState<SyncOutcome | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const metaRef = useRef<SnapshotMeta | null>(null);
  useEffect(() => {
    metaRef.current = meta;
  }, [meta]);

  const load = useCallback(async () => {
    const m = await snapshotMeta();
    const [hs, items] = await Promise.all([storedHouseholds(), m ? outboxOf(m.user.id) : Promise.resolve([])]);
    setMeta(m);
    setStale(m !== null && Date.now() - new Date(m.generatedAt).getTime() > STALE_DAYS * 86_400_000);
    setHouseholds(hs);
    setOutbox(items);
    setLoaded(true);
  }, []);

  useEffect(() => {
    // load() sets state only after awaiting IndexedDB, never synchronously in the effect.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
    return onStoreChange(() => void load());
  }, [load]);

  /** Fetch what the phone keeps; learns who is signed in. */
  const refresh = useCallback(async (): Promise<Snapshot | null> => {
    setBusy("refreshing");
    try {
      let response: Response;
      try {
        response = await fetch("/api/sync/v1/snapshot", { credentials: "same-origin", cache: "no-store" });
      } catch (error) {
        reportReachable(false);
        throw error;
      }
      reportReachable(true);
      if (response.status === 401) {
        setSession("signedOut");
        return null;
      }
      if (response.status === 403) {
        setSession("noAccess");
        return null;
      }
      if (!response.ok) return null;
      const snapshot = (await response.json()) as Snapshot;
      // Somebody else signed in on this phone: the previous user's families go first.
      if (metaRef.current && metaRef.current.user.id !== snapshot.user.id) await clearDeviceData();
      await saveSnapshot(snapshot);
      setSession("ok");
      return snapshot;
    } catch {
      return null;
    } finally {
      setBusy(null);
    }
  }, []);

  const sync = useCallback(async (userId: number, force: boolean) => {
    setBusy("syncing");
    try {
      const result = await syncOutbox(userId, { force, messages: { offline: t.field.offlineError, server: t.field.serverError } });
      if (result.signedOut) setSession("signedOut");
      setOutcome(result);
      return result;
    } finally {
      setBusy(null);
    }
  }, []);

  /** Opening, the connection back, the 同步 button: send the queue, then take a fresh snapshot. */
  const syncAndRefresh = useCallback(async (force: boolean) => {
    if (!navigator.onLine) return;
    const known = metaRef.current;
    if (known) {
      const result = await sync(known.user.id, force);
      if (result.signedOut) return;
    }
    const snapshot = await refresh();
    // A phone whose data had been cleared (a new sign-in) learns its user only now.
    if (snapshot && (!known || known.user.id !== snapshot.user.id)) {
      const result = await sync(snapshot.user.id, force);
      if (result.sent > 0) await refresh();
    } else if (snapshot === null) {
      return;
    }
  }, [refresh, sync]);

  const started = useRef(false);
  useEffect(() => {
    if (!loaded || started.current) return;
    started.current = true;
    void syncAndRefresh(false);
  }, [loaded, syncAndRefresh]);

  // The connection back, the app brought to the front again, and every 15 minutes while open:
  // the queue goes and the snapshot is refreshed (at most once a minute for the last two).
  useEffect(() => {
    let last = Date.now();
    // The connection back: everything waiting goes now, whatever its backoff said.
    const back = () => void syncAndRefresh(true);
    const again = () => {
      if (document.visibilityState !== "visible" || Date.now() - last < 60_000) return;
      last = Date.now();
      void syncAndRefresh(false);
    };
    const timer = window.setInterval(again, REFRESH_EVERY_MS);
    window.addEventListener("online", back);
    document.addEventListener("visibilitychange", again);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener("online", back);
      document.removeEventListener("visibilitychange", again);
    };
  }, [syncAndRefresh]);

  // Backoff: when the last attempt left items waiting, try again when the earliest is due.
  useEffect(() => {
    if (!outcome?.nextAttemptAt || !meta || !device || session === "signedOut") return;
    const userId = meta.user.id;
    const timer = window.setTimeout(() => void sync(userId, false), Math.max(1000, outcome.nextAttemptAt - Date.now()));
    return () => window.clearTimeout(timer);
  }, [outcome, meta, device, session, sync]);

  const afterSave = useCallback(async (message: string, householdId: number) => {
    setFlash(message);
    navigate(`/field?h=${householdId}`);
    if (navigator.onLine && metaRef.current) {
      const result = await sync(metaRef.current.user.id, true);
      if (result.sent > 0) await refresh();
    }
  }, [navigate, refresh, sync]);

  useEffect(() => {
    if (!flash) return;
    const timer = window.setTimeout(() => setFlash(null), 8000);
    return () => window.clearTimeout(timer);
  }, [flash]);

  const queuedHouseholds = useMemo(() => new Set(outbox.map((i) => i.householdId)), [outbox]);
  const pending = outbox.filter((i) => i.state === "pending").length;
  const refused = outbox.filter((i) => i.state === "refused").length;

  if (!loaded || search === null) {
    return <p className="p-6 text-center text-stone-600">{t.field.opening}</p>;
  }

  const view = (() => {
    if (!meta) {
      if (session === "noAccess") return <Notice>{t.field.noAccess}</Notice>;
      return (
        <Notice>
          <p>{t.field.signInFirst}</p>
          {online ? <a href="/login?callbackUrl=%2Ffield" className="btn-primary mt-3 inline-flex">{t.field.signIn}</a> : null}
        </Notice>
      );
    }
    const edit = search.get("edit");
    if (edit) return <FieldVisit meta={meta} households={households} editKey={edit} navigate={navigate} onSaved={afterSave} />;
    if (search.get("outbox")) return <FieldOutbox items={outbox} navigate={navigate} />;
    const h = Number(search.get("h"));
    if (Number.isInteger(h) && h > 0) {
      const household = households.find((x) => x.id === h) ?? null;
      if (search.get("visit") === "new") return <FieldVisit meta={meta} households={households} household={household} navigate={navigate} onSaved={afterSave} />;
      return <FieldHousehold household={household} online={online} queued={outbox.filter((i) => i.householdId === h)} navigate={navigate} />;
    }
    return <FieldRoster meta={meta} households={households} queued={queuedHouseholds} navigate={navigate} />;
  })();

  return (
    <div className="min-h-screen pb-10">
      <header className="sticky top-0 z-10 border-b border-stone-200 bg-white/95">
        <div className="mx-auto flex max-w-3xl items-center gap-3 px-3 py-2">
          <a href="/field" onClick={(e) => { e.preventDefault(); navigate("/field"); }} className="flex items-center gap-2 font-bold text-brand-700">
            <span className="flex size-8 items-center justify-center rounded-lg bg-brand-600 text-white">暖</span>
            <span>{t.field.title}</span>
          </a>
          {meta ? <span className="truncate text-sm text-stone-600" data-testid="field-user">{meta.user.name}</span> : null}
          {online ? <a href="/visits" className="btn-link ml-auto text-sm whitespace-nowrap">{t.field.backOnline}</a> : null}
        </div>
        <div className="mx-auto flex max-w-3xl flex-wrap items-center gap-2 px-3 pb-2 text-sm" data-testid="sync-bar">
          <span
            className={`rounded-full px-2 py-0.5 text-xs font-semibold ${online ? "bg-green-100 text-green-800" : "bg-stone-800 text-white"}`}
            data-testid="network-state"
          >
            {online ? t.field.online : t.field.offline}
          </span>
          {meta ? (
            <>
              <a
                href="/field?outbox=1"
                onClick={(e) => { e.preventDefault(); navigate("/field?outbox=1"); }}
                className={pending ? "font-semibold text-amber-700" : "text-stone-600"}
                data-testid="pending-count"
              >
                {pending || refused ? format(t.field.pending, { count: pending }) : t.field.allSynced}
              </a>
              {refused ? (
                <a href="/field?outbox=1" onClick={(e) => { e.preventDefault(); navigate("/field?outbox=1"); }} className="font-semibold text-red-700" data-testid="refused-count">
                  {format(t.field.refused, { count: refused })}
                </a>
              ) : null}
              <button
                type="button"
                className="btn-secondary ml-auto min-h-9 px-3 py-1"
                disabled={!device || busy !== null}
                onClick={() => void syncAndRefresh(true)}
              >
                {busy === "syncing" ? t.field.syncing : busy === "refreshing" ? t.field.refreshing : t.field.syncNow}
              </button>
            </>
          ) : busy ? <span className="text-stone-600">{t.field.refreshing}</span> : null}
        </div>
        {meta ? (
          <p className="mx-auto max-w-3xl px-3 pb-2 text-xs text-stone-500" data-testid="snapshot-age">
            {format(t.field.updatedAt, { time: formatDateTime(new Date(meta.generatedAt)) })}
            {stale ? ` · ${format(t.field.stale, { days: STALE_DAYS })}` : ""}
          </p>
        ) : null}
      </header>

      <main id="main" className="mx-auto max-w-3xl space-y-3 px-3 pt-3">
        {session === "signedOut" && meta ? (
          <div role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="signed-out">
            {t.field.signedOut}{" "}
            {online ? <a className="font-semibold underline" href="/login?callbackUrl=%2Ffield">{t.field.signIn}</a> : null}
          </div>
        ) : null}
        {outcome && (outcome.sent > 0 || outcome.error) ? (
          <div role="status" className={`rounded-md px-3 py-2 text-sm ${outcome.error ? "bg-amber-50 text-amber-900" : "bg-green-50 text-green-800"}`} data-testid="sync-outcome">
            {outcome.sent > 0 ? format(t.field.synced, { count: outcome.sent }) : null}
            {outcome.leftArea > 0 ? ` ${format(t.field.syncedLeftArea, { count: outcome.leftArea })}` : null}
            {outcome.error && !outcome.signedOut ? ` ${outcome.error}` : null}
            {outcome.nextAttemptAt && !outcome.signedOut ? ` ${format(t.field.nextAttempt, { time: formatDateTime(new Date(outcome.nextAttemptAt)) })}` : null}
          </div>
        ) : null}
        {flash ? <div role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" data-testid="flash">{flash}</div> : null}
        {view}
      </main>
    </div>
  );
}

