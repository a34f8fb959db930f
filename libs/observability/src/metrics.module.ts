import { Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { MetricsController } from './metrics.controller';
import { createMetricsRegistry } from './metrics.registry';

/** `/metrics` in Prometheus format; modules add their own metrics to the injected `Registry`. */
@Module({
  controllers: [MetricsController],
  providers: [{ provide: Registry, useFactory: createMetricsRegistry }],
  exports: [Registry],
})
export class MetricsModule {}
