import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { HistoryReport } from './scenarios/history';
import type { IdleReport } from './scenarios/idle';
import type { ReconnectReport } from './scenarios/reconnect';
import { RSS_TOLERANCE_PERCENT, type SoakReport } from './scenarios/soak';
import type { ThroughputReport } from './scenarios/throughput';
import type { EmbeddedReport } from './scenarios/embedded';

export type ScenarioReport =
  ThroughputReport | IdleReport | ReconnectReport | HistoryReport | SoakReport | EmbeddedReport;

/** `all`: every scenario in one run, and where each target stands. */
export interface AllReport {
  scenario: 'all';
  /** On the database given (`--db`, PostgreSQL for the targets). */
  throughput: ThroughputReport;
  /** The same shape on the embedded default (PGlite). */
  embeddedThroughput: ThroughputReport;
  embedded: EmbeddedReport;
  idle: IdleReport;
  reconnect: ReconnectReport;
  history: HistoryReport;
}

export type Report = ScenarioReport | AllReport;

/** The targets of issue 18 (and the idle and history targets before it), against one run. */
function targetsTable(all: AllReport): string {
  const { throughput: t, embeddedThroughput: et, embedded: e, idle: i, reconnect: r } = all;
  const h = all.history;
  const verdict = (met: boolean) => (met ? 'met' : 'not met');
  const db = t.options.database;
  const rows: Array<[string, string, string, boolean]> = [
    [
      `saturation (${db}): app ÷ relay deliveries/s`,
      '≥ 0.35',
      `${t.ratios.saturation}`,
      t.ratios.saturation >= 0.35,
    ],
    [
      `p99 at half the app’s saturation (${db}): app ÷ relay at that rate`,
      '≤ 2',
      `${t.ratios.p99AtHalfRate}`,
      t.ratios.p99AtHalfRate <= 2,
    ],
    [
      `CPU per delivery (${db}): app ÷ relay`,
      '≤ 4',
      `${t.ratios.cpuPerDelivery}`,
      t.ratios.cpuPerDelivery <= 4,
    ],
    [
      'saturation (PGlite): app ÷ relay deliveries/s',
      '≥ 0.15',
      `${et.ratios.saturation}`,
      et.ratios.saturation >= 0.15,
    ],
    ['PGlite: RSS after boot, MB', '≤ 250', `${e.rssAfterBootMB}`, e.rssAfterBootMB <= 250],
    [
      `PGlite: RSS after ${e.messagesStored} messages, MB`,
      '≤ 300 after 100,000',
      `${e.rssAfterMessagesMB}`,
      e.rssAfterMessagesMB <= 300 && e.messagesStored >= 100_000,
    ],
    [
      'PGlite: start on an existing data directory, s',
      '≤ 2',
      `${e.coldStartMs / 1000}`,
      e.coldStartMs <= 2000,
    ],
    ['PGlite: first start, s', '≤ 6', `${e.firstStartMs / 1000}`, e.firstStartMs <= 6000],
    [
      `idle: RSS per connection app ÷ relay, ${i.options.connections} connections`,
      '≤ 1.5 at ≥ 20,000',
      `${i.ratio}`,
      i.ratio <= 1.5 && i.options.connections >= 20_000,
    ],
    [
      `reconnect: caught up app ÷ relay back, ${r.options.clients} clients; lost, duplicated, stranded`,
      '≤ 2 at 5,000; 0; 0; 0',
      `${r.ratio}; ${r.app.lost}; ${r.app.duplicated}; ${r.app.disconnectedMembers}`,
      r.ratio <= 2 &&
        r.options.clients >= 5000 &&
        r.app.lost === 0 &&
        r.app.duplicated === 0 &&
        r.app.disconnectedMembers === 0,
    ],
    [
      'history: page p50 growth, smallest → largest chat',
      '≤ 2×',
      `${h.flatness}×`,
      h.flatness <= 2,
    ],
  ];
  return [
    '### against the targets',
    '',
    '| target | goal | this run | |',
    '| --- | --- | --- | --- |',
    ...rows.map(([what, goal, now, met]) => `| ${what} | ${goal} | ${now} | ${verdict(met)} |`),
  ].join('\n');
}

function embeddedMarkdown(report: EmbeddedReport): string {
  return [
    `### embedded: the default (PGlite in the process), ${report.options.users} users in chats of ${report.options.chatSize}`,
    '',
    '| first start, s | RSS after it, MB | start again, s | RSS after boot, MB | messages stored | RSS after them, MB |',
    '| --- | --- | --- | --- | --- | --- |',
    `| ${report.firstStartMs / 1000} | ${report.rssAfterFirstStartMB} | ${report.coldStartMs / 1000} | ${report.rssAfterBootMB} | ${report.messagesStored} | ${report.rssAfterMessagesMB} |`,
    '',
    'Starts are timed from spawning the process until `/health` answers; RSS is read 2 s later, after a full garbage collection.',
  ].join('\n');
}

/** When, where and on what code a result was measured. */
export function environment() {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return {
    date: new Date().toISOString(),
    commit,
    node: process.version,
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memoryGB: Math.round(totalmem() / 2 ** 30),
  };
}

function soakMarkdown(report: SoakReport): string {
  const o = report.options;
  const verdict = (met: boolean) => (met ? 'pass' : 'fail');
  const span = (ms: number) => (ms < 60_000 ? `${ms / 1000} s` : `${round1(ms / 60_000)} min`);
  const signed = (n: number) => `${n > 0 ? '+' : ''}${n}`;
  const failures = Object.entries(report.failures).map(
    ([why, n]) => `${n}× ${why.replace(/\|/g, '\\|')}`,
  );
  const l = report.latencyMs;
  return [
    `### soak: ${o.users} users in chats of ${o.chatSize}, ${span(o.warmupMs)} warm-up + ${span(o.durationMs)} at half the app's saturation rate (${o.database}, Redis ${o.redis ? 'on' : 'off'})`,
    '',
    '| figure | this run | criterion | |',
    '| --- | --- | --- | --- |',
    `| rate used, msgs/s (app saturated: ${Math.round(report.saturation.inboundPerSec)}) | ${Math.round(report.ratePerSec)} | | |`,
    `| messages sent / acked / delivered (expected) | ${report.sent} / ${report.acked} / ${report.delivered} (${report.expected}) | | |`,
    `| errors (failed acks) | ${report.errors}${failures.length ? ` (${failures.join(', ')})` : ''} | 0 | ${verdict(report.pass.errors)} |`,
    `| lost (acked, not delivered to every member) | ${report.lost} | 0 | ${verdict(report.pass.lost)} |`,
    `| duplicated (copies received twice) | ${report.duplicated} | | |`,
    `| RSS after warm-up, MB | ${report.rssAfterWarmupMB} | | |`,
    `| RSS at end, MB | ${report.rssEndMB} | | |`,
    `| RSS change | ${signed(report.rssChangePercent)} % | within ±${RSS_TOLERANCE_PERCENT} % | ${verdict(report.pass.rss)} |`,
    `| latency p50 / p99 / max, ms | ${l.p50} / ${l.p99} / ${l.max} | | |`,
    '',
    `RSS after a full garbage collection, s: MB: ${report.rssCurve.map((s) => `${s.atSec}: ${s.rssMB}`).join(', ')}.`,
    '',
    `Overall: **${verdict(report.pass.all)}**. Counts cover the warm-up too; latency includes the forced collections (one per RSS reading).`,
  ].join('\n');
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function toMarkdown(report: Report): string {
  if (report.scenario === 'soak') return soakMarkdown(report);
  if (report.scenario === 'embedded') return embeddedMarkdown(report);
  if (report.scenario === 'all') {
    const parts = [
      report.throughput,
      report.embeddedThroughput,
      report.embedded,
      report.idle,
      report.reconnect,
      report.history,
    ];
    return [targetsTable(report), ...parts.map(toMarkdown)].join('\n\n');
  }
  if (report.scenario === 'history') {
    const l = (x: { p50: number; p99: number }) => `${x.p50} / ${x.p99}`;
    return [
      `### history: a 50-message page as the chat grows (PostgreSQL), p50 / p99 ms over ${report.options.samples} requests`,
      '',
      '| messages in the chat | newest page | middle page | oldest page |',
      '| --- | --- | --- | --- |',
      ...report.pages.map(
        (p) => `| ${p.messages} | ${l(p.newest)} | ${l(p.middle)} | ${l(p.oldest)} |`,
      ),
      '',
      `Chat list (first 50) of someone in ${report.options.listChats} chats: ${l(report.chatList)} ms.`,
      `Slowest growth of a page's p50 from the smallest to the largest chat: **${report.flatness}×** (target ≤ 2).`,
    ].join('\n');
  }
  if (report.scenario === 'reconnect') {
    const o = report.options;
    const row = (name: string, r: ReconnectReport['relay'], keeps: boolean) =>
      `| ${name} | ${Math.round(r.rejoinMs)} | ${Math.round(r.caughtUpMs)} | ${r.acked} | ${keeps ? r.lost : 'n/a'} | ${keeps ? r.duplicated : 'n/a'} | ${r.disconnectedMembers} |`;
    return [
      `### reconnect: ${o.clients} clients in chats of ${o.chatSize}, ${o.ratePerSec} msgs/s through a restart, down ${o.downMs / 1000} s (${o.database}, Redis on)`,
      '',
      '| target | all back, ms | all caught up, ms | acked | lost | duplicated | still disconnected |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      row('relay', report.relay, false),
      row('app', report.app, true),
      '',
      `Ratio app caught up / relay back: **${report.ratio}** (target ≤ 2). Lost and duplicated apply to the app only: the relay keeps nothing and restarts its numbering.`,
    ].join('\n');
  }
  if (report.scenario === 'idle') {
    const row = (name: string, f: IdleReport['relay']) =>
      `| ${name} | ${f.connectSeconds} | ${f.rssBeforeMB} | ${f.rssAfterMB} | ${f.rssPerConnectionKB} |`;
    return [
      `### idle: ${report.options.connections} connections (${report.options.database}, Redis ${report.options.redis ? 'on' : 'off'})`,
      '',
      '| target | connect s | RSS before MB | RSS after MB | KB per connection |',
      '| --- | --- | --- | --- | --- |',
      row('relay', report.relay),
      row('app', report.app),
      '',
      `Ratio app/relay per connection: **${report.ratio}** (target ≤ 1.5).`,
    ].join('\n');
  }
  const row = (name: string, f: ThroughputReport['saturation']['relay']) =>
    `| ${name} | ${f.inboundPerSec} | ${f.deliveriesPerSec} | ${f.latencyMs.p50} | ${f.latencyMs.p99} | ${f.latencyMs.max} | ${f.cpuSecondsPer1000Deliveries} | ${f.lost} | ${f.failed} |`;
  const o = report.options;
  return [
    `### throughput: ${o.users} users in chats of ${o.chatSize}, ${o.durationMs / 1000} s per run (${o.database}, Redis ${o.redis ? 'on' : 'off'})`,
    '',
    '| run | msgs in/s | deliveries/s | p50 ms | p99 ms | max ms | CPU s / 1000 deliveries | lost | failed |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    row('relay, saturated', report.saturation.relay),
    row('app, saturated', report.saturation.app),
    row(`relay, ${report.halfRate.totalRatePerSec.toFixed(0)} msgs/s`, report.halfRate.relay),
    row(`app, ${report.halfRate.totalRatePerSec.toFixed(0)} msgs/s`, report.halfRate.app),
    '',
    `Ratios: saturation app/relay **${report.ratios.saturation}** (target ≥ 0.35 on PostgreSQL, ≥ 0.15 on PGlite); p99 at half the app's saturation rate app/relay **${report.ratios.p99AtHalfRate}** (target ≤ 2); CPU per delivery app/relay **${report.ratios.cpuPerDelivery}** (target ≤ 4).`,
  ].join('\n');
}

/** bench/results/<scenario>-<time>.json and .md; answers the markdown. */
export function save(report: Report): string {
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const env = environment();
  const name = `${report.scenario}-${env.date.replace(/[:.]/g, '-')}`;
  const markdown = `${toMarkdown(report)}\n\nMeasured ${env.date} at commit ${env.commit}, Node ${env.node}, ${env.cpu}, ${env.memoryGB} GB.\n`;
  writeFileSync(
    join(dir, `${name}.json`),
    JSON.stringify({ ...report, environment: env }, null, 2),
  );
  writeFileSync(join(dir, `${name}.md`), markdown);
  return markdown;
}
