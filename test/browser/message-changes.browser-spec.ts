import type { Browser, Page } from 'playwright-core';
import type { AppProcess } from './app-process';
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
  openAppInBrowser,
  closeAppInBrowser,
  chatRow,
} from './browser';

const PORT = 39_000 + (process.pid % 1000);

/**
 * Issue 17 in the real client, messages that change: replies, reactions, edits, deletions, copy
 * and links, each done by one person and seen live by the other; then Bob offline while Ada
 * edits, deletes and reacts, and on reconnect his screen shows exactly her final state.
 * (Mentions, search, mute and block: mentions-search-settings.browser-spec.ts.)
 */
describe('Messages that change, in the browser', () => {
  let app: AppProcess;
  let browser: Browser;
  let ada: Person;
  let bob: Person;
  let bobLine: ConnectionSwitch;

  beforeAll(async () => {
    ({ app, browser } = await openAppInBrowser(PORT));
  });

  afterAll(() => closeAppInBrowser(app, browser));

  const chip = (page: Page, text: string, emoji: string) =>
    messageWith(page, text).locator(`[data-testid="reaction"][data-emoji="${emoji}"]`);
  const menuItem = (page: Page, name: string) => page.getByRole('menuitem', { name, exact: true });

  it('signs two people in, in a direct chat', async () => {
    ({ ada, bob } = await twoPeopleChatting(browser, app, 'Plans for Saturday?', {
      ada: (context) =>
        context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url }),
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
});
