import 'reflect-metadata';
import { USER_DIRECTORY_QUEUE } from '@app/contracts';
import { serviceDocsPath, setupDeploymentSwagger, setupSwagger } from '@app/http';
import { rpcQueueOptions, startSplitService } from '@app/messaging';
import { serveServicesHealth } from '@app/observability';
import { UserServiceModule } from './user-service.module';

void startSplitService({
  name: 'user-service',
  requires: ['RABBITMQ_URL', 'REDIS_URL', 'DATABASE_URL'],
  module: (config, rabbitmqUrl) => UserServiceModule.forRoot(config, rabbitmqUrl),
  consumes: (rabbitmqUrl) => [rpcQueueOptions(rabbitmqUrl, USER_DIRECTORY_QUEUE)],
  configure: (app, config) => {
    setupSwagger(app, {
      title: 'Chat platform API: users',
      description:
        'Sign-in, tokens and profiles (user-service). The sign-in code is e-mailed by mail-service; without its `SMTP_URL` the e-mail is written to its `DATA_DIR/outbox` as an `.eml` file, the code in its subject (with docker-compose, Mailpit shows it at port 8025).',
      path: serviceDocsPath('users'),
    });
    // nginx asks user-service or chat-service for the views of the whole deployment (/health,
    // /health/ready, /metrics, /docs), so that one of them stopped leaves the other to answer.
    serveServicesHealth(app, config.splitServices);
    setupDeploymentSwagger(app, config.splitServices);
    return Promise.resolve();
  },
});
