import type { OnApplicationShutdown, Provider, Type } from '@nestjs/common';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { rpcQueueOptions } from './rmq-options';

export interface RpcPortBinding {
  /** The port (abstract class) bound, and the class that implements it over RabbitMQ. */
  port: abstract new (...args: never[]) => unknown;
  implementation: Type<unknown>;
  clientToken: symbol;
  timeoutToken: symbol;
  url: string;
  queue: string;
  timeoutMs: number;
}

/** The providers of a port served by another service over a request/response queue. */
export function rpcPortProviders(binding: RpcPortBinding): Provider[] {
  return [
    {
      provide: binding.clientToken,
      useFactory: () => ClientProxyFactory.create(rpcQueueOptions(binding.url, binding.queue)),
    },
    { provide: binding.timeoutToken, useValue: binding.timeoutMs },
    { provide: binding.port, useClass: binding.implementation },
  ];
}

/** A module owning a RabbitMQ client closes it when the app stops. */
export abstract class ClosesRmqClient implements OnApplicationShutdown {
  constructor(private readonly client: ClientProxy) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
