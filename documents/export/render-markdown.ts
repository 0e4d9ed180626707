/**
 * Part 1 as Markdown in the seed's layout. It is also an import format: parseDecisionDocument
 * reads it back to the same reference, title, recommendations, lines, totals and cited decisions.
 */
import type { GovernanceProfile } from '../../domain/profile';
import type { Decision } from '../../domain/types';
import { part1View, type Part1Options, type SignatureBlockView } from './part1-view';

/** A table cell: pipes escaped, line breaks flattened. */
const cell = (text: string): string => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

/** Text that would read as Markdown structure at the start of a line ("# ", "1. ") is escaped. */
const paragraph = (text: string): string =>
  text
    .replace(/^(\s*)(#{1,6}\s|[-*+]\s(?=\S)|>)/gm, (_m, space: string, mark: string) => `${space}\\${mark}`)
    .replace(/^(\s*\d+)([.)]\s)/gm, (_m, number: string, mark: string) => `${number}\\${mark}`);

function signatureLines(block: SignatureBlockView): string[] {
  const out: string[] = [];
  if (block.interestStatement !== null)
    out.push(block.interestStatement, '', `Interests declared: ${block.interest ?? ''}`.trimEnd(), '');
  out.push(
    block.statement,
    '',
    `Signature: ${block.name ?? ''}`.trimEnd(),
    '',
    `Date ${block.date ?? ''}`.trimEnd(),
    '',
  );
  return out;
}

export function renderMarkdown(decision: Decision, profile: GovernanceProfile, options: Part1Options = {}): string {
  const v = part1View(decision, profile, options);
  const out: string[] = [
    `# ${v.bodyName}`,
    '',
    `### ${v.bodyFullName.toUpperCase()}`,
    '',
    `# ${v.heading}`,
    '',
    `# Title: ${v.title}`,
    '',
  ];
  out.push('### Executive Summary:', '');
  for (const p of v.summary) out.push(paragraph(p), '');
  out.push('### Recommendation:', '', v.recommendationsIntro, '');
  v.recommendations.forEach((r, i) => out.push(`${i + 1}. ${r.replace(/\s+/g, ' ')}`));
  out.push('', `# ${v.decisionMaker.heading}`, '', ...signatureLines(v.decisionMaker));

  out.push(`### ${v.partOneHeading}`, '', '### 1. Financial Comments', '', `1.1. ${v.totalSentence}`, '');
  if (v.funding) {
    const f = v.funding;
    out.push(
      `| Service | ${f.years.join(' | ')} | Total | Funding Source |`,
      `|---|${f.years.map(() => '---:|').join('')}---:|---|`,
    );
    for (const row of f.rows)
      out.push(`| ${cell(row.service)} | ${row.amounts.join(' | ')} | ${row.total} | ${cell(row.source)} |`);
    out.push(`| Total | ${f.yearTotals.join(' | ')} | ${f.total} | |`, '');
  }
  out.push('### 2. Background/supporting papers', '');
  if (v.backgroundPapers.length === 0) out.push('None.');
  v.backgroundPapers.forEach((p, i) => out.push(`- 2.${i + 1}. ${p.replace(/\s+/g, ' ')}`));
  out.push('');

  out.push('# Public access to information', '', v.publicAccess, '', '### Part 1 Deferral:', '');
  out.push(`Is the publication of Part 1 of this approval to be deferred? ${v.deferred ? 'YES' : 'NO'}`, '');
  out.push(
    `If yes, for what reason: ${v.deferralReason.replace(/\s+/g, ' ')}`.trimEnd(),
    '',
    `Until what date: ${v.deferralUntil}`.trimEnd(),
    '',
  );
  out.push(
    `**Part 2 Confidentiality:** ${v.part2Guidance}`,
    '',
    `Is there a Part 2 form - ${v.hasPart2 ? 'YES' : 'NO'}`,
    '',
  );

  out.push(
    '### ORIGINATING OFFICER DECLARATION',
    '',
    '| Item | Statement | Tick to confirm statement (✓) |',
    '|---|---|---|',
  );
  for (const d of v.declarations)
    out.push(`| ${cell(d.title)} | ${cell(d.statement)} | ${d.ticked ? `✓ ${cell(d.confirmedBy ?? '')}` : ''} |`);
  out.push('');

  if (v.chiefExecutive) out.push(`## ${v.chiefExecutive.heading}`, '', ...signatureLines(v.chiefExecutive));
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
