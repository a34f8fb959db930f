import { Global, Module } from '@nestjs/common';
import { ChatModule } from './chat/chat.module';
import { MediaModule } from './media/media.module';
import { UsersModule } from './users/users.module';

/**
 * The single-process bindings of the ports domains use of each other: `UserDirectory` answered
 * by the users module, `MediaLibrary` by media and `MediaAccess` by chat, all in this process.
 * The split apps bind the same ports to RabbitMQ instead.
 */
@Global()
@Module({
  imports: [UsersModule, ChatModule, MediaModule],
  exports: [UsersModule, ChatModule, MediaModule],
})
export class InProcessPortsModule {}
