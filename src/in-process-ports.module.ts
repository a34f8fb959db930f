import { Global, Module } from '@nestjs/common';
import { UsersModule } from './users/users.module';

/**
 * The single-process bindings of the ports other domains use: `UserDirectory` answered by the
 * users module in this process. The split apps bind the same ports to RabbitMQ instead.
 */
@Global()
@Module({
  imports: [UsersModule],
  exports: [UsersModule],
})
export class InProcessPortsModule {}
