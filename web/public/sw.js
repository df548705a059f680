/*
 * The app shell's service worker: the shell (the page, its hashed scripts and styles,
 * fonts, icons) is cached so the app opens without a network and installs on a phone.
 * API calls and sign-in are never cached: they always go to the network.
 */
const CACHE = "tanfeeth-shell-v1";
const SHELL = ["/app/", "/app/manifest.webmanifest", "/app/icons/icon.svg", "/app/icons/icon-192.png", "/app/icons/icon-512.png"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

async function networkFirst(request, fallbackUrl) {
  try {
    const response = await fetch(request);
    if (response.ok) (await caches.open(CACHE)).put(fallbackUrl ?? request, response.clone());
    return response;
  } catch (error) {
    const cached = await caches.match(fallbackUrl ?? request);
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith("/app/")) return;
  if (url.pathname === "/app/config.json") return;
  // Hashed build files never change under the same name.
  if (url.pathname.startsWith("/app/assets/")) {
    event.respondWith(cacheFirst(request));
    return;
  }
  // Every page of the app is the same shell: the freshest one, else the one kept.
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, "/app/"));
    return;
  }
  event.respondWith(networkFirst(request));
});
