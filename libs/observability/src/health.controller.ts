import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { SkipThrottle } from '@nestjs/throttler';
// The decorator alone: the auth library depends (through kv) on this one.
import { Public } from '@app/auth/public.decorator';
import { HealthRegistry, type CheckResult } from './health-registry';

@ApiTags('ops')
@Public()
// Probes from orchestrators and load balancers must never be rate limited.
@SkipThrottle({ default: true, auth: true })
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up and serving requests' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: every configured backing service answers' })
  @ApiOkResponse({
    schema: {
      example: {
        status: 'ok',
        checks: { database: { status: 'up', kind: 'pglite', latencyMs: 0.4 } },
      },
    },
  })
  @ApiServiceUnavailableResponse({
    description: 'At least one backing service is down (this report, not an API error body)',
    schema: {
      example: {
        status: 'degraded',
        checks: {
          database: { status: 'up', kind: 'postgres', latencyMs: 1.2 },
          kv: { status: 'down', kind: 'redis', latencyMs: 2000, error: 'no answer within 2000 ms' },
        },
      },
    },
  })
  async ready(
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ status: 'ok' | 'degraded'; checks: Record<string, CheckResult> }> {
    const checks = await this.registry.runAll();
    const allUp = Object.values(checks).every((check) => check.status === 'up');
    if (!allUp) res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: allUp ? 'ok' : 'degraded', checks };
  }
}
