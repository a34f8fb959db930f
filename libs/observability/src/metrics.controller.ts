import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Registry } from 'prom-client';
import { Public } from '@app/auth/public.decorator';

@ApiTags('ops')
@Public()
@SkipThrottle({ default: true, auth: true })
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics: process, HTTP-independent counters, mail queue' })
  @ApiOkResponse({ description: 'Prometheus text format' })
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
