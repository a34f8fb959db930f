import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { LogLevel } from '@app/config';
import { currentRequestId } from './request-context';
import { requestIdFor } from './request-id';

/** Structured JSON logs (pino), one line per request carrying its request id; secrets redacted. */
@Module({})
export class LoggingModule {
  static forRoot(level: LogLevel): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          // Every route, in Nest 11's path syntax (nestjs-pino's default '*' logs a warning at boot).
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level,
            genReqId: requestIdFor,
            // Every line written while handling a request, socket event or RabbitMQ message
            // carries its id, errors included, wherever in the code they are logged.
            mixin: () => {
              const reqId = currentRequestId();
              return reqId ? { reqId } : {};
            },
            redact: {
              paths: [
                'req.headers.authorization',
                'req.headers.cookie',
                'res.headers["set-cookie"]',
              ],
              censor: '[redacted]',
            },
            serializers: {
              req: (req: { id: unknown; method: unknown; url: unknown }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
              }),
            },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
