import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { waitForOtpCode } from '@app/testing';
import type { AppProcess } from './app-process';
import { seriousAxeFindings } from './axe';
import {
  chatRow,
  closeAppInBrowser,
  conversationOf,
  messageMenu,
  messageWith,
  openAppInBrowser,
  openChatRow,
  reportErrors,
  screenshot,
  SCREENSHOTS,
  sendText,
  signInByCode,
  type Person,
} from './browser';

const PORT = 41_000 + (process.pid % 1000);
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** Every screen is checked in each of these: a phone and a desktop, the system light or dark. */
const LOOKS = [
  { name: 'desktop', viewport: DESKTOP, colorScheme: 'light' },
  { name: 'phone', viewport: PHONE, colorScheme: 'light' },
  { name: 'desktop-dark', viewport: DESKTOP, colorScheme: 'dark' },
  { name: 'phone-dark', viewport: PHONE, colorScheme: 'dark' },
] as const;

/** Text that only the signed-in app, the conversation, the emoji data and the image viewer carry. */
const NOT_FOR_SIGN_IN = {
  chatApp: 'Pick a chat, or search for someone to start one.',
  conversation: 'Scroll up for older messages',
  emojiData: 'rolling on the floor laughing',
  imageViewer: 'image-viewer',
};

/**
 * Issue 25, items 15, 16, 18 and 19: every main screen (sign-in, code, chat list, conversation,
 * group info, profile) with no serious or critical axe-core finding on a phone and a desktop, light
 * and dark; the keyboard (focus ring, the message list, the message menu, focus after sign-in and
 * after a reaction); new messages read out politely; a phone's popups and header; one input style;
 * the assets compressed, cached for good when hashed, and the sign-in screen without what it
 * does not need.
 */
describe('Every screen, for everyone: accessible, on a phone, in the dark, served small', () => {
  let app: AppProcess;
  let browser: Browser;
  let ada: Person;
  let bob: Person;
  /** Serious and critical findings per screen and look, kept with the screenshots. */
  const report: Record<string, Record<string, number>> = {};

  beforeAll(async () => {
    ({ app, browser } = await openAppInBrowser(PORT));
  });

  afterAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(SCREENSHOTS, 'axe-report.json'), `${JSON.stringify(report, null, 2)}\n`);
    await closeAppInBrowser(app, browser);
  });

  /** Two frames: the layout and colours of a new viewport or colour scheme are painted. */
  const settle = (page: Page) =>
    page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );

  /**
   * axe-core on what the page shows, in each look, with a screenshot of each; the page is back at
   * desktop and light after. One line per finding, naming the look, the rule and the element.
   */
  async function axeEveryLook(page: Page, screen: string): Promise<string[]> {
    const found: string[] = [];
    for (const look of LOOKS) {
      await page.setViewportSize(look.viewport);
      await page.emulateMedia({ colorScheme: look.colorScheme });
      await settle(page);
      await screenshot(page, `60-${screen}-${look.name}`);
      const findings = await seriousAxeFindings(page);
      (report[screen] ??= {})[look.name] = findings.length;
      found.push(
        ...findings.map((f) => `${look.name}: ${f.rule} (${f.impact}) ${f.target}: ${f.summary}`),
      );
    }
    await page.setViewportSize(DESKTOP);
    await page.emulateMedia({ colorScheme: 'light' });
    return found;
  }

  /** What has the focus: its label, or its tag and text. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return 'nothing';
      return el.getAttribute('aria-label') ?? `${el.tagName} ${el.textContent?.trim() ?? ''}`;
    });

  it('sign-in and code entry: nothing serious for axe, phone or desktop, light or dark; signed in, the focus is on the people search', async () => {
    // axe-core goes in as an inline script, which the app's Content-Security-Policy refuses.
    const context = await browser.newContext({ viewport: DESKTOP, bypassCSP: true });
    const page = await context.newPage();
    reportErrors(page, 'ada');
    await page.goto(app.url);
    await page.getByLabel('E-mail').waitFor();
    const signIn = await axeEveryLook(page, 'sign-in');
    await page.getByLabel('E-mail').fill('ada@example.com');
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await page.getByLabel('Code').waitFor();
    const codeEntry = await axeEveryLook(page, 'code-entry');
    const code = await waitForOtpCode(app.outboxDir, 'ada@example.com', 1, 10_000);
    await page.getByLabel('Code').fill(code);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Chats' }).waitFor();
    ada = { email: 'ada@example.com', context, page };
    // Signed in, the form that had the focus is gone: the focus goes where the work starts.
    await page
      .waitForFunction(() => document.activeElement !== document.body, null, { timeout: 5_000 })
      .catch(() => undefined);
    expect({ signIn, codeEntry, focus: await focused(page) }).toEqual({
      signIn: [],
      codeEntry: [],
      focus: 'Search people to chat with',
    });
  });

  it('the chat list, a conversation (own messages, a reply, reactions, a link, a deleted message), group info and the profile: nothing serious either', async () => {
    bob = await signInByCode(browser, app.url, app.outboxDir, 'bob@example.com');
    await ada.page.getByLabel('Search people to chat with').fill('bob@example.com');
    await ada.page
      .getByRole('list', { name: 'People found' })
      .getByRole('button', { name: 'bob' })
      .click();
    await conversationOf(ada.page).waitFor();
    await sendText(ada.page, 'Hello Bob');
    await openChatRow(bob.page, 'ada');
    await sendText(bob.page, 'Hi Ada! The map: https://example.com/hike');
    await messageWith(ada.page, 'The map').waitFor();
    await messageMenu(ada.page, 'The map');
    await ada.page.getByRole('menuitem', { name: 'React', exact: true }).click();
    await ada.page.getByRole('button', { name: 'React with 👍' }).click();
    await messageMenu(bob.page, 'Hello Bob');
    await bob.page.getByRole('menuitem', { name: 'Reply', exact: true }).click();
    await sendText(bob.page, 'Sounds good');
    await messageWith(ada.page, 'Sounds good').waitFor();
    await sendText(ada.page, 'oops, wrong chat');
    await messageMenu(ada.page, 'oops, wrong chat');
    await ada.page.getByRole('menuitem', { name: 'Delete', exact: true }).click();
    await ada.page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await ada.page.getByTestId('message-deleted').waitFor();
    await ada.page.locator('[data-testid="tick"][data-state="read"]').first().waitFor();
    const conversation = await axeEveryLook(ada.page, 'conversation');

    await ada.page.getByRole('button', { name: 'New group' }).click();
    const panel = ada.page.getByRole('complementary', { name: 'New group' });
    await panel.getByLabel('Group name').fill('Weekend hike');
    await panel.getByLabel('Add members').fill('bob@example.com');
    await panel.getByRole('list', { name: 'People found' }).getByRole('button').first().click();
    await panel.getByRole('button', { name: 'Create group' }).click();
    await ada.page.getByRole('heading', { name: 'Weekend hike' }).waitFor();
    await ada.page.getByRole('button', { name: 'Group info' }).click();
    await ada.page.getByRole('complementary', { name: 'Group info' }).getByText('bob').waitFor();
    const groupInfo = await axeEveryLook(ada.page, 'group-info');
    await ada.page.getByRole('button', { name: 'Close group info' }).click();

    // The list with an unread badge and an "@" from Bob, seen from the list itself.
    await ada.page.evaluate(() => {
      window.location.hash = '';
    });
    await ada.page.getByText(NOT_FOR_SIGN_IN.chatApp).waitFor();
    await openChatRow(bob.page, 'Weekend hike');
    const box = bob.page.getByLabel('Message', { exact: true });
    await box.pressSequentially('@ad');
    await bob.page.getByRole('option', { name: '@ada' }).click();
    await box.pressSequentially('are you in?');
    await box.press('Enter');
    await chatRow(ada.page, 'Weekend hike').getByTestId('mention-badge').waitFor();
    const chatList = await axeEveryLook(ada.page, 'chat-list');

    await ada.page.getByRole('button', { name: /your profile/i }).click();
    await ada.page.getByRole('complementary', { name: 'Your profile' }).waitFor();
    const profile = await axeEveryLook(ada.page, 'profile');
    await ada.page.getByRole('button', { name: 'Close your profile' }).click();
    expect({ conversation, groupInfo, chatList, profile }).toEqual({
      conversation: [],
      groupInfo: [],
      chatList: [],
      profile: [],
    });
    // A page with a main landmark and a heading to start from.
    expect(await ada.page.getByRole('main').count()).toBe(1);
    expect(await ada.page.getByRole('heading', { level: 1 }).count()).toBe(1);
  });

  it('keyboard: a visible focus ring on all Tab reaches; arrows walk the messages and the message menu; a reaction keeps the focus on its message', async () => {
    const page = ada.page;
    await openChatRow(page, 'bob');
    await messageWith(page, 'Sounds good').waitFor();
    // Tab from the top of the page through the list, the header and the conversation.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const unringed: string[] = [];
    for (let i = 0; i < 25; i += 1) {
      await page.keyboard.press('Tab');
      const ring = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        const visible =
          style.outlineStyle !== 'none' &&
          parseFloat(style.outlineWidth) >= 2 &&
          !/rgba\(.*, 0\)$/.test(style.outlineColor) &&
          style.outlineColor !== 'transparent';
        const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30);
        return { visible, name: `${el.tagName.toLowerCase()} "${name}"` };
      });
      if (ring && !ring.visible) unringed.push(ring.name);
    }
    expect(unringed).toEqual([]);

    // The message list: focus it, then the arrows go from message to message (the last one is
    // the deleted one).
    const log = conversationOf(page);
    await log.focus();
    const current = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        if (el?.getAttribute('data-testid') !== 'message') return `not a message: ${el?.tagName}`;
        return el.querySelector('p.whitespace-pre-wrap, [data-testid="message-deleted"]')
          ?.textContent;
      });
    const walk = async (key: string) => {
      await page.keyboard.press(key);
      return current();
    };
    expect(await walk('ArrowUp')).toBe('message deleted');
    expect(await walk('ArrowUp')).toBe('Sounds good');
    expect(await walk('ArrowUp')).toBe('Hi Ada! The map: https://example.com/hike');
    expect(await walk('ArrowDown')).toBe('Sounds good');
    expect(await walk('Home')).toBe('Hello Bob');
    expect(await walk('End')).toBe('message deleted');
    // Enter opens the message's menu; the arrows move through it; Escape goes back.
    expect(await walk('ArrowUp')).toBe('Sounds good');
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Message actions' });
    await menu.waitFor();
    expect(await focused(page)).toBe('BUTTON Reply');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('BUTTON React');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toBe('BUTTON Copy text');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement !== document.body);
    expect(await current()).toBe('Sounds good');
    // A reaction picked with the mouse: the focus stays with the message, not lost to the page.
    await messageMenu(page, 'Sounds good');
    await page.getByRole('menuitem', { name: 'React', exact: true }).click();
    await page.getByRole('button', { name: 'React with 🙏' }).click();
    await messageWith(page, 'Sounds good').getByTestId('reaction').waitFor();
    await page.waitForFunction(() => document.activeElement !== document.body);
    const after = await page.evaluate(() => {
      const el = document.activeElement;
      const message = el?.closest('[data-testid="message"]');
      return message?.querySelector('p.whitespace-pre-wrap')?.textContent ?? 'nothing';
    });
    expect(after).toBe('Sounds good');
  });

  it('reads out a new message from the other person politely', async () => {
    const announcer = ada.page.locator('[aria-live="polite"][data-testid="announcer"]');
    await openChatRow(bob.page, 'ada');
    await messageWith(bob.page, 'Sounds good').waitFor();
    await sendText(bob.page, 'Are you coming on Saturday?');
    await announcer
      .filter({ hasText: 'bob: Are you coming on Saturday?' })
      .waitFor({ timeout: 5_000, state: 'attached' });
    // My own messages are not read back to me.
    await sendText(ada.page, 'Yes!');
    await messageWith(ada.page, 'Yes!').waitFor();
    expect(await announcer.textContent()).toBe('bob: Are you coming on Saturday?');
  });

  it('has one input style, and is dark when the system is', async () => {
    const page = ada.page;
    const inputLooks = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('input:not([type=file]), textarea')]
          .filter((el) => (el as HTMLElement).offsetParent !== null)
          .map((el) => {
            const s = getComputedStyle(el);
            return [
              s.borderTopWidth,
              s.borderTopColor,
              s.borderRadius,
              s.fontSize,
              s.backgroundColor,
            ].join(' ');
          }),
      );
    await page.getByRole('button', { name: 'Search in this chat' }).click();
    await page.getByRole('searchbox', { name: 'Search in this chat' }).waitFor();
    const looks = new Set(await inputLooks());
    await page.getByRole('button', { name: 'Search in this chat' }).click();
    await messageMenu(page, 'Yes!');
    await page.getByRole('menuitem', { name: 'React', exact: true }).click();
    for (const look of await inputLooks()) looks.add(look);
    await page.keyboard.press('Escape');
    expect([...looks]).toHaveLength(1);

    const background = () =>
      page.evaluate(() => {
        const [r, g, b] = getComputedStyle(document.body)
          .backgroundColor.match(/\d+/g)!
          .map(Number);
        return (r + g + b) / 3;
      });
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBeLessThan(60);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await background()).toBeGreaterThan(200);
  });

  it('on a phone: the reaction picker stays on the screen, the header shows the whole title and last seen', async () => {
    await bob.context.close();
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    await phone.addCookies(await ada.context.cookies());
    const page = await phone.newPage();
    reportErrors(page, 'ada on a phone');
    await page.goto(app.url);
    await openChatRow(page, 'bob');
    const status = page.getByTestId('chat-status');
    await status.filter({ hasText: /^last seen today at \d/ }).waitFor();
    const cut = (selector: string) =>
      page
        .locator(selector)
        .evaluate(
          (el) => el.scrollWidth > el.clientWidth || el.getBoundingClientRect().right > innerWidth,
        );
    const statusCut = await cut('[data-testid="chat-status"]');

    await messageWith(page, 'The map').getByRole('button', { name: 'Message actions' }).tap();
    await page.getByRole('menuitem', { name: 'React', exact: true }).tap();
    const picker = page.getByRole('dialog', { name: 'Add a reaction' });
    await picker.waitFor();
    await screenshot(page, '61-phone-reaction-picker');
    const box = (await picker.boundingBox())!;
    const view = await page.evaluate(() => ({
      width: innerWidth,
      height: innerHeight,
      scrollWidth: document.scrollingElement!.scrollWidth,
    }));
    const pickerInside =
      box.x >= 0 &&
      box.y >= 0 &&
      box.x + box.width <= view.width &&
      box.y + box.height <= view.height;
    await picker.getByRole('button', { name: 'React with ❤️' }).tap();
    await messageWith(page, 'The map').locator('[data-emoji="❤️"]').waitFor();

    await page.getByRole('button', { name: 'Back to chats' }).tap();
    await openChatRow(page, 'Weekend hike');
    await page.getByRole('heading', { name: 'Weekend hike' }).waitFor();
    await messageWith(page, 'are you in?').waitFor();
    await screenshot(page, '62-phone-group-header');
    const titleCut = await cut('h2:text("Weekend hike")');
    await phone.close();
    expect({
      statusCut,
      pickerInside,
      noSideways: view.scrollWidth <= view.width,
      titleCut,
    }).toEqual({
      statusCut: false,
      pickerInside: true,
      noSideways: true,
      titleCut: false,
    });
  });

  /** A GET of the app's own files, as a browser would ask (or as curl does, without encodings). */
  function get(path: string, acceptEncoding?: string) {
    return new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>(
      (resolve, reject) => {
        const headers: Record<string, string> = acceptEncoding
          ? { 'accept-encoding': acceptEncoding }
          : {};
        request(`${app.url}${path}`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers as Record<string, string>,
              body: Buffer.concat(chunks),
            }),
          );
        })
          .on('error', reject)
          .end();
      },
    );
  }

  it('serves its files compressed (brotli, else gzip), hashed ones cached for good and index.html checked every time', async () => {
    const index = await get('/');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.body.toString())?.[1];
    expect(script).toBeDefined();
    const seen = async (path: string, encoding?: string) => {
      const res = await get(path, encoding);
      const plain = await get(path);
      const decoded =
        res.headers['content-encoding'] === 'br'
          ? brotliDecompressSync(res.body)
          : res.headers['content-encoding'] === 'gzip'
            ? gunzipSync(res.body)
            : res.body;
      return {
        status: res.status,
        encoding: res.headers['content-encoding'] ?? 'identity',
        vary: /accept-encoding/i.test(res.headers.vary ?? ''),
        cache: res.headers['cache-control'],
        type: res.headers['content-type'] === plain.headers['content-type'],
        smaller: res.body.length < decoded.length,
        decoded: decoded.equals(plain.body),
      };
    };
    const asset = { status: 200, vary: true, smaller: true, decoded: true, type: true };
    const immutable = 'public, max-age=31536000, immutable';
    expect(await seen('/', 'gzip, deflate, br')).toEqual({
      ...asset,
      encoding: 'br',
      cache: 'no-cache',
    });
    expect(await seen(script!, 'gzip, deflate, br')).toEqual({
      ...asset,
      encoding: 'br',
      cache: immutable,
    });
    expect(await seen(script!, 'gzip')).toEqual({
      ...asset,
      encoding: 'gzip',
      cache: immutable,
    });
    // Without Accept-Encoding, as it is; a file whose name has no hash is checked every time.
    expect((await seen(script!)).encoding).toBe('identity');
    expect((await get('/favicon.svg')).headers['cache-control']).toBe('no-cache');
  });

  it('loads for the sign-in screen neither the chat app, the conversation, the emoji data nor the image viewer', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const scripts: Promise<string>[] = [];
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script') scripts.push(res.text());
    });
    await page.goto(app.url);
    await page.getByLabel('E-mail').waitFor();
    await page.waitForLoadState('networkidle');
    const code = (await Promise.all(scripts)).join('\n');
    const loaded = Object.fromEntries(
      Object.entries(NOT_FOR_SIGN_IN).map(([what, marker]) => [what, code.includes(marker)]),
    );
    expect(loaded).toEqual({
      chatApp: false,
      conversation: false,
      emojiData: false,
      imageViewer: false,
    });
    await context.close();
  });
});
