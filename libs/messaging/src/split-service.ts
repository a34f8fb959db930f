import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { RmqOptions } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@app/config';
import { boot, CannotStart, configureHttpApp } from '@app/http';
import { probeBroker } from './broker-probe';

/** What a split service needs that the single process does not. */
export type SplitRequirement = 'RABBITMQ_URL' | 'REDIS_URL' | 'DATABASE_URL';

export interface SplitServiceDefinition {
  /** As in logs and errors: `user-service`, `chat-service`, `mail-service`. */
  name: string;
  requires: SplitRequirement[];
  module: (config: AppConfig, rabbitmqUrl: string) => DynamicModule;
  /** The queues this service consumes (the RabbitMQ side of the hybrid app). */
  consumes: (rabbitmqUrl: string) => RmqOptions[];
  /** Runs before the first consumer starts, e.g. to declare a dead-letter queue. */
  prepareBroker?: (rabbitmqUrl: string) => Promise<void>;
  /** HTTP extras: Swagger, the Socket.IO adapter. */
  configure?: (app: NestExpressApplication, config: AppConfig) => Promise<void>;
}

/** Boots one service of the split deployment: HTTP and RabbitMQ consumers in one Nest app. */
export function startSplitService(definition: SplitServiceDefinition): Promise<void> {
  return boot({
    name: definition.name,
    start: async (config) => {
      const missing = definition.requires.filter((variable) => !isSet(config, variable));
      if (missing.length > 0) {
        throw new CannotStart(
          `${definition.name} needs ${missing.join(', ')} (the split deployment shares them between services)`,
        );
      }
      const rabbitmqUrl = config.rabbitmqUrl ?? '';
      await probeBroker(rabbitmqUrl);
      await definition.prepareBroker?.(rabbitmqUrl);
      const app = await NestFactory.create<NestExpressApplication>(
        definition.module(config, rabbitmqUrl),
        { bufferLogs: true, abortOnError: false },
      );
      configureHttpApp(app, config);
      await definition.configure?.(app, config);
      for (const consumer of definition.consumes(rabbitmqUrl)) app.connectMicroservice(consumer);
      await app.init();
      await app.startAllMicroservices();
      return app;
    },
  });
}

function isSet(config: AppConfig, variable: SplitRequirement): boolean {
  if (variable === 'RABBITMQ_URL') return Boolean(config.rabbitmqUrl);
  if (variable === 'REDIS_URL') return config.kv.kind === 'redis';
  return config.database.kind !== 'pglite';
}
