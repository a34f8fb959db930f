import { gunzipSync } from 'node:zlib';
import type { Socket } from 'socket.io-client';
import { UNAUTHORIZED_CONNECT_ERROR } from '@app/contracts';
import type { HttpCase } from '../generators/http-cases';
import { TOKEN, type HandshakeCase } from '../generators/handshake-cases';
import type { SocketCase } from '../generators/socket-cases';
import { ackProblems, httpProblems, leakIn } from './checks';
import { ascii, show } from './findings';
import type { RawHttp, RawResponse } from './raw-http';
import { emitWithAck, emitWithoutAck, type SocketPool } from './socket-pool';

export type Spec =
  | { family: 'http'; c: HttpCase }
  | { family: 'socket'; c: SocketCase }
  | { family: 'handshake'; c: HandshakeCase };

export interface Outcome {
  problems: string[];
  observed: string;
  /** The answer in a word, for the counts per target: `201`, `ok`, `validation_failed`. */
  label?: string;
  /** The connection failed: no answer at all, which a crash explains. */
  transport?: boolean;
}

/** What a case runs against: one app instance and the signed-in user's live credentials. */
export interface Target {
  http: RawHttp;
  sockets: SocketPool;
  accessToken: () => string;
  /** Signs the fuzz user in again if a case (a logout, a reused refresh token) ended the session. */
  renewSession: () => Promise<void>;
}

/** Socket frames over this are cut by the server (64 KiB): a disconnect is then the answer. */
const FRAME_LIMIT = 60_000;
const READ_WAIT_MS = 800;
/** Generous: under a loaded CI machine an answer can take seconds; a hang takes forever. */
const ACK_WAIT_MS = 20_000;
const SOCKET_PROTOCOL_ERRORS = new Set([UNAUTHORIZED_CONNECT_ERROR, 'Invalid namespace']);

const answer = (res: RawResponse) => `${res.status} ${res.text.slice(0, 500)}`;

export async function execute(spec: Spec, target: Target, index: number): Promise<Outcome> {
  switch (spec.family) {
    case 'http': {
      const res = await target.http.send(spec.c.request);
      if (
        res.status === 401 &&
        JSON.stringify(spec.c.request.headers).includes(target.accessToken())
      )
        await target.renewSession();
      return {
        problems: httpProblems(res, { documented: spec.c.documented }),
        observed: answer(res),
        label: String(res.status),
      };
    }
    case 'socket':
      return runSocket(spec.c, target, index);
    case 'handshake':
      return runHandshake(spec.c, target);
  }
}

async function runSocket(c: SocketCase, target: Target, index: number): Promise<Outcome> {
  const size = Buffer.byteLength(sizeOf(c.args));
  const alone = c.oversize || size > FRAME_LIMIT;
  const connect = () => (alone ? target.sockets.fresh() : target.sockets.get(index));
  let socket: Socket;
  try {
    socket = await connect();
  } catch {
    await target.renewSession();
    try {
      socket = await connect();
    } catch (error) {
      // Refused as unauthorized even now: a concurrent case ended the new session as well.
      const message = (error as Error).message;
      return {
        problems:
          message === UNAUTHORIZED_CONNECT_ERROR ? [] : [`signed-in handshake refused: ${message}`],
        observed: message,
        transport: true,
      };
    }
  }
  if (!c.withAck) {
    emitWithoutAck(socket, c.event, c.args);
    return { problems: [], observed: 'no ack asked' };
  }
  // Generous: on two loaded cores a slow answer is not a hang, and a hang never answers.
  const outcome = await emitWithAck(socket, c.event, c.args, ACK_WAIT_MS);
  if (alone) socket.close();
  if (outcome.kind === 'timeout')
    return { problems: [`no ack within ${ACK_WAIT_MS / 1000} s`], observed: 'silence' };
  if (outcome.kind === 'disconnected')
    return { problems: [], observed: `disconnected (${outcome.reason})` };
  return {
    problems: ackProblems(outcome.value),
    observed: show(outcome.value),
    label: ackLabel(outcome.value),
  };
}

/** `ok`, or the ack's error code. */
function ackLabel(ack: unknown): string {
  const { ok, error } = (ack ?? {}) as { ok?: unknown; error?: { code?: unknown } };
  if (ok === true) return 'ok';
  return typeof error?.code === 'string' ? error.code : 'malformed';
}

/** Roughly what goes on the wire (a payload too deep to stringify counts as small). */
function sizeOf(args: unknown[]): string {
  try {
    return JSON.stringify(args) ?? '';
  } catch {
    return '';
  }
}

/** Engine.IO packets of a polling response: `<type><data>` joined by \x1e. */
function packetProblems(text: string): string[] {
  const problems: string[] = [];
  for (const packet of text.split('\x1e')) {
    if (packet.startsWith('44')) {
      const body = packet.slice(packet.indexOf('{'));
      const message = (() => {
        try {
          return (JSON.parse(body) as { message?: unknown }).message;
        } catch {
          return body;
        }
      })();
      // "unavailable" means something threw while every backing service is up: a 500 in disguise.
      if (typeof message !== 'string' || !SOCKET_PROTOCOL_ERRORS.has(message))
        problems.push(`connect_error "${String(message)}"`);
    }
    const ack = /^43\d*(\[.*)$/s.exec(packet);
    if (ack) {
      try {
        problems.push(...ackProblems((JSON.parse(ack[1]) as unknown[])[0]));
      } catch {
        problems.push('unparseable ack packet');
      }
    }
  }
  if (leakIn(text)) problems.push('stack trace or file path in a socket packet');
  return problems;
}

async function runHandshake(c: HandshakeCase, target: Target): Promise<Outcome> {
  const fill = (text: string) => text.split(TOKEN).join(target.accessToken());
  const problems: string[] = [];
  const seen: string[] = [];
  const check = (res: RawResponse) => {
    problems.push(...httpProblems(res, { apiShape: false }));
    seen.push(answer(res));
  };
  const headers = Object.fromEntries(
    Object.entries(c.openHeaders).map(([k, v]) => [k, typeof v === 'string' ? fill(v) : v]),
  );
  const open = await target.http.send({
    method: 'GET',
    path: `/socket.io/${c.openQuery}`,
    headers,
  });
  check(open);
  if (open.status !== 200 || !open.text.startsWith('0'))
    return { problems, observed: seen.join(' | ') };
  const sid = (JSON.parse(open.text.slice(1)) as { sid: string }).sid;
  const path = `/socket.io/?EIO=4&transport=polling&sid=${c.sid ?? sid}`;
  for (const post of c.posts) {
    const res = await target.http.send({
      method: 'POST',
      path,
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: fill(post),
    });
    check(res);
    if (res.status !== 200) break;
    // The answer to a packet comes on the next poll at once; with nothing to say, the server
    // would hold the poll until its next ping (25 s), so a short wait is enough.
    const read = await target.http
      .send({ method: 'GET', path }, READ_WAIT_MS)
      .catch(() => undefined);
    if (!read) continue;
    check(read);
    if (read.status === 200) problems.push(...packetProblems(read.text));
    else break;
  }
  // Ends the Engine.IO session now rather than at its ping timeout.
  await target.http
    .send(
      { method: 'POST', path: `/socket.io/?EIO=4&transport=polling&sid=${sid}`, body: '1' },
      1_000,
    )
    .catch(() => undefined);
  return { problems, observed: seen.join(' | ') };
}

/** A readable, replayable description of a case for the report. */
export function describe(spec: Spec, token: string): string {
  const hide = (text: string) =>
    text.split(token).join('<access token>').split(TOKEN).join('<access token>');
  switch (spec.family) {
    case 'http': {
      const { method, path, headers, body } = spec.c.request;
      const shownHeaders = Object.entries(headers ?? {})
        .filter(([k]) => k !== 'content-length')
        .map(([k, v]) => `${k}: ${hide(String(v)).slice(0, 120)}`)
        .join('; ');
      const shownBody =
        body === undefined
          ? ''
          : ` body ${showBody(body, headers?.['content-encoding'] === 'gzip')}`;
      return ascii(hide(`${method} ${path} [${shownHeaders}]${shownBody}`));
    }
    case 'socket':
      return hide(
        `emit(${show(spec.c.event)}, ${show(spec.c.args)}${spec.c.withAck ? ', ack' : ''})`,
      );
    case 'handshake':
      return hide(
        `GET /socket.io/${spec.c.openQuery} [${show(spec.c.openHeaders)}]${spec.c.sid === undefined ? '' : ` sid=${show(spec.c.sid)}`} then POST ${spec.c.posts.map((p) => show(p)).join(', then POST ')}`,
      );
  }
}

/** A body as text: gzip bodies unpacked (marked so), other bytes as UTF-8 with escapes. */
function showBody(body: Buffer | string, gzip: boolean): string {
  if (gzip && Buffer.isBuffer(body)) {
    try {
      return `gzip(${show(gunzipSync(body).toString('utf8'))})`;
    } catch {
      return `gzip of garbage: ${body.toString('base64')}`;
    }
  }
  return show(Buffer.isBuffer(body) ? body.toString('utf8') : body);
}
