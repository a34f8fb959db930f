import { ascii } from '../harness/findings';

/** Cells checked and the failed ones, grouped by what went wrong, for one readable failure. */
export class MatrixReport {
  cells = 0;
  private readonly failures = new Map<string, string[]>();

  /** Counts a cell; records `line` under `problem` unless `ok`. */
  check(ok: boolean, problem: string, line: string): void {
    this.cells += 1;
    if (ok) return;
    const lines = this.failures.get(problem) ?? [];
    this.failedTotal += 1;
    lines.push(ascii(line.length > 400 ? `${line.slice(0, 400)}...` : line));
    this.failures.set(problem, lines);
  }

  /** Failed cells over the whole run. */
  failedTotal = 0;

  get failed(): number {
    return [...this.failures.values()].reduce((n, lines) => n + lines.length, 0);
  }

  throwIfFailed(title: string): void {
    if (this.failures.size === 0) return;
    const out = [
      `${title}: ${this.failed} of ${this.cells} cell(s) failed, ${this.failures.size} distinct problem(s)`,
    ];
    [...this.failures].forEach(([problem, lines], n) => {
      // One problem usually fails a whole row of cells: a dozen examples tell the story.
      const shown = lines.slice(0, 12).map((line) => `   - ${line}`);
      if (lines.length > 12) shown.push(`   - ... and ${lines.length - 12} more`);
      out.push(`${n + 1}. ${problem}: ${lines.length} cell(s)`, ...shown);
    });
    // Each test reports its own cells; the count of cells goes on across them.
    this.failures.clear();
    throw new Error(out.join('\n'));
  }
}
