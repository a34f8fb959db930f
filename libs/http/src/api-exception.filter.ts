import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import type { ApiErrorBody } from '@app/contracts';
import { requestIdOf } from '@app/observability';
import { errorCodeOf, generalErrorCode } from './error-code';
import { isServiceUnavailableError, SERVICE_UNAVAILABLE_MESSAGE } from './unavailable-error';

/**
 * Every error leaves as `{ statusCode, code, error, message, details? }`, `code` from the
 * vocabulary socket acks use (docs/api.md#errors-limits-and-ids). Unknown errors are logged with
 * the request id and returned as a 500 that leaks nothing.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const body = this.toBody(exception, req);
    const retryAfter = (body.details as { retryAfterSec?: unknown } | undefined)?.retryAfterSec;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    if (!res.headersSent) res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, req: Request): ApiErrorBody {
    if (exception instanceof HttpException) return fromHttpException(exception);
    const clientError = fromBodyParserError(exception) ?? fromCastError(exception);
    if (clientError) return clientError;
    const reqId = requestIdOf(req);
    if (isServiceUnavailableError(exception)) {
      this.logger.warn({ err: exception, reqId }, 'A backing service is unavailable');
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: 'unavailable',
        error: STATUS_CODES[503] as string,
        message: SERVICE_UNAVAILABLE_MESSAGE,
      };
    }
    this.logger.error({ err: exception, reqId }, 'Unhandled error');
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'internal',
      error: STATUS_CODES[500] as string,
      message: `Something went wrong on our side (request id ${reqId ?? 'unknown'})`,
    };
  }
}

function fromHttpException(exception: HttpException): ApiErrorBody {
  const statusCode = exception.getStatus();
  const code = errorCodeOf(exception);
  const error = STATUS_CODES[statusCode] ?? 'Error';
  const response = exception.getResponse();
  if (typeof response === 'string') return { statusCode, code, error, message: response };
  const { message, details } = response as { message?: unknown; details?: unknown };
  const text = Array.isArray(message)
    ? message.join('; ')
    : typeof message === 'string'
      ? message
      : error;
  return details === undefined
    ? { statusCode, code, error, message: text }
    : { statusCode, code, error, message: text, details };
}

/** body-parser reports malformed or oversized bodies as errors carrying a 4xx `status`. */
function fromBodyParserError(exception: unknown): ApiErrorBody | undefined {
  const { status, type } = (exception ?? {}) as { status?: unknown; type?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500 || typeof type !== 'string')
    return undefined;
  const messages: Record<string, string> = {
    'entity.too.large': 'The request body is too large',
    'encoding.unsupported': 'The request body encoding is not supported',
  };
  return {
    statusCode: status,
    code: generalErrorCode(status),
    error: STATUS_CODES[status] ?? 'Error',
    message: messages[type] ?? 'The request body could not be read',
  };
}

/**
 * Mongoose's CastError: a value that cannot be the stored type (a malformed id reaching a query).
 * Route validation normally refuses it first; this keeps a missed case a 400, never a 500.
 */
function fromCastError(exception: unknown): ApiErrorBody | undefined {
  if (!(exception instanceof Error) || exception.name !== 'CastError') return undefined;
  const { path } = exception as Error & { path?: unknown };
  return {
    statusCode: HttpStatus.BAD_REQUEST,
    code: 'validation_failed',
    error: STATUS_CODES[400] as string,
    message: `Malformed value${typeof path === 'string' ? ` for ${path}` : ''}`,
  };
}
