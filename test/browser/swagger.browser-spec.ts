import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { AppProcess } from './app-process';
import { closeAppInBrowser, openAppInBrowser, reportErrors, screenshot } from './browser';

const PORT = 43_000 + (process.pid % 1000);

/**
 * Swagger UI as an integrator meets it in the browser that also runs the web app: which routes
 * carry a lock, what Authorize offers, and that "Try it out" on a sign-in route leaves the app's
 * session cookie alone (Swagger UI's requests take no cookies).
 */
describe('Swagger UI in the browser', () => {
  let app: AppProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ app, browser } = await openAppInBrowser(PORT));
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // The web app's session in this browser: what signing in through Swagger must not replace.
    await context.addCookies([{ name: 'access_token', value: 'the-app-session', url: app.url }]);
    page = await context.newPage();
    reportErrors(page, 'swagger');
    await page.goto(`${app.url}/docs`);
    await page.locator('.opblock').first().waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await closeAppInBrowser(app, browser);
  });

  const operation = (id: string): Locator => page.locator(`#operations-${id}`);

  const locks = (id: string) => operation(id).locator('.authorization__btn').count();

  it('shows a lock on routes that need a token and none on public ones', async () => {
    expect(await locks('auth-OtpController_request')).toBe(0);
    expect(await locks('auth-PasswordController_login')).toBe(0);
    expect(await locks('users-UsersController_me')).toBe(1);
  });

  it('offers the bearer token alone in Authorize', async () => {
    await page.locator('.btn.authorize').click();
    const schemes = await page.locator('.auth-container h4').allInnerTexts();
    expect(schemes.map((text) => text.trim().split(/\s/)[0])).toEqual(['bearer']);
    await page.locator('.auth-btn-wrapper .btn-done').click();
  });

  it('signs up with the default body and leaves the session cookie of the app as it was', async () => {
    const register = operation('auth-PasswordController_register');
    await register.locator('.opblock-summary').click();
    await register.locator('.try-out__btn').click();
    await register.locator('.execute').click();
    // The answer's row appears once the request is done.
    const status = register.locator('.live-responses-table tbody .response-col_status').first();
    await status.waitFor();
    expect((await status.innerText()).trim()).toBe('201');
    await screenshot(page, 'swagger-register');
    const cookies = await context.cookies();
    expect(cookies.map(({ name, value }) => ({ name, value }))).toEqual([
      { name: 'access_token', value: 'the-app-session' },
    ]);
  });
});
