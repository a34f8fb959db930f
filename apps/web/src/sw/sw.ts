import { cacheNames } from 'workbox-core';
import {
  cleanupOutdatedCaches,
  getCacheKeyForURL,
  matchPrecache,
  precache,
  type PrecacheEntry,
} from 'workbox-precaching';
import { listenForPushes } from './push-events';

declare let self: ServiceWorkerGlobalScope;

/**
 * The app's service worker: the app shell (index.html, the scripts, styles and icons of this
 * build) is precached by Workbox, so the app opens without a network; pushes become
 * notifications (push-events.ts). The build (vite-plugin-pwa, injectManifest) writes the list of
 * the build's files in place of `self.__WB_MANIFEST`, with a revision for files without a hash.
 */
const APP_SHELL: Array<PrecacheEntry | string> = self.__WB_MANIFEST;

/** Pages of the server, not of the app: never answered with the app shell. */
const NOT_THE_APP = /^\/(api|docs|docs-json|socket\.io|health|metrics)(\/|$)/;

precache(APP_SHELL);
cleanupOutdatedCaches();
listenForPushes();

/**
 * Every address of the app is `/` (a chat is a hash, `#/chat/<id>`), so any navigation that is
 * not the server's own pages gets the precached index.html: the same build as the scripts it
 * names, online or not. Precached files are answered from the cache; anything else (the API,
 * avatars and pictures) goes to the network as if there were no service worker.
 */
self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const shell = request.mode === 'navigate' && !NOT_THE_APP.test(url.pathname);
  const key = shell ? getCacheKeyForURL('/index.html') : getCacheKeyForURL(url.href);
  if (!key) return;
  event.respondWith(
    matchPrecache(shell ? '/index.html' : url.href).then((cached) => cached ?? fetch(request)),
  );
});

/**
 * A new version waits until the person chooses "Reload" (workbox-window posts SKIP_WAITING):
 * taking over on its own would mix the old page with the new files. Once it is active it takes
 * the open pages at once; the page that asked reloads, the others offer to.
 */
self.addEventListener('activate', (event) =>
  event.waitUntil(Promise.all([self.clients.claim(), refillAppShell().catch(() => undefined)])),
);

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const type = (event.data as { type?: unknown } | null)?.type;
  if (type === 'SKIP_WAITING') void self.skipWaiting();
  // Sign-out empties every cache, so that nothing of the person stays behind; the app shell is
  // the same for everyone and is what opens the sign-in screen offline, so it is fetched again.
  if (type === 'REFILL_APP_SHELL') event.waitUntil(refillAppShell());
});

/**
 * Puts back any file of the app shell missing from the precache: after a sign-out emptied the
 * caches, and on activation (a sign-out while this worker was installing could have emptied
 * them under it). What is there already is not fetched again.
 */
async function refillAppShell(): Promise<void> {
  const cache = await caches.open(cacheNames.precache);
  await Promise.all(
    APP_SHELL.map(async (entry) => {
      const url = new URL(typeof entry === 'string' ? entry : entry.url, self.location.href).href;
      const key = getCacheKeyForURL(url) ?? url;
      if (await cache.match(key)) return;
      const response = await fetch(url, { cache: 'no-cache' });
      if (response.ok) await cache.put(key, response);
    }),
  );
}
