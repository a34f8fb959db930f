import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { PushPayload } from '@app/contracts';
import { waitForOtpCode, type LocalPushSubscription } from '@app/testing';
import { AppProcess } from './app-process';

export const SCREENSHOTS = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

/**
 * The system Chromium (Debian's package), headless, with nothing reaching out to the internet. A
 * fake microphone (a beep) that needs no prompt, for recording voice messages.
 */
const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
  ],
};

export function launchChromium(): Promise<Browser> {
  return chromium.launch(CHROMIUM);
}

export interface Person {
  email: string;
  context: BrowserContext;
  page: Page;
}

/** A person in their own browser context (own cookies), signed in by e-mail code from the outbox. */
export async function signInByCode(
  browser: Browser,
  url: string,
  outboxDir: string,
  email: string,
  options: {
    viewport?: { width: number; height: number };
    screenshots?: boolean;
    /** Set up the context (init scripts, routes, permissions) before the app first loads. */
    prepare?: (context: BrowserContext) => Promise<void>;
    /** Enter the code as people paste it from an e-mail: "123 456". */
    codeWithSpace?: boolean;
  } = {},
): Promise<Person> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1200, height: 800 },
  });
  await options.prepare?.(context);
  const page = await context.newPage();
  reportErrors(page, email);
  await page.goto(url);
  await page.getByLabel('E-mail').fill(email);
  if (options.screenshots) await screenshot(page, '01-sign-in');
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await page.getByLabel('Code').waitFor();
  await page.getByRole('button', { name: /Resend in \d+s/ }).waitFor();
  const code = await waitForOtpCode(outboxDir, email, 1, 10_000);
  if (options.screenshots) await screenshot(page, '02-code');
  await page
    .getByLabel('Code')
    .fill(options.codeWithSpace ? `${code.slice(0, 3)} ${code.slice(3)}` : code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Chats' }).waitFor();
  return { email, context, page };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Every message text shown in the open conversation, in order. */
export function shownTexts(page: Page): Promise<string[]> {
  return page
    .getByTestId('message')
    .evaluateAll((nodes) =>
      nodes.map((node) => node.querySelector('p.whitespace-pre-wrap')?.textContent ?? ''),
    );
}

/** Errors in the page end up in the test output, with whose browser it was. */
export function reportErrors(page: Page, who: string): void {
  page.on('pageerror', (error) => console.error(`[${who}] page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`[${who}] console: ${message.text()}`);
  });
}

/** What each message of the open conversation shows, the same whoever looks at it. */
export function conversationState(page: Page) {
  return page
    .getByRole('log', { name: 'Messages' })
    .getByTestId('message')
    .evaluateAll((nodes) =>
      nodes.map((node) => ({
        seq: Number(node.getAttribute('data-seq')),
        deleted: node.getAttribute('data-deleted') === 'true',
        text: node.querySelector('p.whitespace-pre-wrap')?.textContent ?? null,
        edited: node.querySelector('[data-testid="edited"]') !== null,
        quote: node.querySelector('[data-testid="quote-text"]')?.textContent ?? null,
        reactions: [...node.querySelectorAll('[data-testid="reaction"]')].map(
          (chip) => chip.textContent,
        ),
      })),
    );
}

/** The open conversation's message list. */
export const conversationOf = (page: Page) => page.getByRole('log', { name: 'Messages' });

/** A message bubble in the open conversation, by some of its text. */
export const messageWith = (page: Page, text: string | RegExp) =>
  conversationOf(page)
    .getByTestId('message')
    .filter({ has: page.locator('p.whitespace-pre-wrap', { hasText: text }) });

/** Opens the "⋯" menu of a message (it shows on hover). */
export async function messageMenu(page: Page, text: string | RegExp): Promise<void> {
  const bubble = messageWith(page, text);
  await bubble.hover();
  await bubble.getByRole('button', { name: 'Message actions' }).click();
}

/** Types into the composer and presses Enter. */
export async function sendText(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

/** A chat's row in the list, by its title: a preview can name people too ("ada removed cy"). */
export const chatRow = (page: Page, title: string) =>
  page.getByTestId('chat-row').filter({ has: page.getByText(title, { exact: true }) });

export const openChatRow = (page: Page, title: string) => chatRow(page, title).first().click();

/** The built app started as `npm start` would, on `port`, and the system Chromium to drive it. */
export async function openAppInBrowser(
  port: number,
): Promise<{ app: AppProcess; browser: Browser }> {
  const app = new AppProcess(port);
  await app.start();
  return { app, browser: await launchChromium() };
}

export async function closeAppInBrowser(app?: AppProcess, browser?: Browser): Promise<void> {
  await browser?.close();
  await app?.dispose();
}

/**
 * The page's browser notifications, recorded instead of shown: `Notification` is replaced before
 * the app loads, its permission "default" until the app asks (then "granted", kept over reloads).
 */
export async function recordNotifications(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    type Shown = { title: string; body: string; tag: string };
    const shown: Shown[] = [];
    // Kept like a browser keeps it: across reloads of the origin.
    const KEY = 'recorded-notification-permission';
    let permission = (localStorage.getItem(KEY) ?? 'default') as NotificationPermission;
    class RecordedNotification {
      onclick: (() => void) | null = null;
      static get permission() {
        return permission;
      }
      static requestPermission() {
        permission = 'granted';
        localStorage.setItem(KEY, permission);
        return Promise.resolve(permission);
      }
      constructor(title: string, options: { body?: string; tag?: string } = {}) {
        shown.push({ title, body: options.body ?? '', tag: options.tag ?? '' });
      }
      close() {}
    }
    Object.assign(window, { Notification: RecordedNotification, shownNotifications: shown });
  });
}

export function notificationsShown(
  page: Page,
): Promise<Array<{ title: string; body: string; tag: string }>> {
  return page.evaluate(
    () =>
      (
        window as unknown as {
          shownNotifications: Array<{ title: string; body: string; tag: string }>;
        }
      ).shownNotifications,
  );
}

/**
 * Cuts a page's real-time connection and keeps it cut until `goOnline` (Playwright's offline mode
 * leaves open WebSockets alone). Installed before the app loads: `WebSocket` is wrapped so that
 * open sockets can be closed, and new ones fail at once (as with no network) while cut.
 */
export class ConnectionSwitch {
  static async install(context: BrowserContext): Promise<ConnectionSwitch> {
    await context.addInitScript(() => {
      const Native = window.WebSocket;
      const open = new Set<WebSocket>();
      let cut = false;
      class SwitchedWebSocket extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          // Nothing listens on the discard port: refused at once, an error like a lost network.
          super(cut ? 'ws://127.0.0.1:9/' : url, protocols);
          open.add(this);
          this.addEventListener('close', () => open.delete(this));
        }
      }
      const connectionSwitch = {
        cut() {
          cut = true;
          for (const ws of open) ws.close();
        },
        restore() {
          cut = false;
        },
      };
      Object.assign(window, { WebSocket: SwitchedWebSocket, connectionSwitch });
    });
    return new ConnectionSwitch();
  }

  /** Offline: open sockets close, new ones fail, HTTP fails. */
  async goOffline(page: Page): Promise<void> {
    await page.context().setOffline(true);
    await page.evaluate(() =>
      (window as unknown as { connectionSwitch: { cut(): void } }).connectionSwitch.cut(),
    );
  }

  async goOnline(page: Page): Promise<void> {
    await page.context().setOffline(false);
    await page.evaluate(() =>
      (window as unknown as { connectionSwitch: { restore(): void } }).connectionSwitch.restore(),
    );
  }
}

/**
 * Ada and Bob signed in (each context prepared first), in the direct chat Ada opened by Bob's
 * address, both looking at it, with `firstText` from Ada shown to Bob.
 */
export async function twoPeopleChatting(
  browser: Browser,
  app: { url: string; outboxDir: string },
  firstText: string,
  prepare: {
    ada?: (context: BrowserContext) => Promise<void>;
    bob?: (context: BrowserContext) => Promise<void>;
  } = {},
): Promise<{ ada: Person; bob: Person }> {
  const ada = await signInByCode(browser, app.url, app.outboxDir, 'ada@example.com', {
    prepare: prepare.ada,
  });
  const bob = await signInByCode(browser, app.url, app.outboxDir, 'bob@example.com', {
    prepare: prepare.bob,
  });
  await ada.page.getByLabel('Search people to chat with').fill('bob@example.com');
  await ada.page
    .getByRole('list', { name: 'People found' })
    .getByRole('button', { name: 'bob' })
    .click();
  await conversationOf(ada.page).waitFor();
  await sendText(ada.page, firstText);
  await openChatRow(bob.page, 'ada');
  await messageWith(bob.page, firstText).waitFor();
  return { ada, bob };
}

/**
 * Chromium with a profile on disk rather than an incognito context: Chromium reports an
 * incognito page as not installable ("in-incognito"), so installability is checked here. The
 * same switches as launchChromium.
 */
export function launchChromiumWithProfile(
  userDataDir: string,
  viewport = { width: 412, height: 780 },
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, { ...CHROMIUM, viewport });
}

/** Waits until the app's service worker controls the page (it has precached the app shell). */
export async function serviceWorkerReady(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 30_000,
  });
}

/** Waits (up to 10 s) until `read` gives `expected`; fails with the last value otherwise. */
export async function eventually<T>(read: () => Promise<T>, expected: T): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (Date.now() > deadline || JSON.stringify(value) === JSON.stringify(expected)) {
      expect(value).toEqual(expected);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * This browser's push subscription, made by the local push service instead of Chromium's (which
 * needs Google's servers): `PushManager` hands it out as the browser would, kept over reloads.
 */
export async function stubPushManager(
  context: BrowserContext,
  subscription: LocalPushSubscription,
) {
  await context.addInitScript((sub) => {
    if (typeof PushManager === 'undefined' || location.protocol !== 'http:') return;
    const KEY = 'stub-push-subscription';
    const make = () =>
      ({
        endpoint: sub.endpoint,
        expirationTime: null,
        options: { applicationServerKey: null, userVisibleOnly: true },
        getKey: () => null,
        toJSON: () => ({ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }),
        unsubscribe: () => {
          localStorage.removeItem(KEY);
          return Promise.resolve(true);
        },
      }) as unknown as PushSubscription;
    PushManager.prototype.subscribe = function () {
      localStorage.setItem(KEY, '1');
      return Promise.resolve(make());
    };
    PushManager.prototype.getSubscription = function () {
      return Promise.resolve(localStorage.getItem(KEY) ? make() : null);
    };
  }, subscription);
}

/**
 * Hands a push to the app's service worker in `context` as the browser's push service would
 * (CDP `ServiceWorker.deliverPushMessage`, from a blank page: no window of the app is opened).
 */
export async function deliverPush(context: BrowserContext, origin: string, payload: PushPayload) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const registrations: Array<{ registrationId: string; scopeURL: string; isDeleted: boolean }> = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (event) =>
    registrations.push(...event.registrations),
  );
  await cdp.send('ServiceWorker.enable');
  for (let waited = 0; waited < 5000 && registrations.length === 0; waited += 50) {
    await page.waitForTimeout(50);
  }
  const registration = registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted);
  if (!registration)
    throw new Error(`no service worker registration: ${JSON.stringify(registrations)}`);
  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin,
    registrationId: registration.registrationId,
    data: JSON.stringify(payload),
  });
  await cdp.detach();
  await page.close();
}

/** The notifications the app's service worker shows, read in the worker itself. */
export async function notificationsOf(context: BrowserContext) {
  const worker =
    context.serviceWorkers().find((w) => w.url().endsWith('/sw.js')) ??
    (await context.waitForEvent('serviceworker'));
  return worker.evaluate(async () => {
    const { registration } = self as unknown as { registration: ServiceWorkerRegistration };
    return (await registration.getNotifications()).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
      data: n.data as unknown,
    }));
  });
}
