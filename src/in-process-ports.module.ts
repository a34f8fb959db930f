import { Module, type DynamicModule, type Type } from '@nestjs/common';

/**
 * The in-process bindings of the ports domains use of each other: the given domain modules'
 * exports (`UserDirectory` from users, `MediaLibrary` from media, `MediaAccess` from chat) made
 * visible to every module of the app. The single process passes all of them; chat-service passes
 * chat and media, and binds the rest to RabbitMQ.
 */
@Module({})
export class InProcessPortsModule {
  static of(...modules: Type[]): DynamicModule {
    return {
      module: InProcessPortsModule,
      global: true,
      imports: modules,
      exports: modules,
    };
  }
}
