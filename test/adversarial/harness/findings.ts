/** One observed violation: where (route or event), what, and how to get it again. */
export interface Finding {
  /** The route (`POST /api/v1/chats/{id}`), event (`socket message:send`) or handshake path. */
  target: string;
  /** What was wrong, without case-specific values, e.g. `HTTP 500`, `ack internal`. */
  problem: string;
  /** The case, replayable on its own with FUZZ_SEED + FUZZ_ONLY. */
  caseIndex: number;
  /** A readable reproducer: the request or emit as sent. */
  example: string;
  /** What came back (status and body, the ack, or the crash's stderr). */
  observed: string;
}

/**
 * The hostile ingredient a failing input holds, for telling apart causes that fail the same
 * route (a deep body and a NUL both give a 500 on one route). First match wins, a cursor first
 * (GET routes ignore the body); a hint for the reader, nothing is asserted on it.
 */
const TRAITS: Array<[string, RegExp]> = [
  ['cursor', /cursor=/],
  ['deeply nested', /(?:\[|\{\\*"a\\*":){64}/],
  ['NUL character', /\\+u0000|%00/i],
  [
    'lone surrogate',
    /\\+ud[89ab][0-9a-f]{2}(?!\\+ud[c-f])|(?<!\\+ud[89ab][0-9a-f]{2})\\+ud[c-f][0-9a-f]{2}|%ED%[AB]/i,
  ],
  ['operator object', /\$(?:gt|ne|where|regex|in|exists)/],
  ['malformed percent-encoding', /%(?![0-9A-F]{2})|%E0%A4%A(?![0-9A-F])|%C0%AF|%FF/i],
];

const traitOf = (example: string) =>
  TRAITS.find(([, pattern]) => pattern.test(example))?.[0] ?? 'other ingredients';

interface Group {
  count: number;
  byTrait: Map<string, { count: number; smallest: Finding }>;
}

const clip = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max)}... (${text.length} characters)`;

/** Runs of one short unit (`[[[[`, `{"a":{"a":`) written once with a count: `[×2000`. */
const squeeze = (text: string) =>
  text.replace(/(.{1,8}?)\1{15,}/gs, (run, unit: string) => `${unit}×${run.length / unit.length}`);

/**
 * All findings of a run, grouped by target and problem, each group split by the hostile
 * ingredient of its inputs with the smallest example of each: one failing route shows up once
 * per cause instead of ten thousand times, and no finding hides another.
 */
export class Findings {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly seed: number,
    private readonly replay = 'FUZZ_SEED',
  ) {}

  add(finding: Finding): void {
    const key = `${finding.target} | ${finding.problem}`;
    const group = this.groups.get(key) ?? { count: 0, byTrait: new Map() };
    this.groups.set(key, group);
    group.count += 1;
    const trait = traitOf(finding.example);
    const compact = { ...finding, example: squeeze(finding.example) };
    const entry = group.byTrait.get(trait);
    if (!entry) group.byTrait.set(trait, { count: 1, smallest: compact });
    else {
      entry.count += 1;
      if (compact.example.length < entry.smallest.example.length) entry.smallest = compact;
    }
  }

  get size(): number {
    return this.groups.size;
  }

  /** The failure message: every distinct problem with its smallest example per cause, and the seed. */
  report(title: string): string {
    const lines = [
      `${title}: ${this.groups.size} distinct failure(s), seed ${this.seed} ` +
        `(replay: ${this.replay}=${this.seed}; one case: add FUZZ_ONLY=<case>; "x×N" is x repeated N times)`,
    ];
    const sorted = [...this.groups].sort(([a], [b]) => a.localeCompare(b));
    sorted.forEach(([key, group], n) => {
      lines.push(`${n + 1}. ${key}: ${group.count} case(s)`);
      for (const [trait, { count, smallest }] of [...group.byTrait].sort(
        (a, b) => b[1].count - a[1].count,
      )) {
        lines.push(
          `   - input with ${trait}: ${count} case(s); smallest is case #${smallest.caseIndex} (seed ${this.seed})`,
          `       sent:     ${clip(smallest.example, 700)}`,
          `       observed: ${clip(smallest.observed, 500)}`,
        );
      }
    });
    return lines.join('\n');
  }
}

export const ascii = (text: string) =>
  text.replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * JSON for a report line, ASCII only: lone surrogates, NUL, RTL marks and other invisible
 * characters stay visible as escapes and survive copy and paste into a reproducer.
 */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Buffer.isBuffer(value)) return `<Buffer ${value.length} bytes>`;
  let text: string;
  try {
    text = JSON.stringify(value) ?? `<${typeof value}>`;
  } catch (error) {
    // Too deep to stringify is itself a case we generate on purpose.
    return `<unprintable: ${(error as Error).message}>`;
  }
  return ascii(squeeze(text).length > 4_000 ? clip(text, 4_000) : text);
}
