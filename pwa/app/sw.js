// The technician app's service worker: precache the shell under a content-hashed name,
// serve navigations from it, API GETs network-first. The server fills in BUILD and SHELL.
const BUILD = "__BUILD__";
const SHELL = __SHELL__;
const CACHE = `techapp-shell-${BUILD}`;
const DATA = "techapp-data";

self.addEventListener("install", (event) => {
  // Wait for the whole shell; a fresh copy, never the HTTP cache's.
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: "reload" })))),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("techapp-shell-") && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

// The page asks for this when the user accepts "new version — reload".
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "skip-waiting") self.skipWaiting();
});

async function shellFirst(request) {
  const cached = await caches.match(request, { cacheName: CACHE });
  return cached || fetch(request);
}

async function navigation(request) {
  const cached = await caches.match("/app/", { cacheName: CACHE });
  if (cached) return cached;
  return fetch(request);
}

async function apiNetworkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(DATA);
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await caches.match(request, { cacheName: DATA });
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname === "/app/sw.js" || url.pathname === "/app/version") return;
  if (request.mode === "navigate" && url.pathname.startsWith("/app/")) {
    event.respondWith(navigation(request));
  } else if (url.pathname.startsWith("/api/v1/sync/")) {
    return; // sync answers live in IndexedDB, never in a cache
  } else if (url.pathname.startsWith("/api/")) {
    event.respondWith(apiNetworkFirst(request));
  } else if (SHELL.includes(url.pathname)) {
    event.respondWith(shellFirst(request));
  }
});
