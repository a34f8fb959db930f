import { readFileSync } from 'node:fs';
import type { AxeResults, ImpactValue } from 'axe-core';
import type { Page } from 'playwright-core';

/** axe-core's own bundle, read once: injected into each page as a script, nothing fetched. */
let source: string | undefined;
const axeSource = () => (source ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/** What the issue asks to be zero: findings a person using assistive technology trips over. */
const BLOCKING: readonly ImpactValue[] = ['serious', 'critical'];

/** One serious or critical finding: the rule, its impact and the element it is about. */
export interface AxeFinding {
  rule: string;
  impact: ImpactValue;
  target: string;
  summary: string;
}

/**
 * axe-core's serious and critical findings on the page as it is now, one per element. The page
 * must show what is to be checked (axe looks at the rendered DOM, colours included).
 */
export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.addScriptTag({ content: axeSource() });
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run(options: object): Promise<AxeResults> } }).axe.run({
      resultTypes: ['violations'],
    }),
  );
  return results.violations.flatMap((rule) =>
    rule.nodes
      .filter((node) => node.impact && BLOCKING.includes(node.impact))
      .map((node) => ({
        rule: rule.id,
        impact: node.impact as ImpactValue,
        target: node.target.join(' '),
        summary: (node.failureSummary ?? '').split('\n').slice(0, 2).join(' '),
      })),
  );
}
