import { toMarkdown, type AllReport } from '../bench/report';
import { embedded } from '../bench/scenarios/embedded';
import { history } from '../bench/scenarios/history';
import { idle } from '../bench/scenarios/idle';
import { reconnect } from '../bench/scenarios/reconnect';
import { soak } from '../bench/scenarios/soak';
import { throughput } from '../bench/scenarios/throughput';

/**
 * The load harness in miniature (a few users, one second per run), so it cannot rot. The full
 * runs are `npm run bench` and are not part of CI; these assert shape and correctness, not speed.
 */
describe('Load harness smoke runs', () => {
  jest.setTimeout(120_000);
  const reports: Partial<Omit<AllReport, 'scenario'>> = {};

  it('throughput: relay and app both deliver every message, and the ratios are computed', async () => {
    const report = (reports.throughput = await throughput({
      users: 6,
      chatSize: 3,
      durationMs: 1000,
      maxRatePerSec: 30,
      database: 'pglite',
      redis: false,
    }));
    const runs = [report.saturation, report.halfRate].flatMap((r) => [r.relay, r.app]);
    for (const run of runs) {
      expect(run.deliveriesPerSec).toBeGreaterThan(0);
      expect(run.lost).toBe(0);
      expect(run.failed).toBe(0);
      expect(run.latencyMs.p99).toBeGreaterThan(0);
    }
    expect(report.ratios.saturation).toBeGreaterThan(0);
    expect(Number.isFinite(report.ratios.p99AtHalfRate)).toBe(true);
  });

  it('embedded: times the first start and a restart on PGlite, and reads memory before and after messages', async () => {
    const report = (reports.embedded = await embedded({
      users: 4,
      chatSize: 2,
      messages: 50,
      settleMs: 200,
    }));
    expect(report.firstStartMs).toBeGreaterThan(0);
    expect(report.coldStartMs).toBeGreaterThan(0);
    expect(report.messagesStored).toBeGreaterThanOrEqual(50);
    for (const mb of [
      report.rssAfterFirstStartMB,
      report.rssAfterBootMB,
      report.rssAfterMessagesMB,
    ])
      expect(mb).toBeGreaterThan(0);
  });

  it('idle: measures memory per connection for both', async () => {
    const report = (reports.idle = await idle({
      connections: 60,
      users: 6,
      settleMs: 200,
      database: 'pglite',
      redis: false,
    }));
    // 60 connections hold less memory than RSS moves by itself (a few MB), so the figures per
    // connection can have either sign here; the smoke run proves they are read and computed.
    for (const figures of [report.relay, report.app]) {
      expect(figures.connectSeconds).toBeGreaterThan(0);
      expect(figures.rssBeforeMB).toBeGreaterThan(0);
      expect(figures.rssAfterMB).toBeGreaterThan(0);
      expect(Number.isFinite(figures.rssPerConnectionKB)).toBe(true);
    }
    expect(Number.isFinite(report.ratio)).toBe(true);
  });

  it('reconnect: the app loses and duplicates nothing through a restart, and everyone catches up', async () => {
    const report = (reports.reconnect = await reconnect({
      clients: 8,
      chatSize: 4,
      ratePerSec: 20,
      downMs: 300,
      database: 'pglite',
    }));
    expect(report.app.acked).toBeGreaterThan(0);
    expect(report.app.lost).toBe(0);
    expect(report.app.duplicated).toBe(0);
    expect(report.app.disconnectedMembers).toBe(0);
    expect(report.relay.disconnectedMembers).toBe(0);
    expect(report.ratio).toBeGreaterThan(0);
  });

  it('history: measures pages at both ends and the middle as the chat grows, and the chat list', async () => {
    const report = (reports.history = await history({
      sizes: [200, 2000],
      listChats: 20,
      samples: 5,
    }));
    expect(report.pages.map((p) => p.messages)).toEqual([200, 2000]);
    for (const page of report.pages) {
      for (const at of [page.newest, page.middle, page.oldest]) expect(at.p50).toBeGreaterThan(0);
    }
    expect(report.chatList.p50).toBeGreaterThan(0);
    expect(report.flatness).toBeGreaterThan(0);
  });

  it('soak: saturation, then half that rate with every message checked and RSS read along the way', async () => {
    const report = await soak({
      users: 6,
      chatSize: 3,
      saturationMs: 500,
      warmupMs: 500,
      durationMs: 1500,
      sampleEveryMs: 500,
      maxRatePerSec: 30,
      // PostgreSQL, as history needs anyway: the app starts in ~2 s on it, ~10 s on PGlite.
      database: 'postgres',
      redis: false,
    });
    expect(report.saturation.inboundPerSec).toBeGreaterThan(0);
    expect(report.ratePerSec).toBeGreaterThan(0);
    expect(report.sent).toBeGreaterThan(0);
    expect(report.acked).toBe(report.sent);
    expect(report.errors).toBe(0);
    expect(report.lost).toBe(0);
    expect(report.duplicated).toBe(0);
    expect(report.delivered).toBe(report.acked * 2);
    // Every 0.5 s from 0 to 2 s. Whether RSS stays within 10 % is a question for the full run:
    // over two seconds, the app filling its caches is most of what RSS does.
    expect(report.rssCurve).toHaveLength(5);
    expect(report.rssAfterWarmupMB).toBeGreaterThan(0);
    expect(report.rssEndMB).toBe(report.rssCurve[report.rssCurve.length - 1].rssMB);
    expect(Number.isFinite(report.rssChangePercent)).toBe(true);
    expect(toMarkdown(report)).toContain(
      '| lost (acked, not delivered to every member) | 0 | 0 | pass |',
    );
  });

  it('all: one summary states where every target stands', () => {
    const { throughput: t, embedded: e, idle: i, reconnect: r, history: h } = reports;
    if (!t || !e || !i || !r || !h) throw new Error('a scenario above failed');
    const summary = toMarkdown({
      scenario: 'all',
      throughput: t,
      embeddedThroughput: t,
      embedded: e,
      idle: i,
      reconnect: r,
      history: h,
    });
    const targetRows = summary
      .split('\n### ')[0]
      .split('\n')
      .filter((line) => /\| (met|not met) \|$/.test(line));
    expect(targetRows).toHaveLength(11);
    for (const heading of [
      '### throughput',
      '### embedded',
      '### idle',
      '### reconnect',
      '### history',
    ])
      expect(summary).toContain(heading);
  });
});
