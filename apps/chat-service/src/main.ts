import 'reflect-metadata';
import { MEDIA_LIBRARY_QUEUE } from '@app/contracts';
import { serviceDocsPath, setupDeploymentSwagger, setupSwagger } from '@app/http';
import { rpcQueueOptions, startSplitService } from '@app/messaging';
import { serveServicesHealth } from '@app/observability';
import { ChatIoAdapter } from '@src/chat/socket/chat-io.adapter';
import { ChatServiceModule } from './chat-service.module';

void startSplitService({
  name: 'chat-service',
  requires: ['RABBITMQ_URL', 'REDIS_URL', 'DATABASE_URL'],
  module: (config, rabbitmqUrl) => ChatServiceModule.forRoot(config, rabbitmqUrl),
  consumes: (rabbitmqUrl) => [rpcQueueOptions(rabbitmqUrl, MEDIA_LIBRARY_QUEUE)],
  configure: async (app, config) => {
    const io = new ChatIoAdapter(app, config);
    await io.connect();
    app.useWebSocketAdapter(io);
    setupSwagger(app, {
      title: 'Chat platform API: chats and media',
      description:
        'Chats, messages and images (chat-service). Signing in is the users API (`/api/v1/auth`, at `/docs/users`).',
      path: serviceDocsPath('chat'),
      realtimeProtocol: true,
    });
    // As in user-service: either answers nginx for the whole deployment.
    serveServicesHealth(app, config.splitServices);
    setupDeploymentSwagger(app, config.splitServices);
  },
});
