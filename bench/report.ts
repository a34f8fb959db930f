import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { HistoryReport } from './scenarios/history';
import type { IdleReport } from './scenarios/idle';
import type { ReconnectReport } from './scenarios/reconnect';
import type { ThroughputReport } from './scenarios/throughput';

export type Report = ThroughputReport | IdleReport | ReconnectReport | HistoryReport;

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

export function toMarkdown(report: Report): string {
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
      `Ratio app caught up / relay back: **${report.ratio}** (target ≤ 1.5). Lost and duplicated apply to the app only: the relay keeps nothing and restarts its numbering.`,
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
    `Ratios: saturation app/relay **${report.ratios.saturation}** (target ≥ 0.5); p99 at half the relay's saturation rate app/relay **${report.ratios.p99AtHalfRate}** (target ≤ 3); CPU per delivery app/relay ${report.ratios.cpuPerDelivery}.`,
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
