import { httpCase, type ImageSamples } from '../generators/http-cases';
import { handshakeCase } from '../generators/handshake-cases';
import { socketCase } from '../generators/socket-cases';
import type { LocalPushService } from '@app/testing';
import { AppSupply, type ChildApp, type Crash } from './child-app';
import { describe, execute, type Outcome, type Spec, type Target } from './execute';
import { Findings } from './findings';
import type { Operation } from './openapi';
import { Rng } from './prng';
import { RawHttp } from './raw-http';
import { SocketPool } from './socket-pool';
import { keepSignedIn, originOf, seedFuzzWorld, type FuzzWorld } from './world-seed';

export interface RunOptions {
  seed: number;
  cases: number;
  /** FUZZ_ONLY: replay just these case numbers. */
  only?: Set<number>;
  concurrency: number;
  images: ImageSamples;
  /** No new case starts after this long (a loaded machine or a very broken app): 0 for none. */
  timeBudgetMs: number;
  /** The local push service the app may send to (PUSH_TEST_ORIGINS): each world subscribes there. */
  push?: LocalPushService;
}

/** One booted app with its seeded world: what cases run against until it crashes. */
interface Instance extends Target {
  app: ChildApp;
  fuzz: FuzzWorld;
  inFlight: Map<number, Spec>;
  /** Cases that finished just before a crash are suspects too (a crash can come a tick later). */
  recent: Array<{ index: number; spec: Spec; at: number }>;
}

/** After this many crashes the run stops: each costs a restart, and the report already says it. */
const MAX_CRASHES = 6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SESSION_CHECK_EVERY = 300;

/** The uncaught error and its first frames, out of what Node printed when it died. */
function crashSummary(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '' && !/^Node\.js v/.test(l));
  const start = Math.max(
    0,
    lines.findIndex((l) => /^\s*\w*(Error|Exception)\b/.test(l)),
  );
  return lines
    .slice(start, start + 8)
    .map((l) => l.trim())
    .join(' ⏎ ');
}

export class FuzzRun {
  readonly findings: Findings;
  readonly stats = {
    run: 0,
    skipped: 0,
    crashes: 0,
    /** Time the cases waited for a crashed app to be replaced. */
    recoveryMs: 0,
    /** The time budget ran out before every case ran. */
    outOfTime: false,
    byFamily: { http: 0, socket: 0, handshake: 0 },
    /** Cases run per target (`POST /api/v1/push/subscriptions`, `socket client:visibility`). */
    byTarget: new Map<string, number>(),
    /** Per target, how often each answer came (`201`, `400`; `ok`, `validation_failed`). */
    answers: new Map<string, Map<string, number>>(),
  };
  private readonly root: Rng;
  private readonly quarantine = new Set<string>();
  private readonly supply: AppSupply;
  private instance?: Instance;
  private recovering?: Promise<void>;
  private stopped = false;
  private nextIndex = 0;
  private deadline = Infinity;
  private sessionCheck?: Promise<void>;
  private operations: Operation[] = [];

  constructor(
    private readonly options: RunOptions,
    env: Record<string, string>,
  ) {
    this.root = new Rng(options.seed);
    this.findings = new Findings(options.seed);
    this.supply = new AppSupply(env);
  }

  /** The case numbered `index`: a function of the seed, the index and the world's real ids only. */
  generate(index: number, fuzz: FuzzWorld): Spec {
    const rng = this.root.fork(index);
    const roll = rng.next();
    if (roll < 0.7) {
      const op = rng.pick(this.operations);
      const signedIn = rng.chance(0.65) ? fuzz.credentials : undefined;
      return { family: 'http', c: httpCase(rng, fuzz.world, op, signedIn, this.options.images) };
    }
    if (roll < 0.9) return { family: 'socket', c: socketCase(rng, fuzz.world) };
    return { family: 'handshake', c: handshakeCase(rng, fuzz.world) };
  }

  /** Runs every case against `first` (and its successors after crashes); the last app stays up. */
  async run(first: ChildApp, operations: Operation[]): Promise<Instance> {
    this.operations = operations;
    if (this.options.timeBudgetMs > 0) this.deadline = Date.now() + this.options.timeBudgetMs;
    this.instance = await this.prepare(first);
    await Promise.all(Array.from({ length: this.options.concurrency }, () => this.worker()));
    if (this.recovering) await this.recovering;
    return this.instance;
  }

  async close(): Promise<void> {
    this.instance?.sockets.close();
    this.instance?.http.close();
    await this.supply.stopAll();
  }

  firstApp(): Promise<ChildApp> {
    return this.supply.boot();
  }

  private async prepare(app: ChildApp): Promise<Instance> {
    const fuzz = await seedFuzzWorld(originOf(app.url), this.options.images.png, this.options.push);
    const instance: Instance = {
      app,
      fuzz,
      http: new RawHttp(app.url, this.options.concurrency + 4),
      sockets: new SocketPool(app.url, () => fuzz.credentials.accessToken, 4),
      accessToken: () => fuzz.credentials.accessToken,
      renewSession: () => this.renew(instance),
      inFlight: new Map(),
      recent: [],
    };
    app.onCrash = (crash) => {
      if (this.recovering) return;
      const started = Date.now();
      this.recovering = this.recover(instance, crash).finally(() => {
        this.recovering = undefined;
        this.stats.recoveryMs += Date.now() - started;
      });
    };
    return instance;
  }

  private async worker(): Promise<void> {
    for (;;) {
      if (this.recovering) await this.recovering;
      if (this.stopped) return;
      const index = this.nextIndex++;
      if (index >= this.options.cases) return;
      if (Date.now() > this.deadline) {
        this.stats.outOfTime = true;
        return;
      }
      if (this.options.only && !this.options.only.has(index)) continue;
      const instance = this.instance as Instance;
      const spec = this.generate(index, instance.fuzz);
      if (this.quarantine.has(spec.c.target)) {
        this.stats.skipped += 1;
        continue;
      }
      instance.inFlight.set(index, spec);
      const outcome = await this.attempt(instance, index, spec);
      instance.inFlight.delete(index);
      // A case cut short by a crash is a suspect of the recovery, which runs it again.
      if (!outcome || instance !== this.instance) continue;
      instance.recent.push({ index, spec, at: Date.now() });
      if (instance.recent.length > 64) instance.recent.shift();
      this.record(instance, index, spec, outcome);
      if (this.stats.run % SESSION_CHECK_EVERY === 0) await this.renew(instance);
    }
  }

  /** Runs one case; undefined if the app died meanwhile (its outcome then says nothing). */
  private async attempt(
    instance: Instance,
    index: number,
    spec: Spec,
  ): Promise<Outcome | undefined> {
    const outcome = await execute(spec, instance, index).catch((error: Error) => ({
      problems: [`no answer (${error.message.slice(0, 60)})`],
      observed: String(error.message),
      transport: true,
    }));
    // A refused or reset connection is usually the app dying: its exit event may lag a little.
    if (outcome.transport) await Promise.race([instance.app.exited(), sleep(500)]);
    return instance.app.alive ? outcome : undefined;
  }

  private record(instance: Instance, index: number, spec: Spec, outcome: Outcome): void {
    this.stats.run += 1;
    this.stats.byFamily[spec.family] += 1;
    this.stats.byTarget.set(spec.c.target, (this.stats.byTarget.get(spec.c.target) ?? 0) + 1);
    if (outcome.label) {
      const answers = this.stats.answers.get(spec.c.target) ?? new Map<string, number>();
      answers.set(outcome.label, (answers.get(outcome.label) ?? 0) + 1);
      this.stats.answers.set(spec.c.target, answers);
    }
    for (const problem of outcome.problems) {
      this.findings.add({
        target: spec.c.target,
        problem,
        caseIndex: index,
        example: describe(spec, instance.accessToken()),
        observed: outcome.observed,
      });
    }
  }

  /** One renewal at a time, however many cases noticed the ended session at once. */
  private renew(instance: Instance): Promise<void> {
    this.sessionCheck ??= keepSignedIn(originOf(instance.app.url), instance.fuzz)
      .catch(() => undefined)
      .finally(() => (this.sessionCheck = undefined));
    return this.sessionCheck;
  }

  /**
   * The app died: every case in flight (and any that finished in the last 500 ms) is a suspect.
   * On a fresh app each suspect runs alone; the one that kills it is reported with the crash's
   * stderr, and its target is skipped from then on. The run goes on against the next app.
   */
  private async recover(dead: Instance, crash: Crash): Promise<void> {
    this.stats.crashes += 1;
    const suspects = new Map<number, Spec>(dead.inFlight);
    const wereInFlight = new Set(dead.inFlight.keys());
    for (const r of dead.recent) if (Date.now() - r.at < 500) suspects.set(r.index, r.spec);
    dead.sockets.close();
    dead.http.close();
    const stderr = crashSummary(crash.stderr);
    let instance = await this.prepare(await this.supply.take());
    let culprits = 0;
    for (const [index] of suspects) {
      if (this.stats.crashes > MAX_CRASHES) {
        this.stopped = true;
        this.findings.add({
          target: 'app process',
          problem: `crashed ${this.stats.crashes} times; run stopped`,
          caseIndex: index,
          example: [...suspects.keys()].join(', '),
          observed: stderr,
        });
        break;
      }
      const spec = this.generate(index, instance.fuzz);
      if (this.quarantine.has(spec.c.target)) continue;
      const outcome = await this.attempt(instance, index, spec);
      // An uncaught exception ends the process within milliseconds of the request.
      await Promise.race([instance.app.exited(), sleep(150)]);
      if (instance.app.alive) {
        // Cases that had finished before the crash were recorded then.
        if (outcome && wereInFlight.has(index)) this.record(instance, index, spec, outcome);
        continue;
      }
      culprits += 1;
      this.stats.crashes += 1;
      const own = instance.app.takeCrash();
      this.findings.add({
        target: spec.c.target,
        problem: 'process crashed',
        caseIndex: index,
        example: describe(spec, instance.accessToken()),
        observed: own ? crashSummary(own.stderr) : stderr,
      });
      this.quarantine.add(spec.c.target);
      instance = await this.prepare(await this.supply.take());
    }
    if (culprits === 0)
      this.findings.add({
        target: 'app process',
        problem: 'process crashed (no suspect crashes it alone)',
        caseIndex: [...suspects.keys()][0] ?? -1,
        example: [...suspects].map(([i, s]) => `#${i} ${s.c.target}`).join(', '),
        observed: stderr,
      });
    this.instance = instance;
  }
}
