import type { OtpMailRequest } from '@app/contracts';
import { escapeHtml } from './escape-html';
import type { RenderedMail } from './rendered-mail';

export function renderOtpMail(request: OtpMailRequest): RenderedMail {
  const minutes = Math.round(request.expiresInSec / 60);
  const code = escapeHtml(request.code);
  return {
    to: request.to,
    subject: `Your sign-in code: ${request.code}`,
    text: [
      `Your sign-in code is ${request.code}`,
      '',
      `It expires in ${minutes} minutes and works once.`,
      '',
      'If you did not ask for this code, ignore this e-mail: nobody can sign in without it.',
    ].join('\n'),
    html: `<!doctype html>
<html><body style="font-family: sans-serif; color: #222">
<p>Your sign-in code is</p>
<p style="font-size: 32px; font-weight: bold; letter-spacing: 6px; margin: 16px 0">${code}</p>
<p>It expires in ${minutes} minutes and works once.</p>
<p style="color: #666">If you did not ask for this code, ignore this e-mail: nobody can sign in without it.</p>
</body></html>`,
  };
}
