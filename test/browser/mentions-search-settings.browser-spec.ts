import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { AppProcess } from './app-process';
import { seriousAxeFindings } from './axe';
import {
  messageMenu,
  messageWith,
  notificationsShown,
  openChatRow,
  recordNotifications,
  screenshot,
  sendText,
  twoPeopleChatting,
  type Person,
  openAppInBrowser,
  closeAppInBrowser,
  chatRow,
  signInByCode,
  reportErrors,
} from './browser';

const PORT = 40_000 + (process.pid % 1000);
/** Where the sessions case saves what the list looks like. */
const SHOTS = '/tmp/shots';

/** axe's serious findings, let in through the DevTools protocol: the app's CSP refuses inline scripts. */
async function axeFindings(page: Page) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  }
  return seriousAxeFindings(page);
}

/**
 * Issue 17 in the real client, the rest: mentions (with the "@" badge and a notification),
 * message search, muting a chat and blocking a person, each seen by the other side.
 */
describe('Mentions, search, mute and block, in the browser', () => {
  let app: AppProcess;
  let browser: Browser;
  let ada: Person;
  let bob: Person;

  beforeAll(async () => {
    ({ app, browser } = await openAppInBrowser(PORT));
  });

  afterAll(() => closeAppInBrowser(app, browser));

  const menuItem = (page: Page, name: string) => page.getByRole('menuitem', { name, exact: true });

  /** A new browser context at the sign-in screen, for `email` to sign in as they choose. */
  async function newContextPage(email: string): Promise<Person> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    reportErrors(page, email);
    await page.goto(app.url);
    return { email, context, page };
  }

  /** Sends as `person` over the REST API (their cookies), to fill a chat quickly. */
  async function sendOverApi(person: Person, chatTitle: string, texts: string[]): Promise<void> {
    const chats = (await (await person.page.request.get(`${app.url}/api/v1/chats`)).json()) as {
      items: Array<{ id: string; name: string | null }>;
    };
    const chat = chats.items.find((c) => c.name === chatTitle);
    if (!chat) throw new Error(`no chat ${chatTitle}`);
    for (const text of texts) {
      const res = await person.page.request.post(`${app.url}/api/v1/chats/${chat.id}/messages`, {
        data: { clientMessageId: randomUUID(), text },
      });
      expect(res.status()).toBe(201);
    }
  }

  it('signs two people in; Bob allows notifications from a click', async () => {
    ({ ada, bob } = await twoPeopleChatting(browser, app, 'Hello Bob', {
      bob: recordNotifications,
    }));
    const enable = bob.page.getByRole('button', { name: 'Enable notifications' });
    await enable.click();
    await enable.waitFor({ state: 'hidden' });
  });

  it('mentions: @ offers members (keyboard and mouse); the mentioned person gets a badge, a notification and a highlight', async () => {
    await ada.page.getByRole('button', { name: 'New group' }).click();
    const panel = ada.page.getByRole('complementary', { name: 'New group' });
    await panel.getByLabel('Group name').fill('Trip');
    await panel.getByLabel('Add members').fill('bob@example.com');
    await panel.getByRole('list', { name: 'People found' }).getByRole('button').first().click();
    await panel.getByRole('button', { name: 'Create group' }).click();
    await ada.page.getByRole('heading', { name: 'Trip' }).waitFor();
    await chatRow(bob.page, 'Trip').waitFor();
    const before = (await notificationsShown(bob.page)).length;
    await sendText(ada.page, 'Welcome to the trip');
    await chatRow(bob.page, 'Trip').getByTestId('unread-badge').waitFor();

    const box = ada.page.getByLabel('Message', { exact: true });
    await box.pressSequentially('Hey @bo');
    const suggestions = ada.page.getByRole('listbox', { name: 'Mention someone' });
    await suggestions.getByRole('option', { name: '@bob' }).waitFor();
    await screenshot(ada.page, '29-mention-suggestions');
    await box.press('Enter');
    expect(await box.inputValue()).toBe('Hey @bob ');
    await box.pressSequentially('bring the map');
    await box.press('Enter');

    await chatRow(bob.page, 'Trip').getByTestId('mention-badge').waitFor();
    await screenshot(bob.page, '30-mention-badge');
    const notes = (await notificationsShown(bob.page)).slice(before);
    expect(notes.map((n) => n.title)).toEqual(['ada in Trip', 'ada mentioned you in Trip']);
    expect(notes[1].body).toBe('Hey @bob bring the map');
    expect(await bob.page.title()).toMatch(/^\(\d+\) Chat$/);

    await openChatRow(bob.page, 'Trip');
    await messageWith(bob.page, 'bring the map')
      .locator('[data-testid="mention"][data-me="true"]')
      .filter({ hasText: '@bob' })
      .waitFor();
    await chatRow(bob.page, 'Trip').getByTestId('mention-badge').waitFor({ state: 'detached' });
    await bob.page.waitForFunction(() => document.title === 'Chat');
    await screenshot(bob.page, '31-mention-highlighted');

    // With the mouse: the option is clicked.
    await box.pressSequentially('and @');
    await suggestions.getByRole('option', { name: '@bob' }).click();
    await box.pressSequentially('too');
    await box.press('Enter');
    await messageWith(bob.page, /and @bob too/)
      .locator('[data-me="true"]')
      .waitFor();
  });

  it('searches my messages: chat name, the hit highlighted, and opens the chat at an older message', async () => {
    await sendText(ada.page, 'Meet at the trailhead at 8');
    await sendOverApi(
      ada,
      'Trip',
      Array.from({ length: 60 }, (_, i) => `filler ${i + 1}`),
    );
    await messageWith(bob.page, 'filler 60').waitFor();

    // A fresh page: only the newest messages are loaded, the hit is further back.
    await bob.page.reload();
    await bob.page.getByLabel('Search messages').fill('trailhead');
    const result = bob.page.getByTestId('search-result').filter({ hasText: 'Trip' });
    await result.locator('mark', { hasText: 'trailhead' }).waitFor();
    await screenshot(bob.page, '32-search-results');
    await result.click();
    const hit = messageWith(bob.page, 'Meet at the trailhead at 8');
    await hit.and(bob.page.locator('[data-highlighted="true"]')).waitFor();
    await screenshot(bob.page, '33-search-opened-at-message');

    // Within the open chat.
    await bob.page.getByRole('button', { name: 'Search in this chat' }).click();
    await bob.page.getByRole('searchbox', { name: 'Search in this chat' }).fill('filler');
    await bob.page.getByTestId('search-result').filter({ hasText: 'Trip' }).first().waitFor();
    await screenshot(bob.page, '34-search-in-chat');
    await bob.page.getByRole('button', { name: 'Search in this chat' }).click();

    // A reply to it; Ada, on a fresh page, clicks the quote and the original is loaded and lit.
    await messageMenu(bob.page, 'Meet at the trailhead at 8');
    await menuItem(bob.page, 'Reply').click();
    await sendText(bob.page, 'Which trailhead?');
    await messageWith(ada.page, 'Which trailhead?').waitFor();
    await ada.page.reload();
    await openChatRow(ada.page, 'Trip');
    await messageWith(ada.page, 'Which trailhead?').getByTestId('reply-quote').click();
    await messageWith(ada.page, 'Meet at the trailhead at 8')
      .and(ada.page.locator('[data-highlighted="true"]'))
      .waitFor();
  });

  it('mutes a chat (1 hour, 8 hours, until unmuted): no notifications while muted, reversible', async () => {
    await openChatRow(bob.page, 'Trip');
    await bob.page.getByRole('button', { name: 'Mute', exact: true }).click();
    await screenshot(bob.page, '35-mute-choices');
    await menuItem(bob.page, 'For 1 hour').click();
    // Muted, the header's bell is struck out and unmutes.
    await bob.page
      .getByRole('region', { name: 'Conversation with Trip' })
      .getByRole('button', { name: 'Unmute' })
      .waitFor();
    await chatRow(bob.page, 'Trip').getByTestId('muted-icon').waitFor();
    await screenshot(bob.page, '36-muted');

    await openChatRow(bob.page, 'ada');
    const before = (await notificationsShown(bob.page)).length;
    await sendText(ada.page, 'muted hello');
    await chatRow(bob.page, 'Trip').getByTestId('unread-badge').filter({ hasText: '1' }).waitFor();
    expect(await notificationsShown(bob.page)).toHaveLength(before);

    // Until unmuted: kept by the server across a reload, then undone.
    await openChatRow(bob.page, 'Trip');
    await bob.page.getByRole('button', { name: 'Unmute' }).click();
    await bob.page.getByRole('button', { name: 'Mute', exact: true }).click();
    await menuItem(bob.page, 'Until I unmute').click();
    await bob.page.reload();
    await chatRow(bob.page, 'Trip').getByTestId('muted-icon').waitFor();
    await openChatRow(bob.page, 'Trip');
    await bob.page.getByRole('button', { name: 'Unmute' }).click();
    await chatRow(bob.page, 'Trip').getByTestId('muted-icon').waitFor({ state: 'detached' });

    await openChatRow(bob.page, 'ada');
    await sendText(ada.page, 'unmuted hello');
    await bob.page.waitForFunction(() =>
      (window as unknown as { shownNotifications: Array<{ body: string }> }).shownNotifications
        .map((n) => n.body)
        .includes('unmuted hello'),
    );
  });

  it('blocks from the profile: the blocked person cannot send; unblocking undoes it', async () => {
    await openChatRow(ada.page, 'bob');
    await openChatRow(bob.page, 'ada');
    await bob.page.getByRole('button', { name: 'Profile of ada' }).click();
    const profile = bob.page.getByRole('complementary', { name: 'Profile' });
    await profile.getByRole('button', { name: 'Block ada' }).click();
    // One click only asks: nothing is blocked until it is confirmed.
    await profile.getByRole('group', { name: /^Block ada\?/ }).waitFor();
    expect(await profile.getByTestId('blocked-label').count()).toBe(0);
    await profile.getByRole('button', { name: 'Block', exact: true }).click();
    await profile.getByTestId('blocked-label').waitFor();
    await bob.page.getByTestId('blocked-chip').waitFor();
    // The blocker's composer says why there is nothing to write, instead of failing each send.
    await bob.page.getByTestId('blocked-composer').filter({ hasText: 'You blocked ada' }).waitFor();
    await screenshot(bob.page, '37-blocked');

    await sendText(ada.page, 'are you there?');
    const pending = ada.page.getByTestId('pending-message').filter({ hasText: 'are you there?' });
    await pending.and(ada.page.locator('[data-status="failed"]')).waitFor();
    // Refused for good: no Retry that could never work.
    expect(await pending.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await screenshot(ada.page, '38-send-refused-when-blocked');
    // Ada does not see Bob online while blocked.
    await ada.page.reload();
    await openChatRow(ada.page, 'bob');
    await ada.page
      .getByTestId('chat-status')
      .filter({ hasText: /offline|last seen/ })
      .waitFor();

    await profile.getByRole('button', { name: 'Unblock ada' }).click();
    await profile.getByRole('button', { name: 'Block ada' }).waitFor();
    await bob.page.getByTestId('blocked-chip').waitFor({ state: 'detached' });
    await bob.page.getByTestId('blocked-composer').waitFor({ state: 'detached' });
    await bob.page.getByRole('button', { name: 'Close profile' }).click();

    await sendText(ada.page, 'are you there now?');
    await messageWith(bob.page, 'are you there now?').waitFor();
  });

  it('in a group, shows messages of someone blocked collapsed, without a notification; one click shows one', async () => {
    const profile = bob.page.getByRole('complementary', { name: 'Profile' });
    await bob.page.getByRole('button', { name: 'Profile of ada' }).click();
    await profile.getByRole('button', { name: 'Block ada' }).click();
    await profile.getByRole('button', { name: 'Block', exact: true }).click();
    await profile.getByTestId('blocked-label').waitFor();
    await bob.page.getByRole('button', { name: 'Close profile' }).click();

    const before = (await notificationsShown(bob.page)).length;
    await openChatRow(ada.page, 'Trip');
    await sendText(ada.page, 'Sent while blocked');
    // The list collapses it too; by then its notification would have been shown.
    await chatRow(bob.page, 'Trip').filter({ hasText: 'Message from a blocked person' }).waitFor();
    expect(await notificationsShown(bob.page)).toHaveLength(before);
    await openChatRow(bob.page, 'Trip');
    const collapsed = bob.page.getByRole('button', { name: /^Message from a blocked person/ });
    await collapsed.last().waitFor();
    expect(await messageWith(bob.page, 'Sent while blocked').count()).toBe(0);
    await screenshot(bob.page, '39-blocked-in-group');
    await collapsed.last().click();
    await messageWith(bob.page, 'Sent while blocked').waitFor();
  });
  it('tells two people of the same name apart by @handle (search, mentions, group info), and lets one change theirs', async () => {
    // A second "bob": signed up as bobby@…, so his handle is "bobby", then renamed "bob".
    const bobby = await signInByCode(browser, app.url, app.outboxDir, 'bobby@example.com');
    const me = await bobby.page.request.patch(`${app.url}/api/v1/users/me`, {
      data: { name: 'bob' },
    });
    expect(((await me.json()) as { handle: string }).handle).toBe('bobby');

    // People search: two "bob"s, each with their own handle.
    const search = ada.page.getByLabel('Search people to chat with');
    await search.fill('bob');
    const found = ada.page.getByRole('list', { name: 'People found' });
    await found.getByText('@bobby').waitFor();
    expect(await found.getByTestId('handle').allTextContents()).toEqual(
      expect.arrayContaining(['@bob', '@bobby']),
    );
    // A handle is found by its start, with or without its "@".
    await search.fill('@bobb');
    await found.getByRole('button', { name: /bob\s*@bobby/ }).waitFor();
    await search.fill('');

    // Both in the group: the mention suggestions and the member list tell them apart.
    await openChatRow(ada.page, 'Trip');
    await ada.page.getByRole('button', { name: 'Group info' }).click();
    const info = ada.page.getByRole('complementary', { name: 'Group info' });
    await info.getByLabel('Add people').fill('bobby');
    await info.getByRole('list', { name: 'People found' }).getByRole('button').first().click();
    await info.getByText('@bobby').waitFor();
    expect(await info.getByTestId('handle').allTextContents()).toEqual(
      expect.arrayContaining(['@ada', '@bob', '@bobby']),
    );
    await screenshot(ada.page, '45-group-info-handles');
    await ada.page.getByRole('button', { name: 'Close group info' }).click();
    const box = ada.page.getByLabel('Message', { exact: true });
    await box.pressSequentially('@bo');
    const suggestions = ada.page.getByRole('listbox', { name: 'Mention someone' });
    await suggestions.getByRole('option', { name: /@bob\s*@bobby/ }).waitFor();
    expect(await suggestions.getByRole('option').allTextContents()).toEqual(
      expect.arrayContaining(['@bob@bob', '@bob@bobby']),
    );
    await screenshot(ada.page, '46-mention-handles');
    await box.fill('');

    // Ada changes her handle: a taken one is refused in words, a free one is hers.
    await ada.page.getByRole('button', { name: /your profile/ }).click();
    const profile = ada.page.getByRole('complementary', { name: 'Your profile' });
    const handle = profile.getByLabel('Handle');
    expect(await handle.inputValue()).toBe('ada');
    await handle.fill('@Bobby');
    await profile.getByRole('button', { name: 'Save handle' }).click();
    await profile.getByRole('alert').filter({ hasText: '@bobby is taken' }).waitFor();
    await handle.fill('a!');
    await profile.getByRole('button', { name: 'Save handle' }).click();
    await profile.getByRole('alert').filter({ hasText: 'a–z, 0–9 and _' }).waitFor();
    await handle.fill('ada_l');
    await profile.getByRole('button', { name: 'Save handle' }).click();
    await profile.getByRole('status').filter({ hasText: 'Your handle is now @ada_l' }).waitFor();
    await screenshot(ada.page, '47-handle-changed');
    await ada.page.getByRole('button', { name: 'Close your profile' }).click();
    await bobby.page.getByLabel('Search people to chat with').fill('@ada_');
    await bobby.page
      .getByRole('list', { name: 'People found' })
      .getByRole('button', { name: /ada\s*@ada_l/ })
      .waitFor();
    // A person's profile shows their handle under the name.
    await openChatRow(ada.page, 'bob');
    await ada.page.getByRole('button', { name: 'Profile of bob' }).click();
    const person = ada.page.getByRole('complementary', { name: 'Profile' });
    await person.getByTestId('handle').filter({ hasText: '@bob' }).waitFor();
    await ada.page.getByRole('button', { name: 'Close profile' }).click();
    await bobby.context.close();
  });

  it('lists where someone is signed in and signs their lost laptop out, which then shows the sign-in screen saying why; then every other session at once', async () => {
    // Dee signs up with a password (a sign-in code can be asked for once a minute only), then
    // also signs in on her laptop (a second browser context) and from a script (its User-Agent,
    // "node", names no browser).
    const password = 'correct horse battery';
    const dee = await newContextPage('dee@example.com');
    await dee.page.getByRole('tab', { name: 'Register' }).click();
    await dee.page.getByLabel('Name').fill('dee');
    await dee.page.getByLabel('E-mail').fill(dee.email);
    await dee.page.getByLabel('Password').fill(password);
    await dee.page.getByRole('button', { name: 'Create account' }).click();
    await dee.page.getByRole('navigation', { name: 'Chats' }).waitFor();
    const laptop = await newContextPage(dee.email);
    await laptop.page.getByRole('tab', { name: 'Password' }).click();
    await laptop.page.getByLabel('E-mail').fill(dee.email);
    await laptop.page.getByLabel('Password').fill(password);
    await laptop.page.getByRole('button', { name: 'Sign in' }).click();
    await laptop.page.getByRole('navigation', { name: 'Chats' }).waitFor();
    const laptopRequests: string[] = [];
    laptop.page.on('request', (request) => laptopRequests.push(request.url()));
    laptop.page.on('websocket', (socket) => laptopRequests.push(socket.url()));
    const script = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: dee.email, password }),
    });
    const { refreshToken } = (await script.json()) as { refreshToken: string };

    await dee.page.getByRole('button', { name: /your profile/ }).click();
    const profile = dee.page.getByRole('complementary', { name: 'Your profile' });
    const rows = profile
      .getByRole('list', { name: "Where you're signed in" })
      .getByRole('listitem');
    await rows.nth(2).waitFor();
    // This device first, marked, with nothing to sign out here (the profile's own button does
    // that); then the others, the latest active first.
    expect(
      await rows.evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.current)),
    ).toEqual(['true', 'false', 'false']);
    expect(await rows.allInnerTexts()).toEqual([
      expect.stringMatching(/^Chrome on Linux\s*This device\nSigned in .+\nLast active just now$/),
      expect.stringMatching(/^Unknown device\nSigned in .+\nLast active just now\nSign out$/),
      expect.stringMatching(/^Chrome on Linux\nSigned in .+\nLast active just now\nSign out$/),
    ]);
    expect(await rows.first().getByRole('button').count()).toBe(0);
    const section = profile.getByRole('region', { name: "Where you're signed in" });
    await section.scrollIntoViewIfNeeded();
    expect(await axeFindings(dee.page)).toEqual([]);
    mkdirSync(SHOTS, { recursive: true });
    await section.screenshot({ path: `${SHOTS}/sessions.png` });

    // One click only asks; Cancel leaves it be. Then the laptop is signed out for real.
    const laptopRow = rows.nth(2);
    await laptopRow.getByRole('button', { name: 'Sign out Chrome on Linux' }).click();
    const asking = laptopRow.getByRole('group', { name: /^Sign out Chrome on Linux\?/ });
    await asking.getByRole('button', { name: 'Cancel' }).click();
    await laptopRow.getByRole('button', { name: 'Sign out Chrome on Linux' }).click();
    const signedOutAt = Date.now();
    await asking.getByRole('button', { name: 'Sign out', exact: true }).click();
    await profile
      .getByRole('status')
      .filter({ hasText: 'Chrome on Linux is signed out.' })
      .waitFor();
    await rows.nth(2).waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(2);

    // The laptop is told at once, and its sign-in screen says why.
    await laptop.page
      .getByRole('alert')
      .filter({ hasText: 'You were signed out from another device.' })
      .waitFor({ timeout: 5_000 });
    expect(Date.now() - signedOutAt).toBeLessThan(5_000);
    await laptop.page.getByLabel('E-mail').waitFor();
    expect(await axeFindings(laptop.page)).toEqual([]);
    await screenshot(laptop.page, '48-signed-out-elsewhere');
    // ...and stays there: no refresh, no socket again.
    const seen = laptopRequests.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(
      laptopRequests.slice(seen).filter((url) => /\/auth\/refresh|\/socket\.io\//.test(url)),
    ).toEqual([]);
    await laptop.context.close();

    // Every other session at once: the script's.
    await profile.getByRole('button', { name: 'Sign out all other sessions' }).click();
    await profile
      .getByRole('group', { name: /^Sign out everywhere but here\?/ })
      .getByRole('button', { name: 'Sign out all', exact: true })
      .click();
    await profile
      .getByRole('status')
      .filter({ hasText: /^1 other session is signed out\.$/ })
      .waitFor();
    await profile.getByText('You are signed in only here.').waitFor();
    expect(await rows.count()).toBe(1);
    expect(await profile.getByRole('button', { name: 'Sign out all other sessions' }).count()).toBe(
      0,
    );
    const refreshed = await fetch(`${app.url}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    expect(refreshed.status).toBe(401);
    await dee.context.close();
  });
});
