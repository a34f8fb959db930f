import type { INestApplication } from '@nestjs/common';
import type { Application, Request, Response } from 'express';
import type { SplitServiceInstance } from '@app/config';
import type { CheckResult } from './health-registry';
import { fetchWithin, reasonOf } from './health-services-fetch';
import { servicesMetrics } from './health-services-metrics';

/** What one instance said, or that it said nothing in time. */
export interface InstanceReport {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
  /** Readiness only: the instance's own checks, as its `/health/ready` gave them. */
  checks?: Record<string, CheckResult>;
}

/** Every service of the deployment, each instance in the order SPLIT_SERVICES lists them. */
export interface ServicesReport {
  /** `ok`: every instance up; `degraded`: some; `down`: none (or none configured). */
  status: 'ok' | 'degraded' | 'down';
  services: Record<string, InstanceReport[]>;
  error?: string;
}

async function probe(instance: SplitServiceInstance, path: string): Promise<InstanceReport> {
  const started = performance.now();
  const latencyMs = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const res = await fetchWithin(`${instance.url}${path}`);
    const body = (await res.json().catch(() => ({}))) as { checks?: Record<string, CheckResult> };
    const checks = path.endsWith('/ready') ? { checks: body.checks } : {};
    if (res.ok) return { status: 'up', latencyMs: latencyMs(), ...checks };
    return { status: 'down', latencyMs: latencyMs(), error: `HTTP ${res.status}`, ...checks };
  } catch (error) {
    return { status: 'down', latencyMs: latencyMs(), error: reasonOf(error) };
  }
}

/** Asks every instance at once (`/health` or `/health/ready`) and sums up. */
export async function servicesReport(
  instances: SplitServiceInstance[] | undefined,
  path: '/health' | '/health/ready',
): Promise<ServicesReport> {
  if (!instances?.length) {
    return { status: 'down', services: {}, error: NOT_CONFIGURED };
  }
  const reports = await Promise.all(instances.map((instance) => probe(instance, path)));
  const services: Record<string, InstanceReport[]> = {};
  instances.forEach(({ service }, i) => (services[service] ??= []).push(reports[i]));
  const up = reports.filter((report) => report.status === 'up').length;
  const status = up === reports.length ? 'ok' : up === 0 ? 'down' : 'degraded';
  return { status, services };
}

export const NOT_CONFIGURED =
  'SPLIT_SERVICES is not set: this service does not know the others of the deployment';

/**
 * One call at a time per key: concurrent callers share the answer in progress, so a burst of
 * requests to a public route does not become a burst against every service behind it.
 */
export function shared<T>(work: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => {
    running ??= work().finally(() => (running = undefined));
    return running;
  };
}

/**
 * The deployment as a whole, for nginx to answer `/health`, `/health/ready` and `/metrics` with
 * (one service alone cannot say whether the others are up): `/health/services`,
 * `/health/services/ready` and `/metrics/services`. Plain Express routes, outside Nest's router:
 * its global prefix would move them under /api/v1, and like `/health` they are never rate limited.
 */
export function serveServicesHealth(
  app: INestApplication,
  instances: SplitServiceInstance[] | undefined,
): void {
  const express = app.getHttpAdapter().getInstance() as Application;
  const report = (path: '/health' | '/health/ready') => {
    const run = shared(() => servicesReport(instances, path));
    return async (_req: Request, res: Response) => {
      const body = await run();
      res.status(body.status === 'ok' ? 200 : 503).json(body);
    };
  };
  express.get('/health/services', report('/health'));
  express.get('/health/services/ready', report('/health/ready'));
  const metrics = shared(() => servicesMetrics(instances ?? []));
  express.get('/metrics/services', async (_req: Request, res: Response) => {
    res.type('text/plain; version=0.0.4; charset=utf-8');
    if (!instances?.length) res.status(503).send(`# ${NOT_CONFIGURED}\n`);
    else res.send(await metrics());
  });
}
