import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { seriousAxeFindings } from './axe';
import { AppProcess } from './app-process';
import {
  ConnectionSwitch,
  conversationOf,
  conversationState,
  messageMenu,
  messageWith,
  screenshot,
  sendText,
  twoPeopleChatting,
  type Person,
  launchChromium,
  closeAppInBrowser,
  chatRow,
} from './browser';

const PORT = 39_000 + (process.pid % 1000);
/** Where the link preview cases save what they look like. */
const SHOTS = '/tmp/shots';

/**
 * axe's serious findings on a page of this suite, whose contexts keep the app's
 * Content-Security-Policy (no `bypassCSP`): axe-core goes in through the DevTools protocol, which
 * the policy does not govern, rather than as the inline script it refuses.
 */
async function axeFindings(page: Page) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  }
  return seriousAxeFindings(page);
}

/**
 * A web site on 127.0.0.1 for the link preview cases, which the app may fetch previews from
 * (LINK_PREVIEW_TEST_ORIGINS): an article with og: tags and a PNG picture, and a page that takes
 * two seconds (its preview lands after the message). Each request's headers are kept, to show
 * the browsers never asked the site for anything.
 */
class PreviewSite {
  private constructor(
    private readonly server: Server,
    readonly origin: string,
    readonly requests: ReadonlyArray<{ path: string; headers: IncomingHttpHeaders }>,
  ) {}

  static async start(): Promise<PreviewSite> {
    // A small landscape: a sky, two ridges and a sun, 800 × 420.
    const picture = await sharp(
      Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="800" height="420">
        <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stop-color="#7cc4f2"/><stop offset="1" stop-color="#e0f2fe"/>
        </linearGradient></defs>
        <rect width="800" height="420" fill="url(#sky)"/>
        <circle cx="620" cy="110" r="48" fill="#fcd34d"/>
        <polygon points="0,420 0,300 180,150 340,290 480,170 800,360 800,420" fill="#4d7c0f"/>
        <polygon points="0,420 0,360 260,250 520,380 700,300 800,340 800,420" fill="#365314"/>
      </svg>`),
    )
      .png()
      .toBuffer();
    const requests: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
    const server = createServer((req, res) => {
      const path = req.url ?? '/';
      requests.push({ path, headers: req.headers });
      const html = (head: string) =>
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(
            `<!doctype html><html><head><meta charset="utf-8">${head}</head><body></body></html>`,
          );
      if (path === '/ridge-loop') {
        // Markup in a title is text: the card must show "<b>", never make it bold.
        return html(`<title>Ridge loop</title>
          <meta property="og:title" content="Ridge loop &amp; huts &lt;b&gt;14 km&lt;/b&gt;">
          <meta property="og:description" content="A day hike along the ridge, with two huts on the way and a view of the lakes from the top. Bring water: there is none after the first hut, and the descent is long.">
          <meta property="og:site_name" content="Trails">
          <meta property="og:image" content="/cover.png">`);
      }
      if (path === '/late-news') {
        return void setTimeout(
          () =>
            html(`<meta property="og:title" content="Late news">
              <meta property="og:description" content="Read a while after the message was sent.">
              <meta property="og:site_name" content="Slow Paper">`),
          2_000,
        );
      }
      if (path === '/cover.png') {
        return void res.writeHead(200, { 'content-type': 'image/png' }).end(picture);
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new PreviewSite(server, `http://127.0.0.1:${port}`, requests);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A file made in the page, as one picked on the desktop: its text, or `size` zero bytes. */
interface PageFile {
  name: string;
  type: string;
  text?: string;
  size?: number;
}

/**
 * Drags files made in the page over the conversation (`dragenter`, `dragover`) and, unless told
 * to hold, drops them there, as a drag from the desktop would.
 */
async function dragFiles(page: Page, files: PageFile[], { drop = true } = {}): Promise<void> {
  await page.evaluate(
    ({ files, drop }) => {
      const transfer = new DataTransfer();
      for (const file of files) {
        const body = file.text ?? new Uint8Array(file.size ?? 0);
        transfer.items.add(new File([body], file.name, { type: file.type }));
      }
      const log = document.querySelector('[role="log"]');
      const fire = (type: string) =>
        log?.dispatchEvent(
          new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
      fire('dragenter');
      fire('dragover');
      if (drop) fire('drop');
    },
    { files, drop },
  );
}

/** Pastes files made in the page into the composer, as from the clipboard. */
async function pasteFiles(page: Page, files: PageFile[]): Promise<void> {
  await page.getByLabel('Message', { exact: true }).evaluate((box, files) => {
    const transfer = new DataTransfer();
    for (const file of files) {
      transfer.items.add(new File([file.text ?? ''], file.name, { type: file.type }));
    }
    box.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
    );
  }, files);
}

/**
 * Issue 17 in the real client, messages that change: replies, reactions, edits, deletions, copy
 * and links, each done by one person and seen live by the other; then Bob offline while Ada
 * edits, deletes and reacts, and on reconnect his screen shows exactly her final state. Then link
 * previews: fetched by the app from a local site, shown to both, kept over a reconnect and a
 * reload, removed by the sender, hidden by the reader's own setting. Then files and voice
 * messages: dropped and pasted, an upload's progress and a cancelled one, the card the other side
 * downloads under the right name, and a voice message recorded from Chromium's fake microphone and
 * played on the other side.
 * (Mentions, search, mute and block: mentions-search-settings.browser-spec.ts.)
 */
describe('Messages that change, in the browser', () => {
  let app: AppProcess;
  let browser: Browser;
  let ada: Person;
  let bob: Person;
  let bobLine: ConnectionSwitch;
  let site: PreviewSite;

  beforeAll(async () => {
    site = await PreviewSite.start();
    app = new AppProcess(PORT, {
      LINK_PREVIEWS: 'true',
      LINK_PREVIEW_TEST_ORIGINS: site.origin,
      // Small enough for the file cases to reach it.
      FILE_QUOTA: '10MB',
    });
    await app.start();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeAppInBrowser(app, browser);
    await site?.close();
  });

  const chip = (page: Page, text: string, emoji: string) =>
    messageWith(page, text).locator(`[data-testid="reaction"][data-emoji="${emoji}"]`);
  const menuItem = (page: Page, name: string) => page.getByRole('menuitem', { name, exact: true });

  it('signs two people in, in a direct chat', async () => {
    ({ ada, bob } = await twoPeopleChatting(browser, app, 'Plans for Saturday?', {
      ada: (context) =>
        context.grantPermissions(['clipboard-read', 'clipboard-write', 'microphone'], {
          origin: app.url,
        }),
      bob: async (context) => {
        bobLine = await ConnectionSwitch.install(context);
      },
    }));
  });

  it('replies: the composer shows what is answered, the other side sees the quote', async () => {
    await messageMenu(bob.page, 'Plans for Saturday?');
    await menuItem(bob.page, 'Reply').click();
    await bob.page.getByTestId('replying-to').filter({ hasText: 'Plans for Saturday?' }).waitFor();
    await screenshot(bob.page, '20-replying-to');
    await sendText(bob.page, 'Hiking!');
    await bob.page.getByTestId('replying-to').waitFor({ state: 'hidden' });

    const quote = messageWith(ada.page, 'Hiking!').getByTestId('reply-quote');
    await quote.filter({ hasText: 'Plans for Saturday?' }).waitFor();
    await quote.click();
    await conversationOf(ada.page).locator('[data-seq][data-highlighted="true"]').waitFor();
    await screenshot(ada.page, '21-reply-with-quote');
  });

  it('reacts from the picker (common row and search); chips count, mine stand out, a click toggles', async () => {
    await messageMenu(ada.page, 'Hiking!');
    await menuItem(ada.page, 'React').click();
    const picker = ada.page.getByRole('dialog', { name: 'Add a reaction' });
    await picker.getByRole('button', { name: 'React with 👍' }).click();
    await chip(bob.page, 'Hiking!', '👍').filter({ hasText: '1' }).waitFor();

    await messageMenu(ada.page, 'Hiking!');
    await menuItem(ada.page, 'React').click();
    await picker.getByLabel('Search emoji').fill('party');
    await screenshot(ada.page, '22-emoji-picker-search');
    await picker.getByRole('button', { name: '🎉', exact: true }).click();
    await chip(bob.page, 'Hiking!', '🎉').waitFor();

    // Bob adds his 👍 by clicking the chip; both see 2, highlighted for Bob.
    await chip(bob.page, 'Hiking!', '👍').click();
    await chip(bob.page, 'Hiking!', '👍')
      .and(bob.page.locator('[aria-pressed="true"]'))
      .filter({ hasText: '2' })
      .waitFor();
    await chip(ada.page, 'Hiking!', '👍').filter({ hasText: '2' }).waitFor();
    expect(await chip(ada.page, 'Hiking!', '🎉').getAttribute('aria-pressed')).toBe('true');
    expect(await chip(bob.page, 'Hiking!', '🎉').getAttribute('aria-pressed')).toBe('false');
    await screenshot(bob.page, '23-reactions');

    // Ada takes her 🎉 off again by clicking her chip.
    await chip(ada.page, 'Hiking!', '🎉').click();
    await chip(bob.page, 'Hiking!', '🎉').waitFor({ state: 'detached' });
  });

  it('edits inline (Escape cancels, Enter saves): "edited" and the reply’s quote follow', async () => {
    await messageMenu(ada.page, 'Plans for Saturday?');
    await menuItem(ada.page, 'Edit').click();
    const box = ada.page.getByLabel('Edit message');
    await box.fill('never saved');
    await box.press('Escape');
    await box.waitFor({ state: 'detached' });
    await messageWith(ada.page, 'Plans for Saturday?').waitFor();

    await messageMenu(ada.page, 'Plans for Saturday?');
    await menuItem(ada.page, 'Edit').click();
    await box.fill('Plans for Sunday?');
    await screenshot(ada.page, '24-editing');
    await box.press('Enter');

    await messageWith(bob.page, 'Plans for Sunday?').getByTestId('edited').waitFor();
    await messageWith(bob.page, 'Hiking!')
      .getByTestId('reply-quote')
      .filter({ hasText: 'Plans for Sunday?' })
      .waitFor();
    expect(await messageWith(bob.page, 'never saved').count()).toBe(0);
    await screenshot(bob.page, '25-edited');
  });

  it('deletes for everyone after a confirmation: a placeholder, no quote, "message deleted" in the list', async () => {
    await sendText(bob.page, 'oops, wrong chat');
    await messageMenu(ada.page, 'oops, wrong chat');
    await menuItem(ada.page, 'Reply').click();
    await sendText(ada.page, 'which chat?');
    await messageWith(bob.page, 'which chat?').getByTestId('reply-quote').waitFor();

    const seq = await messageWith(bob.page, 'oops, wrong chat').getAttribute('data-seq');
    await messageMenu(bob.page, 'oops, wrong chat');
    await menuItem(bob.page, 'Delete').click();
    const confirm = bob.page.getByRole('alertdialog', { name: 'Delete message' });
    await screenshot(bob.page, '26-delete-confirmation');
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();

    const tombstone = conversationOf(ada.page).locator(`[data-seq="${seq}"][data-deleted="true"]`);
    await tombstone.filter({ hasText: 'message deleted' }).waitFor();
    await messageWith(ada.page, 'which chat?').getByTestId('reply-quote').waitFor({
      state: 'detached',
    });
    expect(await messageWith(ada.page, 'oops, wrong chat').count()).toBe(0);
    await screenshot(ada.page, '27-message-deleted');

    // The list's preview of a deleted last message.
    await sendText(bob.page, 'last words');
    await messageWith(ada.page, 'last words').waitFor();
    await messageMenu(bob.page, 'last words');
    await menuItem(bob.page, 'Delete').click();
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await chatRow(ada.page, 'bob').filter({ hasText: 'message deleted' }).waitFor();
  });

  it('copies the text of a message', async () => {
    await messageMenu(ada.page, 'Hiking!');
    await menuItem(ada.page, 'Copy text').click();
    await ada.page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    expect(await ada.page.evaluate(() => navigator.clipboard.readText())).toBe('Hiking!');
  });

  it('makes http(s) links clickable in a new tab, and shows everything else as plain text', async () => {
    await sendText(
      ada.page,
      'Route: https://example.com/trail?from=north. Not links: javascript:alert(1) <b>bold</b> <img src=x onerror=alert(1)>',
    );
    const sent = messageWith(bob.page, 'Route:');
    await sent.waitFor();
    const link = sent.getByRole('link');
    expect(await link.count()).toBe(1);
    expect(await link.getAttribute('href')).toBe('https://example.com/trail?from=north');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await sent.locator('b, img, script').count()).toBe(0);
    expect(await sent.innerText()).toContain('<b>bold</b> <img src=x onerror=alert(1)>');
    await screenshot(bob.page, '28-link');
  });

  it('shows someone who was offline exactly the final state of edits, deletions and reactions', async () => {
    for (const text of ['edit me', 'delete me', 'react to me']) await sendText(ada.page, text);
    await messageWith(bob.page, 'react to me').waitFor();
    const deletedSeq = await messageWith(bob.page, 'delete me').getAttribute('data-seq');

    await bobLine.goOffline(bob.page);
    await bob.page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor();

    await messageMenu(ada.page, 'edit me');
    await menuItem(ada.page, 'Edit').click();
    await ada.page.getByLabel('Edit message').fill('edited once');
    await ada.page.getByLabel('Edit message').press('Enter');
    await messageWith(ada.page, 'edited once').waitFor();
    await messageMenu(ada.page, 'edited once');
    await menuItem(ada.page, 'Edit').click();
    await ada.page.getByLabel('Edit message').fill('edited twice while Bob was away');
    await ada.page.getByLabel('Edit message').press('Enter');

    await messageMenu(ada.page, 'delete me');
    await menuItem(ada.page, 'Delete').click();
    await ada.page
      .getByRole('alertdialog', { name: 'Delete message' })
      .getByRole('button', { name: 'Delete', exact: true })
      .click();

    await messageMenu(ada.page, 'react to me');
    await menuItem(ada.page, 'React').click();
    await ada.page
      .getByRole('dialog', { name: 'Add a reaction' })
      .getByRole('button', { name: 'React with ❤️' })
      .click();
    await chip(ada.page, 'react to me', '❤️').waitFor();
    // Her 👍 on "Hiking!" comes off; Bob's stays.
    await chip(ada.page, 'Hiking!', '👍').click();
    await chip(ada.page, 'Hiking!', '👍').filter({ hasText: '1' }).waitFor();
    await sendText(ada.page, 'new while you were away');
    await messageWith(ada.page, 'new while you were away').waitFor();
    await screenshot(ada.page, '39-changed-while-bob-offline');

    // Still the old state on Bob's screen.
    await messageWith(bob.page, 'edit me').waitFor();
    await bobLine.goOnline(bob.page);
    await bob.page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor({
      state: 'detached',
      timeout: 30_000,
    });
    await messageWith(bob.page, 'new while you were away').waitFor();
    await conversationOf(bob.page)
      .locator(`[data-seq="${deletedSeq}"][data-deleted="true"]`)
      .waitFor();

    const adaSees = await conversationState(ada.page);
    const bobSees = await conversationState(bob.page);
    expect(bobSees).toEqual(adaSees);
    const byText = new Map(bobSees.map((m) => [m.text, m]));
    expect(byText.get('edited twice while Bob was away')).toMatchObject({ edited: true });
    expect(byText.get('react to me')?.reactions).toEqual(['❤️ 1']);
    expect(byText.get('Hiking!')?.reactions).toEqual(['👍 1']);
    expect(byText.get('Hiking!')?.quote).toBe('Plans for Sunday?');
    expect(bobSees.filter((m) => m.text === 'edit me' || m.text === 'delete me')).toEqual([]);
    expect(bobSees.filter((m) => m.text === 'new while you were away')).toHaveLength(1);
    await screenshot(bob.page, '40-caught-up-after-reconnect');
  });

  // ---- link previews ----

  const TRAIL = 'Trail notes:';
  const TRAIL_TITLE = 'Ridge loop & huts <b>14 km</b>';
  const cardOf = (page: Page, text: string) => messageWith(page, text).getByTestId('link-preview');

  it('shows a link’s preview card on both sides a moment after the send, its picture ours', async () => {
    const box = ada.page.getByLabel('Message', { exact: true });
    await box.fill(`${TRAIL} ${site.origin}/ridge-loop (the north start)`);
    const started = Date.now();
    await box.press('Enter');
    await messageWith(bob.page, TRAIL).waitFor();
    const messageMs = Date.now() - started;
    const card = cardOf(bob.page, TRAIL);
    await card.waitFor({ timeout: 10_000 });
    const previewMs = Date.now() - started;
    console.log(
      `Link preview: the message reached Bob ${messageMs} ms after the send, its preview card ${previewMs} ms after`,
    );
    expect(previewMs).toBeLessThan(5_000);
    await cardOf(ada.page, TRAIL).waitFor();

    // Plain text: the title's markup is shown, not applied.
    expect(await card.getByTestId('link-preview-site').innerText()).toBe('Trails');
    const title = card.getByRole('link', { name: TRAIL_TITLE, exact: true });
    expect(await title.getAttribute('href')).toBe(`${site.origin}/ridge-loop`);
    expect(await title.getAttribute('target')).toBe('_blank');
    expect(await title.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await card.getByTestId('link-preview-description').innerText()).toContain(
      'A day hike along the ridge',
    );
    expect(await card.locator('b, script').count()).toBe(0);

    // Our copy of the picture, from our origin, loaded; the browsers never asked the site.
    for (const page of [ada.page, bob.page]) {
      const image = cardOf(page, TRAIL).getByTestId('link-preview-image');
      expect(await image.getAttribute('src')).toMatch(
        new RegExp(`^${app.url.replace(/\./g, '\\.')}/api/v1/media/[0-9a-f-]+/thumbnail$`),
      );
      await image.evaluate((img: HTMLImageElement) =>
        img.complete ? undefined : new Promise((resolve) => (img.onload = resolve)),
      );
      expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    }
    expect(site.requests.map((r) => r.path).sort()).toEqual(['/cover.png', '/ridge-loop']);
    for (const { headers } of site.requests)
      expect(headers['user-agent']).toMatch(/^ChatLinkPreview/);

    // Only the sender may take it off.
    expect(await card.getByRole('button').count()).toBe(0);
    await cardOf(ada.page, TRAIL)
      .getByRole('button', { name: `Remove preview: ${TRAIL_TITLE}` })
      .waitFor();

    mkdirSync(SHOTS, { recursive: true });
    await bob.page.screenshot({ path: `${SHOTS}/link-preview.png` });
    expect(await axeFindings(bob.page)).toEqual([]);
    expect(await axeFindings(ada.page)).toEqual([]);
    await ada.page.emulateMedia({ colorScheme: 'dark' });
    expect(await axeFindings(ada.page)).toEqual([]);
    await ada.page.screenshot({ path: `${SHOTS}/link-preview-dark.png` });
    await ada.page.emulateMedia({ colorScheme: 'light' });

    // On a phone the card fits in its bubble, and the bubble on the screen.
    await bob.page.setViewportSize({ width: 360, height: 740 });
    const bubbleBox = await messageWith(bob.page, TRAIL).boundingBox();
    const cardBox = await card.boundingBox();
    expect(cardBox!.x).toBeGreaterThanOrEqual(bubbleBox!.x);
    expect(cardBox!.x + cardBox!.width).toBeLessThanOrEqual(bubbleBox!.x + bubbleBox!.width);
    expect(bubbleBox!.x + bubbleBox!.width).toBeLessThanOrEqual(360);
    await card.scrollIntoViewIfNeeded();
    await bob.page.screenshot({ path: `${SHOTS}/link-preview-phone.png` });
    await bob.page.setViewportSize({ width: 1200, height: 800 });
  });

  it('still shows previews after a reconnect (one added while away) and after a reload', async () => {
    // The page answers after two seconds: Bob holds the message without its preview, then
    // goes offline before the preview is added.
    await sendText(ada.page, `While you were out: ${site.origin}/late-news`);
    await messageWith(bob.page, 'While you were out:').waitFor();
    expect(await cardOf(bob.page, 'While you were out:').count()).toBe(0);
    await bobLine.goOffline(bob.page);
    await bob.page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor();
    await cardOf(ada.page, 'While you were out:').filter({ hasText: 'Late news' }).waitFor();

    await bobLine.goOnline(bob.page);
    await bob.page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor({
      state: 'detached',
      timeout: 30_000,
    });
    await cardOf(bob.page, 'While you were out:').filter({ hasText: 'Slow Paper' }).waitFor();
    // No picture on that page: the card has none either.
    expect(await cardOf(bob.page, 'While you were out:').locator('img').count()).toBe(0);
    await cardOf(bob.page, TRAIL).waitFor();

    await bob.page.reload();
    await cardOf(bob.page, TRAIL).getByRole('link', { name: TRAIL_TITLE }).waitFor();
    await cardOf(bob.page, 'While you were out:').filter({ hasText: 'Late news' }).waitFor();
  });

  it('lets the sender remove a preview: gone on both sides, the link stays in the text', async () => {
    const remove = cardOf(ada.page, TRAIL).getByRole('button', {
      name: `Remove preview: ${TRAIL_TITLE}`,
    });
    await remove.focus();
    await remove.press('Enter');
    await cardOf(ada.page, TRAIL).waitFor({ state: 'detached' });
    await cardOf(bob.page, TRAIL).waitFor({ state: 'detached' });
    // The focus does not drop to the page's start: it goes to the message.
    await ada.page.waitForFunction(
      (text) =>
        document.activeElement?.closest('[data-testid="message"]')?.textContent?.includes(text),
      TRAIL,
    );
    expect(await messageWith(bob.page, TRAIL).getByRole('link').getAttribute('href')).toBe(
      `${site.origin}/ridge-loop`,
    );
    // The other preview is left alone.
    await cardOf(bob.page, 'While you were out:').waitFor();
  });

  it('hides every preview card for whoever turns "Show link previews" off, on their device only', async () => {
    const late = 'While you were out:';
    await bob.page.getByRole('button', { name: /your profile/ }).click();
    const profile = bob.page.getByRole('complementary', { name: 'Your profile' });
    const setting = profile.getByRole('switch', { name: 'Show link previews' });
    expect(await setting.getAttribute('aria-checked')).toBe('true');
    await setting.click();
    await cardOf(bob.page, late).waitFor({ state: 'detached' });
    expect(await setting.getAttribute('aria-checked')).toBe('false');
    expect(await conversationOf(bob.page).getByTestId('link-preview').count()).toBe(0);
    await screenshot(bob.page, '41-link-previews-off');
    await bob.page.getByRole('button', { name: 'Close your profile' }).click();
    // Ada's choice is hers.
    await cardOf(ada.page, late).waitFor();

    // Kept on this device: still off after a reload, even for a new link.
    await bob.page.reload();
    await sendText(ada.page, `Again: ${site.origin}/ridge-loop`);
    await cardOf(ada.page, 'Again:').waitFor();
    await messageWith(bob.page, 'Again:').waitFor();
    await messageWith(bob.page, late).waitFor();
    expect(await conversationOf(bob.page).getByTestId('link-preview').count()).toBe(0);

    await bob.page.getByRole('button', { name: /your profile/ }).click();
    await setting.click();
    expect(await setting.getAttribute('aria-checked')).toBe('true');
    await bob.page.getByRole('button', { name: 'Close your profile' }).click();
    await cardOf(bob.page, late).waitFor();
    await cardOf(bob.page, 'Again:').getByRole('link', { name: TRAIL_TITLE }).waitFor();
  });

  // ---- files and voice messages ----

  const fileCard = (page: Page, name: string) =>
    conversationOf(page)
      .getByTestId('file-card')
      .filter({ has: page.getByTestId('file-name').getByText(name, { exact: true }) });
  const PLAN = '%PDF-1.4\n% Trip plan: Saturday 8:00 at the north start\n%%EOF\n';

  it('attaches files dropped on the conversation or pasted; the other side downloads them by name', async () => {
    await dragFiles(ada.page, [{ name: 'Trip plan.pdf', type: 'application/pdf', text: PLAN }], {
      drop: false,
    });
    await ada.page.getByTestId('drop-zone').waitFor();
    await dragFiles(ada.page, [{ name: 'Trip plan.pdf', type: 'application/pdf', text: PLAN }]);
    await ada.page.getByTestId('drop-zone').waitFor({ state: 'detached' });
    await ada.page.getByTestId('attachment').filter({ hasText: 'Trip plan.pdf' }).waitFor();
    await sendText(ada.page, 'the plan');

    const card = fileCard(bob.page, 'Trip plan.pdf');
    await card.waitFor();
    expect(await card.getByTestId('file-meta').innerText()).toBe(`${PLAN.length} B · PDF`);
    expect(await card.getAttribute('download')).toBe('Trip plan.pdf');
    await messageWith(bob.page, 'the plan').getByTestId('file-card').waitFor();
    const [download] = await Promise.all([bob.page.waitForEvent('download'), card.click()]);
    expect(download.suggestedFilename()).toBe('Trip plan.pdf');
    expect(readFileSync(await download.path(), 'utf8')).toBe(PLAN);

    // Pasted: a text file, sent without a caption; the list says what came.
    await pasteFiles(ada.page, [
      { name: 'packing list.txt', type: 'text/plain', text: 'boots\nwater\nmap\n' },
    ]);
    await ada.page.getByTestId('attachment').filter({ hasText: 'packing list.txt' }).waitFor();
    await ada.page.getByLabel('Message', { exact: true }).press('Enter');
    await fileCard(bob.page, 'packing list.txt').waitFor();
    await chatRow(bob.page, 'ada').filter({ hasText: '📎 packing list.txt' }).waitFor();

    // Too large: refused before any upload, with the limit named.
    await dragFiles(ada.page, [
      { name: 'film.mov', type: 'video/quicktime', size: 30 * 1024 * 1024 },
    ]);
    await ada.page
      .getByRole('alert')
      .filter({ hasText: '“film.mov” is 30 MB: a file can be at most 25 MB.' })
      .waitFor();
    expect(await ada.page.getByTestId('attachment').count()).toBe(0);

    mkdirSync(SHOTS, { recursive: true });
    await bob.page.screenshot({ path: `${SHOTS}/file-card.png` });
  });

  it('shows an upload’s progress; a cancelled upload sends nothing; a refusal says the server’s reason', async () => {
    // A slow uplink (about 2 MB/s), so that a 3 MB upload takes a moment.
    const line = await ada.context.newCDPSession(ada.page);
    await line.send('Network.enable');
    const throttle = (uploadThroughput: number) =>
      line.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput,
      });
    await throttle(2 * 1024 * 1024);
    const progressOf = (caption: string) =>
      ada.page
        .getByTestId('pending-message')
        .filter({ hasText: caption })
        .getByRole('progressbar', { name: 'Upload progress' });

    await dragFiles(ada.page, [{ name: 'photos.zip', type: 'application/zip', size: 3 << 20 }]);
    await sendText(ada.page, 'all the photos');
    const started = Date.now();
    await ada.page.waitForFunction(() => {
      const bar = document.querySelector<HTMLProgressElement>('[data-testid="upload-progress"]');
      return bar !== null && bar.value > 0.1 && bar.value < 0.9;
    });
    await ada.page.screenshot({ path: `${SHOTS}/upload-progress.png` });
    await fileCard(bob.page, 'photos.zip').waitFor();
    console.log(`A 3 MB file at about 2 MB/s reached the other side in ${Date.now() - started} ms`);
    expect(await fileCard(bob.page, 'photos.zip').getByTestId('file-meta').innerText()).toBe(
      '3 MB · File',
    );

    await dragFiles(ada.page, [{ name: 'holiday.mov', type: 'video/quicktime', size: 3 << 20 }]);
    await sendText(ada.page, 'never mind the film');
    await progressOf('never mind the film').waitFor();
    await ada.page
      .getByTestId('pending-message')
      .filter({ hasText: 'never mind the film' })
      .getByRole('button', { name: 'Cancel' })
      .click();
    await ada.page.getByTestId('pending-message').waitFor({ state: 'detached' });
    await throttle(-1);
    await line.detach();
    await sendText(ada.page, 'after the cancelled film');
    await messageWith(bob.page, 'after the cancelled film').waitFor();
    expect(await messageWith(bob.page, 'never mind the film').count()).toBe(0);
    expect(await fileCard(bob.page, 'holiday.mov').count()).toBe(0);

    // Past the quota (FILE_QUOTA, 10 MB here): the server's own words, and no Retry.
    await dragFiles(ada.page, [{ name: 'backup.tar', type: 'application/x-tar', size: 8 << 20 }]);
    await ada.page.getByLabel('Message', { exact: true }).press('Enter');
    const refused = ada.page
      .getByTestId('pending-message')
      .and(ada.page.locator('[data-status="failed"]'));
    await refused
      .getByRole('alert')
      .filter({
        hasText: /^Not sent: Your uploads would exceed your storage quota of 10 MB \(.+ left\)/,
      })
      .waitFor();
    expect(await refused.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await refused.getByRole('button', { name: 'Discard' }).click();
    await refused.waitFor({ state: 'detached' });
  });

  it('records a voice message from the microphone; the other side plays it', async () => {
    await ada.page.getByRole('button', { name: 'Record a voice message' }).click();
    const recorder = ada.page.getByTestId('recorder');
    await recorder.and(ada.page.locator('[data-phase="recording"]')).waitFor();
    await recorder.getByTestId('recording-time').filter({ hasText: '0:02 / 5:00' }).waitFor();
    await recorder.getByRole('button', { name: 'Send voice message' }).click();
    await recorder.waitFor({ state: 'detached' });

    const voice = conversationOf(bob.page).getByTestId('voice-message');
    await voice.waitFor();
    await chatRow(bob.page, 'ada').filter({ hasText: '🎤 Voice message' }).waitFor();
    // Its length as recorded (the server's), not the browser's reading of the WebM: two seconds
    // and a little (three on a slow day, between the timer and the click).
    const time = await voice.getByTestId('voice-time').innerText();
    expect(time).toMatch(/^0:00 \/ 0:0[23]$/);
    const seconds = time.slice(-1);
    const bar = voice.getByRole('slider', { name: 'Playback position' });
    expect(await bar.getAttribute('aria-valuemax')).toBe(seconds);
    expect(await bar.getAttribute('aria-valuetext')).toBe(`0:00 of 0:0${seconds}`);

    await voice.getByRole('button', { name: 'Play voice message' }).click();
    await voice.getByRole('button', { name: 'Pause voice message' }).waitFor();
    await bob.page.waitForFunction(() => {
      const audio = document.querySelector<HTMLAudioElement>('[data-testid="voice-message"] audio');
      return audio !== null && audio.currentTime > 1;
    });
    await voice
      .getByTestId('voice-time')
      .filter({ hasText: /^0:01 \// })
      .waitFor();
    expect(await bar.getAttribute('aria-valuenow')).toBe('1');
    await bob.page.screenshot({ path: `${SHOTS}/voice-message.png` });
    // It plays through to the end, and is ready to play again.
    await voice.getByRole('button', { name: 'Play voice message' }).waitFor({ timeout: 10_000 });
    expect(await bar.getAttribute('aria-valuenow')).toBe('0');

    expect(await axeFindings(bob.page)).toEqual([]);
    expect(await axeFindings(ada.page)).toEqual([]);
    await bob.page.emulateMedia({ colorScheme: 'dark' });
    expect(await axeFindings(bob.page)).toEqual([]);
    await bob.page.emulateMedia({ colorScheme: 'light' });
  });
});
