import { Global, Inject, Module, type DynamicModule, type Type } from '@nestjs/common';
import { AdapterChoices } from '@app/config';

/** The ports the domains use of each other, by name. */
export type PortName =
  | 'UserDirectory'
  | 'MediaLibrary'
  | 'MediaAccess'
  | 'LinkPreviewImages'
  | 'MailQueue'
  | 'PushNotifications';

/** Where one port is served: the domain module that implements it, or a RabbitMQ client module. */
export interface PortBinding {
  module: Type | DynamicModule;
  /** For the boot log line: `in process` or `RabbitMQ`. */
  via: 'in process' | 'RabbitMQ';
}

export type PortBindings = Partial<Record<PortName, PortBinding>>;

const PORT_BINDINGS = Symbol('PORT_BINDINGS');

/**
 * The one place an app says where each port its domains need is served. Every port of every
 * app is bound here and nowhere else. It is global because the in-process bindings form a cycle
 * (chat needs users' `UserDirectory` and media's `MediaLibrary`; media needs chat's `MediaAccess`):
 * importing each other directly would need forward references in every domain module.
 */
@Global()
@Module({})
export class PortsModule {
  constructor(@Inject(PORT_BINDINGS) bindings: PortBindings, choices: AdapterChoices) {
    for (const [port, binding] of Object.entries(bindings)) choices.record(port, binding.via);
  }

  static bind(bindings: PortBindings): DynamicModule {
    const modules = [...new Set(Object.values(bindings).map((binding) => binding.module))];
    return {
      module: PortsModule,
      imports: modules,
      exports: modules,
      providers: [{ provide: PORT_BINDINGS, useValue: bindings }],
    };
  }
}

/** A port served by a module of this app. */
export const inProcess = (module: Type | DynamicModule): PortBinding => ({
  module,
  via: 'in process',
});

/** A port served by another service, through one of the `*OverRmqModule`s. */
export const overRabbitMq = (module: DynamicModule): PortBinding => ({ module, via: 'RabbitMQ' });
