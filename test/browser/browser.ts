import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { waitForOtpCode } from '@app/testing';

export const SCREENSHOTS = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

/** The system Chromium (Debian's package), headless, with nothing reaching out to the internet. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
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
  options: { viewport?: { width: number; height: number }; screenshots?: boolean } = {},
): Promise<Person> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1200, height: 800 },
  });
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
  await page.getByLabel('Code').fill(code);
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
