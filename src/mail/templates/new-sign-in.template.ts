import type { NewSignInRequest, UserContact } from '@app/contracts';
import { escapeHtml } from './escape-html';
import type { RenderedMail } from './rendered-mail';

/** "New sign-in on Firefox on Linux": with a link that signs out every session, once. */
export function renderNewSignInMail(request: NewSignInRequest, contact: UserContact): RenderedMail {
  const when = new Date(request.signedInAt).toUTCString();
  const greeting = `Hi ${contact.name},`;
  return {
    to: contact.email,
    subject: `New sign-in on ${request.device}`,
    text: [
      greeting,
      '',
      `Your account was just signed in on ${request.device} (${when}).`,
      '',
      'If this was you, there is nothing to do.',
      'Not you? Sign out every session (this link works once):',
      request.signOutEverywhereUrl,
    ].join('\n'),
    html: `<!doctype html>
<html><body style="font-family: sans-serif; color: #222">
<p>${escapeHtml(greeting)}</p>
<p>Your account was just signed in on <strong>${escapeHtml(request.device)}</strong> (${escapeHtml(when)}).</p>
<p>If this was you, there is nothing to do.</p>
<p>Not you? <a href="${escapeHtml(request.signOutEverywhereUrl)}">Sign out every session</a> (this link works once).</p>
</body></html>`,
  };
}
