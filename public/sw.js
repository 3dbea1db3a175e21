/*
 * 暖心's service worker (issue 13, docs/decisions/021-offline-visits.md). Hand-written and small
 * on purpose: it keeps the *shell* of the offline visit app — the /field page, the scripts and
 * styles it loads, the manifest, icons and an offline page — and nothing else. Families' data
 * never passes through here: the app keeps it in IndexedDB, fetched from /api/sync/v1/snapshot,
 * so clearing it on sign-out is one place, and no cache here holds anything personal.
 *
 * - /field (any query): the cached shell at once, refreshed in the background when online
 *   (stale-while-revalidate), so it opens instantly in a village with a weak signal.
 * - /_next/static/*: cache first (the names carry a content hash, so a cached file is never stale).
 * - other pages: the network; with none, the offline page pointing at /field.
 * - /api/* and every non-GET: never touched (the sync POST goes straight to the server).
 */
const CACHE = "nuanxin-shell-v1";
const SHELL = "/field";
const OFFLINE = "/offline.html";
const PRECACHE = [OFFLINE, "/manifest.webmanifest", "/icons/icon-192.png", "/icons/icon-512.png", "/favicon.ico"];

/** Fetch the shell, cache the static files it names, then the shell itself (never a half shell). */
async function refreshShell() {
  const cache = await caches.open(CACHE);
  const response = await fetch(SHELL, { credentials: "same-origin", cache: "no-store", redirect: "manual" });
  if (!response.ok || response.type !== "basic") throw new Error(`shell answered ${response.status}`);
  const html = await response.clone().text();
  const assets = [...new Set(html.match(/\/_next\/static\/[^"'\s\\)<>]+/g) || [])];
  for (const url of assets) {
    if (!(await cache.match(url))) await cache.add(url);
  }
  const previous = await cache.match(SHELL);
  await cache.put(SHELL, response);
  // A new build names other files: drop the previous build's ones the new shell does not name.
  if (previous) {
    const before = new Set(((await previous.text()).match(/\/_next\/static\/[^"'\s\\)<>]+/g) || []));
    const now = new Set(assets);
    if ([...before].some((u) => !now.has(u))) {
      for (const request of await cache.keys()) {
        const path = new URL(request.url).pathname;
        if (path.startsWith("/_next/static/") && !now.has(path)) await cache.delete(request);
      }
    }
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(PRECACHE);
    // The shell may be unreachable at this moment (a flaky connection): the next visit to /field caches it.
    await refreshShell().catch(() => undefined);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith("nuanxin-") && name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

async function shell(event) {
  const cached = await caches.match(SHELL);
  const fresh = refreshShell();
  if (cached) {
    event.waitUntil(fresh.catch(() => undefined));
    return cached;
  }
  try {
    await fresh;
    const stored = await caches.match(SHELL);
    if (stored) return stored;
  } catch {
    // fall through to the network answer or the offline page
  }
  return fetch(event.request).catch(async () => (await caches.match(OFFLINE)) || Response.error());
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (url.pathname.startsWith("/_next/static/")) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate" && url.pathname === SHELL) {
    event.respondWith(shell(event));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(async () => (await caches.match(OFFLINE)) || Response.error()));
  } else if (PRECACHE.includes(url.pathname)) {
    event.respondWith(caches.match(request).then((cached) => cached || fetch(request)));
  }
});

self.addEventListener("message", (event) => {
  if (event.data === "refresh-shell") event.waitUntil(refreshShell().catch(() => undefined));
});
