import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PushPayload } from '@app/contracts';
import { LocalPushService } from '@app/testing';
import type { AppProcess } from './app-process';
import {
  ConnectionSwitch,
  chatRow,
  closeAppInBrowser,
  conversationOf,
  deliverPush,
  eventually,
  launchChromiumWithProfile,
  messageMenu,
  messageWith,
  notificationsOf,
  openAppInBrowser,
  reportErrors,
  screenshot,
  sendText,
  serviceWorkerReady,
  stubPushManager,
  twoPeopleChatting,
  type Person,
} from './browser';

const PORT = 41_000 + (process.pid % 1000);

/** The names of this origin's IndexedDB databases that the app made (all start with chat-offline). */
const ourDatabases = (page: Page) =>
  page.evaluate(async () =>
    (await indexedDB.databases())
      .map((db) => db.name ?? '')
      .filter((name) => name.startsWith('chat-offline'))
      .sort(),
  );

/** The outbox as the page keeps it in IndexedDB: the texts waiting to be sent. */
const keptOutbox = (page: Page, userId: string) =>
  page.evaluate(async (id) => {
    const open = indexedDB.open(`chat-offline-user-${id}`);
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(new Error(String(open.error)));
    });
    const read = db.transaction('outbox').objectStore('outbox').getAll();
    const all = await new Promise<Array<{ text: string }>>((resolve) => {
      read.onsuccess = () => resolve(read.result as Array<{ text: string }>);
    });
    db.close();
    return all.map((m) => m.text).sort();
  }, userId);

/**
 * Beyond the open tab, in Chromium against the built app: installable, opens offline with what
 * it kept, keeps what is written offline over a closed tab and sends it once, forgets everything
 * on sign-out, offers a new version, and turns pushes into notifications.
 */
describe('The installable, offline-capable app, in the browser', () => {
  let app: AppProcess;
  let browser: Browser;
  let ada: Person;
  let bob: Person;
  let adaId: string;
  let chatId: string;
  let adaSwitch: ConnectionSwitch;
  let push: LocalPushService;

  beforeAll(async () => {
    // The server pushes to the test's own push service (plain http on loopback), which it lets
    // in only when told so, in tests; the setting is put back for the suites after this one.
    push = await LocalPushService.start();
    const before = process.env.PUSH_TEST_ORIGINS;
    process.env.PUSH_TEST_ORIGINS = push.origin;
    try {
      ({ app, browser } = await openAppInBrowser(PORT));
    } finally {
      if (before === undefined) delete process.env.PUSH_TEST_ORIGINS;
      else process.env.PUSH_TEST_ORIGINS = before;
    }
  });

  afterAll(async () => {
    await closeAppInBrowser(app, browser);
    await push?.close();
  });

  /** The server's VAPID public key, as the page fetches it. */
  const vapidKey = async () => {
    const res = await fetch(`${app.url}/api/v1/push/vapid-public-key`);
    return ((await res.json()) as { publicKey: string }).publicKey;
  };

  const bobsHistory = async () => {
    const res = await bob.page.request.get(`${app.url}/api/v1/chats/${chatId}/messages?limit=50`);
    const page = (await res.json()) as { items: Array<{ text: string | null }> };
    return page.items.map((m) => m.text ?? '');
  };

  it('serves the worker and the manifest fresh, and Chromium reports the app installable', async () => {
    const worker = await fetch(`${app.url}/sw.js`);
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-type')).toMatch(/javascript/);
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    const manifest = await fetch(`${app.url}/manifest.webmanifest`);
    expect(manifest.headers.get('cache-control')).toBe('no-cache');
    expect(await manifest.json()).toMatchObject({ display: 'standalone', start_url: '/' });

    const profile = mkdtempSync(join(tmpdir(), 'chat-profile-'));
    const context = await launchChromiumWithProfile(profile);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(app.url);
      await page.getByLabel('E-mail').waitFor();
      await serviceWorkerReady(page);
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      expect(installabilityErrors).toEqual([]);
      const { url, errors } = await cdp.send('Page.getAppManifest');
      expect([url, errors]).toEqual([`${app.url}/manifest.webmanifest`, []]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it('opens offline after a reload, with the chat list and the open chat it kept, marked offline', async () => {
    ({ ada, bob } = await twoPeopleChatting(browser, app, 'Lunch at one?', {
      ada: async (context: BrowserContext) => {
        adaSwitch = await ConnectionSwitch.install(context);
      },
    }));
    await sendText(bob.page, 'Sure, see you there');
    await messageWith(ada.page, 'Sure, see you there').waitFor();
    await serviceWorkerReady(ada.page);
    adaId = await ada.page.evaluate(async () => {
      const res = await fetch('/api/v1/users/me');
      return ((await res.json()) as { id: string }).id;
    });
    chatId = /#\/chat\/([0-9a-f-]{36})/.exec(ada.page.url())![1];
    // What the page shows is written to IndexedDB once it settles (under a second).
    await ada.page.waitForTimeout(1500);

    await adaSwitch.goOffline(ada.page);
    await ada.page.reload();
    await ada.page.getByText('Offline — showing saved messages').waitFor();
    await chatRow(ada.page, 'bob').waitFor();
    await messageWith(ada.page, 'Sure, see you there').waitFor();
    expect(await conversationOf(ada.page).getByTestId('message').count()).toBe(2);
    await screenshot(ada.page, 'offline-01-opened-offline');
  });

  it('keeps three messages written offline over a closed page, and sends each once back online', async () => {
    // A change to a sent message cannot wait in the outbox: it is refused, in words.
    await messageMenu(ada.page, 'Lunch at one?');
    await ada.page.getByRole('menuitem', { name: 'Edit' }).click();
    const edit = ada.page.getByLabel('Edit message');
    await edit.fill('Lunch at two?');
    await edit.press('Enter');
    await ada.page
      .getByRole('alert')
      .getByText(/You are offline\. Edits, reactions/)
      .waitFor();
    await edit.press('Escape');

    const texts = ['First, offline', 'Second, offline', 'Third, offline'];
    for (const text of texts) await sendText(ada.page, text);
    const waiting = ada.page.getByTestId('pending-message');
    await waiting.filter({ hasText: 'Third, offline' }).waitFor();
    expect(await waiting.filter({ hasText: 'Sending…' }).count()).toBe(3);
    for (let waited = 0; (await keptOutbox(ada.page, adaId)).length < 3; waited += 100) {
      if (waited > 5000) throw new Error('the outbox was not kept in IndexedDB');
      await ada.page.waitForTimeout(100);
    }
    await screenshot(ada.page, 'offline-02-written-offline');
    expect(await bobsHistory()).not.toContain('First, offline');

    await ada.page.close();
    await ada.context.setOffline(false);
    ada.page = await ada.context.newPage();
    reportErrors(ada.page, ada.email);
    await ada.page.goto(`${app.url}/#/chat/${chatId}`);
    for (const text of texts) await messageWith(bob.page, text).waitFor();
    await messageWith(ada.page, 'Third, offline').waitFor();
    await ada.page.getByTestId('pending-message').first().waitFor({ state: 'detached' });
    expect(await keptOutbox(ada.page, adaId)).toEqual([]);
    // Each once: in the history and on Bob's screen, even after a reload of Ada's page.
    await ada.page.reload();
    await messageWith(ada.page, 'Third, offline').waitFor();
    await bob.page.waitForTimeout(500);
    const history = await bobsHistory();
    expect(texts.map((text) => history.filter((t) => t === text).length)).toEqual([1, 1, 1]);
    const shown = await conversationOf(bob.page).getByTestId('message').allTextContents();
    expect(texts.map((text) => shown.filter((t) => t.includes(text)).length)).toEqual([1, 1, 1]);
  });

  it('turns push on for the device, and a push becomes a notification the worker shows and takes down', async () => {
    // Chromium here has no push service: subscribing fails in an incognito context at once.
    const refused = await bob.page.evaluate(
      async (key) => {
        const registration = await navigator.serviceWorker.ready;
        const bytes = Uint8Array.from(atob(key.replace(/-/g, '+').replace(/_/g, '/')), (c) =>
          c.charCodeAt(0),
        );
        return registration.pushManager
          .subscribe({ userVisibleOnly: true, applicationServerKey: bytes })
          .then(
            () => 'subscribed',
            (error: Error) => `${error.name}: ${error.message}`,
          );
      },
      await vapidKey(),
    );
    expect(refused).toMatch(/NotAllowedError|AbortError/);

    const subscription = push.createSubscription({ applicationServerKey: await vapidKey() });
    await stubPushManager(ada.context, subscription);
    await ada.context.grantPermissions(['notifications'], { origin: app.url });
    await ada.page.reload();
    await chatRow(ada.page, 'bob').waitFor();
    await ada.page.getByRole('button', { name: /, your profile$/ }).click();
    const settings = ada.page.getByRole('region', { name: 'Notifications' });
    const onHere = settings.getByRole('switch', { name: 'Notifications on this device' });
    // Allowed already: the subscription was registered on signing in (the page load).
    await eventually(() => onHere.getAttribute('aria-checked'), 'true');
    await settings.getByTestId('push-device').getByText('This device').waitFor();
    const showText = settings.getByRole('switch', { name: 'Show message text in notifications' });
    await showText.click();
    await eventually(() => showText.getAttribute('aria-checked'), 'false');
    await screenshot(ada.page, 'offline-03-notification-settings');
    await showText.click();
    await eventually(() => showText.getAttribute('aria-checked'), 'true');

    // No page of Ada's in front: Bob's message is pushed, decrypted by the push service, and
    // handed to Ada's worker as Chromium's push service would.
    await ada.page.close();
    await sendText(bob.page, 'Are you there?');
    const [received] = await push.waitFor(
      (p) => p.subscriptionId === subscription.id && (p.payload as PushPayload).type === 'message',
      15_000,
    );
    const payload = received.payload as PushPayload & { type: 'message' };
    expect(payload).toMatchObject({ chatId, title: 'bob', body: 'Are you there?' });
    await deliverPush(ada.context, app.url, payload);
    await eventually(
      () => notificationsOf(ada.context),
      [
        {
          title: 'bob',
          body: 'Are you there?',
          tag: payload.tag,
          data: { chatId, seq: payload.seq },
        },
      ],
    );

    // A click (dispatched in the worker: headless Chromium shows no notification to click)
    // brings the app's window forward on the chat.
    ada.page = await ada.context.newPage();
    reportErrors(ada.page, ada.email);
    await ada.page.goto(app.url);
    await chatRow(ada.page, 'bob').waitFor();
    const worker = ada.context.serviceWorkers().find((w) => w.url().endsWith('/sw.js'))!;
    await worker.evaluate(async () => {
      const scope = self as unknown as {
        registration: ServiceWorkerRegistration;
        dispatchEvent(event: Event): boolean;
      };
      const [notification] = await scope.registration.getNotifications();
      const NotificationEvent = (
        self as unknown as {
          NotificationEvent: new (type: string, init: { notification: Notification }) => Event;
        }
      ).NotificationEvent;
      scope.dispatchEvent(new NotificationEvent('notificationclick', { notification }));
    });
    await ada.page.waitForURL(new RegExp(`#/chat/${chatId}$`));
    await messageWith(ada.page, 'Are you there?').waitFor();

    // Read (or deleted) elsewhere: the server's retract takes the notification down.
    await deliverPush(ada.context, app.url, {
      type: 'message',
      chatId,
      seq: payload.seq,
      title: 'bob',
      body: 'again',
      count: 1,
      tag: payload.tag,
      mention: false,
      unreadTotal: 1,
    });
    await deliverPush(ada.context, app.url, {
      type: 'retract',
      chatId,
      tag: payload.tag,
      unreadTotal: 0,
    });
    await eventually(() => notificationsOf(ada.context), []);
  });

  it('offers a new version with "Reload", and takes it only on that click', async () => {
    const page = bob.page;
    await page.setViewportSize({ width: 412, height: 780 });
    await screenshot(page, 'offline-00-standalone-window');
    // A newer build, as a deploy would leave it: the same worker and one comment more. (Routes do
    // not reach the browser's own update check of a worker, so the built file itself changes, for
    // these few seconds, and is put back.)
    const built = join(__dirname, '..', '..', 'apps', 'web', 'dist', 'sw.js');
    const original = readFileSync(built);
    const newer = Buffer.concat([original, Buffer.from('\n// a newer build\n')]);
    // With the build's compressed copies, if it wrote any: the server prefers those.
    const copies = [
      { file: built, encode: (bytes: Buffer) => bytes },
      { file: `${built}.br`, encode: (bytes: Buffer) => brotliCompressSync(bytes) },
      { file: `${built}.gz`, encode: (bytes: Buffer) => gzipSync(bytes) },
    ]
      .filter((copy) => existsSync(copy.file))
      .map((copy) => ({
        file: copy.file,
        original: readFileSync(copy.file),
        newer: copy.encode(newer),
      }));
    try {
      for (const copy of copies) writeFileSync(copy.file, copy.newer);
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
      const prompt = page.getByTestId('update-prompt');
      await prompt.getByText('A new version is available.').waitFor();
      // Installed and waiting, not taken: the page runs under the old worker until the click.
      const states = () =>
        page.evaluate(async () => {
          const registration = await navigator.serviceWorker.getRegistration();
          return [registration?.waiting?.state ?? null, registration?.active?.state ?? null];
        });
      expect(await states()).toEqual(['installed', 'activated']);
      await screenshot(page, 'offline-04-update-prompt');
      await Promise.all([
        page.waitForEvent('load'),
        prompt.getByRole('button', { name: 'Reload' }).click(),
      ]);
      await messageWith(page, 'Are you there?').waitFor();
      expect(await states()).toEqual([null, 'activated']);
      expect(await prompt.count()).toBe(0);
    } finally {
      for (const copy of copies) writeFileSync(copy.file, copy.original);
      await page.setViewportSize({ width: 1200, height: 800 });
    }
  });

  it('signs out: IndexedDB, the caches and the push subscription are gone', async () => {
    await ada.page.evaluate(async () => {
      const cache = await caches.open('chat-runtime-check');
      await cache.put('/marker', new Response('kept until sign-out'));
    });
    expect(await ourDatabases(ada.page)).toEqual(
      [`chat-offline-push`, `chat-offline-session`, `chat-offline-user-${adaId}`].sort(),
    );
    await ada.page.getByRole('button', { name: /, your profile$/ }).click();
    await ada.page.getByRole('button', { name: 'Sign out' }).click();
    await ada.page.getByLabel('E-mail').waitFor();
    await eventually(() => ourDatabases(ada.page), []);
    const after = await ada.page.evaluate(async () => ({
      caches: await caches.keys(),
      subscription: await (await navigator.serviceWorker.ready).pushManager.getSubscription(),
    }));
    // Every cache was emptied; the worker fetched the app shell (public, the same for everyone)
    // again, so the sign-in screen still opens offline.
    expect(after.caches.filter((name) => !name.startsWith('workbox-precache'))).toEqual([]);
    expect(after.subscription).toBeNull();
  });
});
