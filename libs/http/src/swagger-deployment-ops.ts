import type { OpenAPIObject } from '@nestjs/swagger';

type PathItem = OpenAPIObject['paths'][string];

const instance = (status: 'up' | 'down', extra: object = {}) => ({
  status,
  latencyMs: status === 'up' ? 1.4 : 3000,
  ...(status === 'down' ? { error: 'no answer within 3000 ms' } : {}),
  ...extra,
});

const report = (mailStatus: 'up' | 'down', ready: boolean) => {
  const checks = (kind: string) =>
    ready ? { checks: { database: { status: 'up', kind, latencyMs: 0.9 } } } : {};
  return {
    status: mailStatus === 'up' ? 'ok' : 'degraded',
    services: {
      users: [instance('up', checks('postgres'))],
      chat: [instance('up', checks('postgres')), instance('up', checks('postgres'))],
      mail: [instance(mailStatus)],
    },
  };
};

const json = (example: object) => ({ content: { 'application/json': { example } } });

const opsRoute = (summary: string, description: string, ready: boolean): PathItem => ({
  get: {
    tags: ['ops'],
    summary,
    description,
    operationId: ready ? 'Deployment_ready' : 'Deployment_live',
    security: [],
    responses: {
      '200': {
        description: 'Every instance of every service answered',
        ...json(report('up', ready)),
      },
      '503': {
        description: 'Some instance did not (this report, not an API error body)',
        ...json(report('down', ready)),
      },
    },
  },
});

/**
 * What this origin (nginx) answers at the paths every app also has for itself: the whole
 * deployment, collected from every service listed in SPLIT_SERVICES by the service nginx asks.
 */
export const DEPLOYMENT_OPS_PATHS: Record<string, PathItem> = {
  '/health': opsRoute(
    'Liveness of every service of the deployment',
    "Each instance's own `/health`, asked at once, each given 3 s.",
    false,
  ),
  '/health/ready': opsRoute(
    'Readiness of every service of the deployment',
    "Each instance's own `/health/ready` (its database, key-value store, broker, mail queue), asked at once, each given 3 s.",
    true,
  ),
  '/metrics': {
    get: {
      tags: ['ops'],
      summary: "Every instance's Prometheus metrics, labelled by service and replica",
      description:
        'Each sample gains `service` and `replica` labels; `split_service_up` is 0 for an instance that did not answer.',
      operationId: 'Deployment_metrics',
      security: [],
      responses: { '200': { description: 'Prometheus text format' } },
    },
  },
};
