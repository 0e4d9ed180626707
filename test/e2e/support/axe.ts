/** axe-core in a page: its serious and critical violations, as "rule (impact, n nodes)". */
import fs from 'node:fs';
import type { Page } from 'playwright-core';

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export async function seriousViolations(p: Page): Promise<string[]> {
  // Through the DevTools protocol: the page's own CSP (rightly) refuses inline scripts.
  await p.evaluate(axeSource);
  const result = (await p.evaluate(() =>
    (window as unknown as { axe: { run: () => Promise<unknown> } }).axe.run(),
  )) as { violations: { id: string; impact: string | null; nodes: unknown[] }[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
}
