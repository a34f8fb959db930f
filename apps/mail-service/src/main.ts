import 'reflect-metadata';
import { MAIL_DEAD_LETTER_QUEUE, MAIL_REQUESTS_QUEUE } from '@app/contracts';
import { declareDeadLetterQueue, eventQueueOptions, startSplitService } from '@app/messaging';
import { MailServiceModule } from './mail-service.module';

void startSplitService({
  name: 'mail-service',
  requires: ['RABBITMQ_URL', 'REDIS_URL'],
  module: (config, rabbitmqUrl) => MailServiceModule.forRoot(config, rabbitmqUrl),
  consumes: (rabbitmqUrl) => [
    eventQueueOptions(rabbitmqUrl, MAIL_REQUESTS_QUEUE, MAIL_DEAD_LETTER_QUEUE),
  ],
  prepareBroker: (rabbitmqUrl) => declareDeadLetterQueue(rabbitmqUrl, MAIL_DEAD_LETTER_QUEUE),
});
