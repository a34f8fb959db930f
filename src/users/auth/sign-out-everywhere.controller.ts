import { Controller, Get, Header, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { AuthRateLimited } from '@app/http';
import { NewSignInAlerts } from './new-sign-in-alerts';

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${title}</title></head>
<body style="font-family: sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem">
<h1 style="font-size: 1.4rem">${title}</h1>${body}</body></html>`;

/** Only the characters a link token has, so nothing of the query reaches the page unchecked. */
const tokenOf = (raw: unknown): string =>
  typeof raw === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(raw) ? raw : '';

/**
 * The link of the new sign-in e-mail. Opening it only shows a button: mail scanners that follow
 * links must not sign anyone out. Pressing it (a POST) ends every session of the person, once.
 */
@ApiTags('auth')
@Public()
@AuthRateLimited()
@Controller('auth/sign-out-everywhere')
export class SignOutEverywhereController {
  constructor(private readonly alerts: NewSignInAlerts) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "The page of the new sign-in e-mail's link: a button that signs out every session",
    description: 'Changes nothing by itself (mail scanners open links); the button POSTs.',
  })
  @ApiQuery({ name: 'token', required: false })
  @ApiProduces('text/html')
  @ApiResponse({ status: 200, description: 'The page' })
  confirm(@Query('token') raw: unknown): string {
    const token = tokenOf(raw);
    return page(
      'Sign out every session?',
      `<p>This signs your account out on every device, this one included. Sign in again afterwards, and change your password if you use one.</p>
<form method="post" action="/api/v1/auth/sign-out-everywhere?token=${token}">
<button type="submit">Sign out everywhere</button></form>`,
    );
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "Signs out every session of the link's person; the link works once" })
  @ApiQuery({ name: 'token', required: false })
  @ApiProduces('text/html')
  @ApiResponse({
    status: 200,
    description:
      'A page for a person, not a program: "Signed out everywhere", or, for a link used already or expired, "This link does not work any more"',
  })
  @Header('Content-Type', 'text/html; charset=utf-8')
  async signOut(@Query('token') raw: unknown): Promise<string> {
    const ended = await this.alerts.signOutEverywhere(tokenOf(raw));
    if (ended === null) {
      return page('This link does not work any more', '<p>It was used already or has expired.</p>');
    }
    return page(
      'Signed out everywhere',
      `<p>${ended} session(s) ended. Sign in again on your devices.</p>`,
    );
  }
}
