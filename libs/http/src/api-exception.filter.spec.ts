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
});
