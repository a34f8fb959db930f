import type { Browser, Page } from 'playwright-core';
import { waitForOtpCode } from '@app/testing';
import type { AppProcess } from './app-process';
import { seriousAxeFindings } from './axe';
import {
  closeAppInBrowser,
  conversationOf,
  openAppInBrowser,
  openChatRow,
  reportErrors,
  screenshot,
  sendText,
  signInByCode,
  type Person,
} from './browser';

const PORT = 44_000 + (process.pid % 1000);

/** Types into the composer, labelled in German, and sends. */
async function sendInGerman(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Nachricht', { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

/** A message bubble of the open conversation, its list labelled in German. */
const bubbleWith = (page: Page, text: string) =>
  page
    .getByRole('log', { name: 'Nachrichten' })
    .getByTestId('message')
    .filter({ has: page.locator('p.whitespace-pre-wrap', { hasText: text }) });

/** The page's language as screen readers are told it. */
const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);

/**
 * The client in German: chosen from the browser's languages, or picked on the sign-in screen and
 * remembered; the signed-in app in German (labels, day names, plurals, the status line), with
 * nothing serious for axe-core. Chromium here runs in English, as the other suites assume.
 */
describe('Languages: the client in German', () => {
  let app: AppProcess;
  let browser: Browser;

  beforeAll(async () => {
    ({ app, browser } = await openAppInBrowser(PORT));
  });

  afterAll(async () => {
    await closeAppInBrowser(app, browser);
  });

  it("speaks German to a browser that asks for it, and English to one that doesn't", async () => {
    const german = await browser.newContext({ locale: 'de-AT' });
    const page = await german.newPage();
    reportErrors(page, 'de-AT');
    await page.goto(app.url);
    await page.getByRole('heading', { name: 'Bei Chat anmelden' }).waitFor();
    expect(await htmlLang(page)).toBe('de');
    await german.close();

    const english = await browser.newContext({ locale: 'en-US' });
    const other = await english.newPage();
    await other.goto(app.url);
    await other.getByRole('heading', { name: 'Sign in to Chat' }).waitFor();
    expect(await htmlLang(other)).toBe('en');
    await english.close();
  });

  it('switches to German on the sign-in screen, keeps it after a reload, and signs in in German', async () => {
    const context = await browser.newContext({
      viewport: { width: 1200, height: 800 },
      // axe-core goes in as an inline script, which the app's Content-Security-Policy refuses.
      bypassCSP: true,
    });
    const page = await context.newPage();
    reportErrors(page, 'ada');
    await page.goto(app.url);
    await page.getByLabel('Language').selectOption('de');
    await page.getByRole('heading', { name: 'Bei Chat anmelden' }).waitFor();
    await page.reload();
    await page.getByLabel('E-Mail').fill('ada@example.com');
    expect(await htmlLang(page)).toBe('de');
    await screenshot(page, '70-sign-in-de');
    await page.getByRole('button', { name: 'Code senden' }).click();
    await page.getByText('Wir haben einen 6-stelligen Code an ada@example.com gesendet.').waitFor();
    const code = await waitForOtpCode(app.outboxDir, 'ada@example.com', 1, 10_000);
    await page.getByLabel('Code', { exact: true }).fill(code);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('navigation', { name: 'Chats' }).waitFor();
    const ada: Person = { email: 'ada@example.com', context, page };

    // Bob, in English, writes first: the other side's language is its own.
    const bob = await signInByCode(browser, app.url, app.outboxDir, 'bob@example.com');
    await bob.page.getByLabel('Search people to chat with').fill('ada@example.com');
    await bob.page
      .getByRole('list', { name: 'People found' })
      .getByRole('button', { name: 'ada' })
      .click();
    await conversationOf(bob.page).waitFor();
    await sendText(bob.page, 'Hallo Ada 👋 Wie geht es dir? 🎉');

    await page.getByRole('button', { name: 'Neue Gruppe' }).waitFor();
    await page.getByTestId('unread-badge').filter({ hasText: '1 ungelesene Nachricht' }).waitFor();
    await screenshot(page, '71-chat-list-de');
    await openChatRow(page, 'bob');
    await page.getByRole('log', { name: 'Nachrichten' }).getByText('Heute').waitFor();
    await page
      .getByTestId('chat-status')
      .filter({ hasText: /^online$/ })
      .waitFor();
    await sendInGerman(page, 'Gut, danke! 😀');
    await bubbleWith(page, 'Gut, danke!')
      .getByRole('img', { name: /Zugestellt|Gelesen/ })
      .waitFor();
    const hello = bubbleWith(page, 'Hallo Ada');
    await hello.hover();
    await hello.getByRole('button', { name: 'Aktionen für die Nachricht' }).click();
    await page.getByRole('menuitem', { name: 'Reagieren' }).click();
    await page.getByRole('button', { name: 'Mit ❤️ reagieren' }).click();
    await hello.locator('[data-emoji="❤️"]').waitFor();
    await screenshot(page, '72-conversation-de');
    const findings = await seriousAxeFindings(page);

    // A group: the header counts its members with German's plural.
    await page.getByRole('button', { name: 'Neue Gruppe' }).click();
    const panel = page.getByRole('complementary', { name: 'Neue Gruppe' });
    await panel.getByLabel('Gruppenname').fill('Wanderung');
    await panel.getByLabel('Mitglieder hinzufügen').fill('bob@example.com');
    await panel
      .getByRole('list', { name: 'Gefundene Personen' })
      .getByRole('button')
      .first()
      .click();
    await panel.getByRole('button', { name: 'Gruppe erstellen' }).click();
    await page.getByRole('heading', { name: 'Wanderung' }).waitFor();
    await page.getByTestId('chat-status').filter({ hasText: '2 Mitglieder' }).waitFor();
    await page
      .getByTestId('system-message')
      .filter({ hasText: 'Du hast die Gruppe erstellt' })
      .waitFor();
    await screenshot(page, '73-group-de');

    await bob.context.close();
    await ada.context.close();
    expect(findings.map((f) => `${f.rule} (${f.impact}) ${f.target}: ${f.summary}`)).toEqual([]);
  });
});
