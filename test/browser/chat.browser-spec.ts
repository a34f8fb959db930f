import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { sampleImage } from '@app/testing';
import type { AppProcess } from './app-process';
import {
  chatRow,
  closeAppInBrowser,
  openAppInBrowser,
  screenshot,
  shownTexts,
  signInByCode,
  type Person,
} from './browser';

const PORT = 38_000 + (process.pid % 1000);

/**
 * Two (then three) people chatting in the real client, in the system Chromium, against the built
 * app started as `npm start` would. The steps build on each other, like one afternoon of use.
 */
describe('The web client in a browser', () => {
  let app: AppProcess;
  let browser: Browser;
  let ada: Person;
  let bob: Person;

  beforeAll(async () => {
    ({ app, browser } = await openAppInBrowser(PORT));
  });

  afterAll(() => closeAppInBrowser(app, browser));

  const conversationWith = (page: Page) => page.getByRole('log', { name: 'Messages' });
  const message = (page: Page, text: string) =>
    conversationWith(page).getByTestId('message').filter({ hasText: text });

  const send = async (page: Page, text: string) => {
    await page.getByLabel('Message', { exact: true }).fill(text);
    await page.getByLabel('Message', { exact: true }).press('Enter');
  };

  const openChat = (page: Page, title: string) => chatRow(page, title).click();

  it('signs two people in by e-mail code, the code read from the outbox (pasted with a space)', async () => {
    ada = await signInByCode(browser, app.url, app.outboxDir, 'ada@example.com', {
      screenshots: true,
      codeWithSpace: true,
    });
    bob = await signInByCode(browser, app.url, app.outboxDir, 'bob@example.com');
    await screenshot(ada.page, '03-empty-chat-list');
    // The notifications banner takes "Not now" for an answer, for good; the tab has an icon.
    await bob.page.getByRole('button', { name: 'Not now' }).click();
    await bob.page.reload();
    await bob.page.getByRole('navigation', { name: 'Chats' }).waitFor();
    expect(await bob.page.getByRole('button', { name: 'Enable notifications' }).count()).toBe(0);
    const icon = await bob.page.request.get(`${app.url}/favicon.svg`);
    expect([icon.status(), icon.headers()['content-type']]).toEqual([200, 'image/svg+xml']);
  });

  it('opens a direct chat by searching an address; the other side sees it, typing, and an unread badge', async () => {
    await ada.page.getByLabel('Search people to chat with').fill('bob@example.com');
    await ada.page
      .getByRole('list', { name: 'People found' })
      .getByRole('button', { name: 'bob' })
      .click();
    await conversationWith(ada.page).waitFor();

    await bob.page.getByTestId('chat-row').filter({ hasText: 'ada' }).waitFor();
    await ada.page.getByLabel('Message', { exact: true }).fill('Hello Bob');
    await bob.page.getByTestId('chat-row').filter({ hasText: 'typing…' }).waitFor();
    await ada.page.getByLabel('Message', { exact: true }).press('Enter');

    const badge = bob.page
      .getByTestId('chat-row')
      .filter({ hasText: 'ada' })
      .getByTestId('unread-badge');
    await badge.filter({ hasText: '1' }).waitFor();
    await screenshot(bob.page, '04-chat-list-unread-badge');
    await message(ada.page, 'Hello Bob')
      .getByTestId('tick')
      .and(ada.page.locator('[data-state="delivered"]'))
      .waitFor();
  });

  it('shows the message, read ticks once the other person opens it, and their reply', async () => {
    await openChat(bob.page, 'ada');
    await message(bob.page, 'Hello Bob').waitFor();
    await ada.page.locator('[data-testid="tick"][data-state="read"]').first().waitFor();

    await bob.page.getByLabel('Message', { exact: true }).fill('Hi Ada!');
    await ada.page.getByTestId('chat-status').filter({ hasText: 'bob is typing…' }).waitFor();
    await bob.page.getByLabel('Message', { exact: true }).press('Enter');
    await message(ada.page, 'Hi Ada!').waitFor();
    // The typing line goes away by itself once the message arrives.
    await ada.page.getByTestId('chat-status').filter({ hasText: 'online' }).waitFor();
    await screenshot(ada.page, '05-conversation-with-ticks');

    // Shift+Enter makes a new line instead of sending.
    const box = ada.page.getByLabel('Message', { exact: true });
    await box.fill('first line');
    await box.press('Shift+Enter');
    await box.pressSequentially('second line');
    await box.press('Enter');
    await message(bob.page, 'second line').waitFor();
    expect(await message(bob.page, 'second line').innerText()).toContain('first line\nsecond line');
  });

  it('refuses a text over 4,000 characters rather than cutting it, and counts near the limit', async () => {
    const box = ada.page.getByLabel('Message', { exact: true });
    await box.fill('a'.repeat(3600));
    await ada.page.getByTestId('composer-count').filter({ hasText: '3,600 / 4,000' }).waitFor();
    await box.fill('a'.repeat(4120));
    await ada.page.getByTestId('composer-count').filter({ hasText: 'Too long: 4,120' }).waitFor();
    expect(await box.inputValue()).toHaveLength(4120);
    expect(await ada.page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(
      true,
    );
    await box.fill('');
  });

  it('sends an image that the other person sees as a thumbnail and can open full size', async () => {
    const png = await sampleImage('image/png', { width: 400, height: 300 });
    await ada.page.getByTestId('file-input').setInputFiles({
      name: 'sunset.png',
      mimeType: 'image/png',
      buffer: png,
    });
    await ada.page.getByAltText('Image to send').waitFor();
    await ada.page.getByLabel('Message', { exact: true }).fill('Sunset');
    await ada.page.getByRole('button', { name: 'Send', exact: true }).click();

    const picture = conversationWith(bob.page).getByRole('img', { name: 'Sunset' });
    await picture.waitFor();
    await bob.page.waitForFunction(() =>
      [...document.querySelectorAll('[role="log"] img')].some(
        (img) => (img as HTMLImageElement).naturalWidth > 0,
      ),
    );
    await picture.click();
    const dialog = bob.page.getByRole('dialog', { name: 'Image' });
    await dialog.waitFor();
    await screenshot(bob.page, '06-image-full-size');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await screenshot(bob.page, '07-image-message');
  });

  it('sends a large photo smaller than it was taken, and lets an upload be cancelled', async () => {
    // A camera-sized photo of noise: about 10 MB, twice what the server takes (5 MB by default).
    const photo = await sharp({
      create: {
        width: 4000,
        height: 3000,
        channels: 3,
        background: { r: 128, g: 128, b: 128 },
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .jpeg({ quality: 95 })
      .toBuffer();
    const attach = (name: string) =>
      ada.page
        .getByTestId('file-input')
        .setInputFiles({ name, mimeType: 'image/jpeg', buffer: photo });
    await attach('camera.jpg');
    await ada.page.getByLabel('Message', { exact: true }).fill('From the camera');
    await ada.page.getByRole('button', { name: 'Send', exact: true }).click();
    await conversationWith(bob.page).getByRole('img', { name: 'From the camera' }).waitFor();
    const chatId = new URL(ada.page.url()).hash.split('/').pop();
    const sent = await ada.page.evaluate(async (id) => {
      const res = await fetch(`/api/v1/chats/${id}/messages?limit=1`, { credentials: 'include' });
      const { items } = (await res.json()) as { items: { media: { width: number } | null }[] };
      return items[0].media?.width;
    }, chatId);
    expect(sent).toBe(2048);

    // An upload held up (a slow line) can be cancelled: nothing is sent.
    await ada.page.route('**/api/v1/media', () => undefined);
    await attach('slow.jpg');
    await ada.page.getByLabel('Message', { exact: true }).fill('Never mind');
    await ada.page.getByRole('button', { name: 'Send', exact: true }).click();
    const pending = ada.page.getByTestId('pending-message').filter({ hasText: 'Never mind' });
    await pending.getByRole('button', { name: 'Cancel' }).click();
    await pending.waitFor({ state: 'detached' });
    await ada.page.unroute('**/api/v1/media');
    await send(ada.page, 'after the cancelled one');
    await message(bob.page, 'after the cancelled one').waitFor();
    expect(await message(bob.page, 'Never mind').count()).toBe(0);
  });

  it('creates a group with a third person, who sees it and its messages', async () => {
    const cy = await signInByCode(browser, app.url, app.outboxDir, 'cy@example.com');
    await ada.page.getByRole('button', { name: 'New group' }).click();
    const panel = ada.page.getByRole('complementary', { name: 'New group' });
    await panel.getByLabel('Group name').fill('Weekend hike');
    for (const email of ['bob@example.com', 'cy@example.com']) {
      await panel.getByLabel('Add members').fill(email);
      await panel.getByRole('list', { name: 'People found' }).getByRole('button').first().click();
    }
    await panel.getByRole('button', { name: 'Create group' }).click();
    await ada.page.getByRole('heading', { name: 'Weekend hike' }).waitFor();
    await send(ada.page, 'Saturday 8am?');

    await openChat(cy.page, 'Weekend hike');
    await message(cy.page, 'Saturday 8am?').waitFor();
    await openChat(bob.page, 'Weekend hike');
    await message(bob.page, 'Saturday 8am?').waitFor();
    await ada.page.locator('[data-testid="tick"][data-state="read"]').last().waitFor();
    await ada.page.getByRole('button', { name: 'Group info' }).click();
    await ada.page
      .getByRole('complementary', { name: 'Group info' })
      .getByText('3 members')
      .waitFor();
    await screenshot(ada.page, '08-group-info');
    // Removing asks first; the person removed is told, not left looking at an empty screen.
    const info = ada.page.getByRole('complementary', { name: 'Group info' });
    await info.getByRole('button', { name: 'Remove cy' }).click();
    await info.getByRole('button', { name: 'Remove', exact: true }).click();
    await info.getByText('2 members').waitFor();
    await cy.page
      .getByTestId('farewell')
      .filter({ hasText: 'You were removed from Weekend hike.' })
      .waitFor();
    await screenshot(cy.page, '09-removed-from-group');
    await ada.page.getByRole('button', { name: 'Close group info' }).click();
    await cy.context.close();
  });

  it('shows each message exactly once after the server restarts mid-conversation', async () => {
    await openChat(ada.page, 'bob');
    await openChat(bob.page, 'ada');
    await send(ada.page, 'before the restart');
    await message(bob.page, 'before the restart').waitFor();

    await app.stop();
    await ada.page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor();
    await send(ada.page, 'while the server is down');
    await ada.page
      .getByTestId('pending-message')
      .filter({ hasText: 'while the server is down' })
      .waitFor();
    await screenshot(ada.page, '09-reconnecting');

    await app.start();
    await message(bob.page, 'while the server is down').waitFor({ timeout: 30_000 });
    await message(ada.page, 'while the server is down').waitFor({ timeout: 30_000 });
    await send(bob.page, 'after the restart');
    await message(ada.page, 'after the restart').waitFor();

    for (const person of [ada, bob]) {
      const texts = await shownTexts(person.page);
      const expected = [
        'Hello Bob',
        'Hi Ada!',
        'before the restart',
        'while the server is down',
        'after the restart',
      ];
      for (const text of expected) expect(texts.filter((t) => t === text)).toHaveLength(1);
      expect(await person.page.getByTestId('pending-message').count()).toBe(0);
    }
  });

  it('gives each chat an address: a reload keeps it open with its draft, Back goes back', async () => {
    // From the chat list, reached by editing the address.
    await ada.page.evaluate(() => {
      window.location.hash = '';
    });
    await ada.page.getByText('Pick a chat, or search for someone to start one.').waitFor();
    const before = ada.page.url();
    await openChat(ada.page, 'bob');
    await conversationWith(ada.page).waitFor();
    expect(ada.page.url()).toMatch(/#\/chat\/[0-9a-f-]{36}$/);
    const box = ada.page.getByLabel('Message', { exact: true });
    await box.fill('a draft I did not send');
    await ada.page.reload();
    await message(ada.page, 'Hello Bob').waitFor();
    expect(await box.inputValue()).toBe('a draft I did not send');
    await box.fill('');
    await ada.page.goBack();
    // Back to the list, where Ada was before opening the chat (the reload kept the history).
    await ada.page.waitForURL(before);
    await ada.page.getByText('Pick a chat, or search for someone to start one.').waitFor();
    await ada.page.goForward();
    await message(ada.page, 'Hello Bob').waitFor();
  });

  it('scrolled up, offers a jump to the latest message with how many arrived meanwhile', async () => {
    await openChat(bob.page, 'ada');
    for (let i = 1; i <= 25; i += 1) await send(bob.page, `filler ${i}`);
    await message(ada.page, 'filler 25').waitFor();
    await conversationWith(ada.page).evaluate((box) => {
      box.scrollTop = 0;
    });
    const jump = ada.page.getByTestId('jump-to-latest');
    await jump.filter({ hasText: 'Latest' }).waitFor();
    await send(bob.page, 'while you were up there');
    await send(bob.page, 'and another');
    await jump.filter({ hasText: '2 new messages' }).waitFor();
    await jump.click();
    await jump.waitFor({ state: 'detached' });
    expect(await message(ada.page, 'and another').isVisible()).toBe(true);
  });

  it('shows within 3 s that the network is gone, greys out presence, and comes back', async () => {
    await openChat(ada.page, 'bob');
    await ada.page.getByTestId('chat-status').filter({ hasText: 'online' }).waitFor();
    const cut = Date.now();
    await ada.context.setOffline(true);
    await ada.page.getByRole('status').filter({ hasText: 'Offline' }).waitFor({ timeout: 3000 });
    await ada.page
      .getByTestId('chat-status')
      .filter({ hasText: 'waiting for the network' })
      .waitFor();
    // Nobody shows online while that cannot be known (the chat list's dot included).
    expect(await ada.page.getByTestId('chat-row').getByTestId('online-dot').count()).toBe(0);
    expect(Date.now() - cut).toBeLessThan(3000);
    await screenshot(ada.page, '05-offline');
    await ada.context.setOffline(false);
    await ada.page
      .getByRole('status')
      .filter({ hasText: 'Offline' })
      .waitFor({ state: 'detached' });
    await ada.page.getByTestId('chat-status').filter({ hasText: 'online' }).waitFor();
  });

  it('opens a chat with pictures at its newest message, and with unread ones at the first unread under "New messages"', async () => {
    const api = (path: string) => `${app.url}/api/v1${path}`;
    const found = (await (
      await ada.page.request.get(api('/users?search=bob@example.com'))
    ).json()) as { items: Array<{ id: string }> };
    const group = (await (
      await ada.page.request.post(api('/chats/groups'), {
        data: { name: 'Photos', memberIds: [found.items[0].id] },
      })
    ).json()) as { id: string };
    const post = async (data: { text?: string; mediaId?: string }) => {
      const res = await ada.page.request.post(api(`/chats/${group.id}/messages`), {
        data: { clientMessageId: randomUUID(), ...data },
      });
      expect(res.status()).toBe(201);
    };
    // Tall pictures: each one that reserved no room pushed the end ~250 px out of sight.
    const tall = await sampleImage('image/png', { width: 300, height: 600 });
    for (let i = 1; i <= 6; i += 1) {
      const upload = await ada.page.request.post(api('/media'), {
        multipart: { file: { name: `tall-${i}.png`, mimeType: 'image/png', buffer: tall } },
      });
      await post({ mediaId: ((await upload.json()) as { id: string }).id });
    }
    await post({ text: 'after the pictures' });

    /** How far the list's end is below what is shown: 0 at the bottom. */
    const belowView = (page: Page) =>
      conversationWith(page).evaluate((box) => box.scrollHeight - box.scrollTop - box.clientHeight);
    const thumbnailsLoaded = (page: Page) =>
      page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>('[data-testid="message-image"] img')].every(
          (img) => img.complete && img.naturalWidth > 0,
        ),
      );

    // Ada sent them all, so nothing is unread for her: the chat opens at its end, and stays there.
    await openChat(ada.page, 'Photos');
    await message(ada.page, 'after the pictures').waitFor();
    await thumbnailsLoaded(ada.page);
    expect(await belowView(ada.page)).toBeLessThan(4);
    const [lastBox, adaList] = await Promise.all([
      message(ada.page, 'after the pictures').boundingBox(),
      conversationWith(ada.page).boundingBox(),
    ]);
    if (!lastBox || !adaList) throw new Error('not laid out');
    expect(lastBox.y + lastBox.height).toBeLessThanOrEqual(adaList.y + adaList.height);
    expect(await ada.page.getByTestId('new-messages').count()).toBe(0);

    // Bob read up to the pictures' text; then 30 more came: he starts at the first of those.
    await openChat(bob.page, 'Photos');
    await message(bob.page, 'after the pictures').waitFor();
    await openChat(bob.page, 'ada');
    for (let i = 1; i <= 30; i += 1) await post({ text: `unread ${i} of 30` });
    await chatRow(bob.page, 'Photos')
      .getByTestId('unread-badge')
      .filter({ hasText: '30' })
      .waitFor();
    await openChat(bob.page, 'Photos');
    const divider = bob.page.getByTestId('new-messages');
    await divider.waitFor();
    await thumbnailsLoaded(bob.page);
    const [dividerBox, firstBox, listBox] = await Promise.all([
      divider.boundingBox(),
      message(bob.page, 'unread 1 of 30').boundingBox(),
      conversationWith(bob.page).boundingBox(),
    ]);
    if (!dividerBox || !firstBox || !listBox) throw new Error('not laid out');
    // The divider sits right above the first unread message, both inside the list's view.
    expect(firstBox.y).toBeGreaterThan(dividerBox.y);
    expect(firstBox.y - (dividerBox.y + dividerBox.height)).toBeLessThan(12);
    expect(dividerBox.y).toBeGreaterThanOrEqual(listBox.y);
    expect(firstBox.y + firstBox.height).toBeLessThanOrEqual(listBox.y + listBox.height);
    expect(await belowView(bob.page)).toBeGreaterThan(100);
    await screenshot(bob.page, '12-new-messages-divider');
  });

  it('works on a phone-width touch screen: the list, the conversation with a way back, actions without hover', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await phone.newPage();
    await phone.addCookies(await ada.context.cookies());
    await page.goto(app.url);
    await page.getByTestId('chat-row').first().waitFor();
    await screenshot(page, '10-phone-chat-list');
    await openChat(page, 'bob');
    await message(page, 'after the restart').waitFor();
    expect(await page.getByRole('navigation', { name: 'Chats' }).isVisible()).toBe(false);
    // No hover on a touch screen: each message's actions button is there to tap.
    const actions = message(page, 'after the restart').getByRole('button', {
      name: 'Message actions',
    });
    expect(await actions.evaluate((button) => getComputedStyle(button).opacity)).toBe('1');
    await expect(page.getByTestId('chat-status').textContent()).resolves.toMatch(
      /^(online|last seen (today|yesterday) at .+|waiting for the network…)$/,
    );
    await screenshot(page, '11-phone-conversation');
    await page.getByRole('button', { name: 'Back to chats' }).click();
    await page.getByRole('navigation', { name: 'Chats' }).waitFor();
    await phone.close();
  });
});
