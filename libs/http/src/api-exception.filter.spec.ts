import type { ArgumentsHost } from '@nestjs/common';
import { Error as MongooseError } from 'mongoose';
import { ApiExceptionFilter } from './api-exception.filter';

/** What the filter sends for `exception`, through a stand-in for Express's response. */
function answer(exception: unknown): { status: number; body: unknown } {
  const sent = { status: 0, body: undefined as unknown };
  const res = {
    headersSent: false,
    setHeader: () => undefined,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ id: 'req-1' }) }),
  } as unknown as ArgumentsHost;
  new ApiExceptionFilter().catch(exception, host);
  return sent;
}

describe('ApiExceptionFilter', () => {
  it('answers a malformed value that reached MongoDB (CastError) with 400, never 500', () => {
    const cast = new MongooseError.CastError('ObjectId', 'not-an-id', '_id');
    expect(answer(cast)).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: 'Malformed value for _id' },
    });
  });

  it('answers an unknown error with 500 naming the request id, and nothing else', () => {
    const { status, body } = answer(new Error('secret detail'));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).toContain('req-1');
    expect(JSON.stringify(body)).not.toContain('secret detail');
  });

  it.each([
    ['PostgreSQL shutting down (57P01), wrapped as Drizzle does', wrapped({ code: '57P01' })],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    ],
    ['a pool connection terminated', new Error('Connection terminated unexpectedly')],
    [
      'MongoDB unreachable',
      Object.assign(new Error('no server'), { name: 'MongoServerSelectionError' }),
    ],
  ])('answers %s with 503 and a try-again message', (_label, exception) => {
    const { status, body } = answer(exception);
    expect(status).toBe(503);
    expect(body).toMatchObject({ statusCode: 503, message: expect.stringMatching(/try again/) });
  });
});

/** A driver error inside the wrapper Drizzle throws (the driver's error is its `cause`). */
function wrapped(driverError: Record<string, unknown>): Error {
  return Object.assign(new Error('Failed query: insert …'), {
    cause: Object.assign(
      new Error('terminating connection due to administrator command'),
      driverError,
    ),
  });
}
