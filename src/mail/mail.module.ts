import { Global, Module } from '@nestjs/common';
import { MailQueue } from '@app/contracts';
import { LocalMailQueue } from './local-mail.queue';

/** Provides `MailQueue` to the other domains. */
@Global()
@Module({
  providers: [{ provide: MailQueue, useClass: LocalMailQueue }],
  exports: [MailQueue],
})
export class MailModule {}
