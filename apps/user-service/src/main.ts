import 'reflect-metadata';
import { USER_DIRECTORY_QUEUE } from '@app/contracts';
import { setupSwagger } from '@app/http';
import { rpcQueueOptions, startSplitService } from '@app/messaging';
import { UserServiceModule } from './user-service.module';

void startSplitService({
  name: 'user-service',
  requires: ['RABBITMQ_URL', 'REDIS_URL', 'DATABASE_URL'],
  module: (config, rabbitmqUrl) => UserServiceModule.forRoot(config, rabbitmqUrl),
  consumes: (rabbitmqUrl) => [rpcQueueOptions(rabbitmqUrl, USER_DIRECTORY_QUEUE)],
  configure: (app) => {
    setupSwagger(
      app,
      'Chat platform API: users',
      'Sign-in, tokens and profiles (user-service).',
      'docs/users',
    );
    return Promise.resolve();
  },
});
