import { Workbox } from 'workbox-window';

/** How often an open app asks whether a new version is out, besides each page load. */
const CHECK_EVERY_MS = 60 * 60 * 1000;

let workbox: Workbox | null = null;
let waiting = false;
let reloadAsked = false;
const listeners = new Set<() => void>();

function setWaiting(value: boolean): void {
  waiting = value;
  listeners.forEach((listener) => listener());
}

/**
 * Registers the service worker (src/sw/sw.ts, built to /sw.js): it precaches this version of the
 * app and shows pushes. A newer version installs in the background and then waits; the page says
 * so ("A new version is available — Reload") and the new version takes over only on that click,
 * so a page never runs half old and half new. Development (Vite's server) has no worker.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const wb = new Workbox('/sw.js');
  workbox = wb;
  wb.addEventListener('waiting', () => setWaiting(true));
  // A new worker took this page. This page asked for it: reload into the new version. Another
  // tab did: this page still runs the old code under the new worker, so it offers the reload
  // too. The very first worker taking the page (nothing ran before it) changes nothing.
  let hadController = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloadAsked) window.location.reload();
    else if (hadController) setWaiting(true);
    hadController = true;
  });
  void wb.register().catch(() => undefined);
  const check = () => void wb.update().catch(() => undefined);
  setInterval(check, CHECK_EVERY_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
}

export function subscribeToUpdates(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A new version is installed and waits for the person's "Reload". */
export function isUpdateWaiting(): boolean {
  return waiting;
}

/** The person chose "Reload": the waiting version takes over, then the page reloads into it. */
export async function applyUpdate(): Promise<void> {
  reloadAsked = true;
  const registration = await navigator.serviceWorker.getRegistration();
  if (registration?.waiting) workbox?.messageSkipWaiting();
  else window.location.reload(); // already active (another tab took it): only the page is old
}
