import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
  UnauthorizedException,
  UnsupportedMediaTypeException,
  type ArgumentsHost,
} from '@nestjs/common';
import { Error as MongooseError } from 'mongoose';
import { ApiExceptionFilter } from './api-exception.filter';
import { TooManyRequestsError } from './api-errors';
import { coded } from './error-code';

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
      body: {
        statusCode: 400,
        code: 'validation_failed',
        error: 'Bad Request',
        message: 'Malformed value for _id',
      },
    });
  });

  it('answers an unknown error with 500 naming the request id, and nothing else', () => {
    const { status, body } = answer(new Error('secret detail'));
    expect(status).toBe(500);
    expect(body).toMatchObject({ code: 'internal' });
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
    expect(body).toMatchObject({
      statusCode: 503,
      code: 'unavailable',
      message: expect.stringMatching(/try again/),
    });
  });

  it.each([
    { status: 400, exception: new BadRequestException('no'), code: 'validation_failed' },
    { status: 401, exception: new UnauthorizedException(), code: 'unauthorized' },
    { status: 403, exception: new ForbiddenException('Only the owner'), code: 'forbidden' },
    { status: 404, exception: new NotFoundException(), code: 'not_found' },
    { status: 409, exception: new ConflictException(), code: 'conflict' },
    { status: 413, exception: new PayloadTooLargeException(), code: 'too_large' },
    { status: 415, exception: new UnsupportedMediaTypeException(), code: 'unsupported_type' },
    { status: 429, exception: new TooManyRequestsError('slow down', 3), code: 'rate_limited' },
    { status: 503, exception: new ServiceUnavailableException(), code: 'unavailable' },
  ])('gives a $status the code $code', ({ status, exception, code }) => {
    expect(answer(exception)).toMatchObject({ status, body: { statusCode: status, code } });
  });

  it('keeps the more precise code an exception names for its status, and no other', () => {
    const notMember = new ForbiddenException(coded('not_a_member', 'You are not a member'));
    expect(answer(notMember).body).toEqual({
      statusCode: 403,
      code: 'not_a_member',
      error: 'Forbidden',
      message: 'You are not a member',
    });
    const mismatched = new NotFoundException(coded('blocked', 'Not here'));
    expect(answer(mismatched).body).toMatchObject({ statusCode: 404, code: 'not_found' });
  });

  it('gives body-parser errors the code of their status', () => {
    const tooLarge = Object.assign(new Error('too large'), {
      status: 413,
      type: 'entity.too.large',
    });
    expect(answer(tooLarge).body).toMatchObject({ statusCode: 413, code: 'too_large' });
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
