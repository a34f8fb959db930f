const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `900` (seconds), `250ms`, `90s`, `15m`, `12h` or `15d` into milliseconds; `undefined` when malformed. */
export function parseDurationMs(raw: string): number | undefined {
  const match = /^(\d+)\s*(ms|s|m|h|d)?$/.exec(raw.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2] ?? 's'];
  return Number.isSafeInteger(ms) && ms > 0 ? ms : undefined;
}
