/**
 * Part 1 as a complete HTML document in the seed's layout, for publication and download. Every
 * string that comes from a decision or a profile is escaped; nothing is inserted as markup.
 */
import type { GovernanceProfile } from '../../domain/profile';
import type { Decision } from '../../domain/types';
import { part1View, type Part1Options, type SignatureBlockView } from './part1-view';

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML element content and quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

/** A complete English page around `body` (lines of markup already escaped): the one shell of every HTML export. */
export function htmlDocument(title: string, style: string, body: readonly string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const STYLE = `
body { font-family: Arial, Helvetica, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #111; line-height: 1.45; }
header p { margin: 0; font-weight: bold; letter-spacing: .05em; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; } h3 { font-size: 1.05rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border: 1px solid #999; padding: .35rem .5rem; text-align: left; vertical-align: top; }
td.amount, th.amount { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; }
.signature { border: 1px solid #999; padding: .75rem 1rem; margin: 1rem 0; } .signature h2 { margin-top: .25rem; }
.tick { font-size: 1.2rem; }
`;

function signatureBlock(block: SignatureBlockView, className: string): string {
  const parts = [`<section class="signature ${className}">`, `<h2>${escapeHtml(block.heading)}</h2>`];
  if (block.interestStatement !== null) {
    parts.push(
      `<p>${escapeHtml(block.interestStatement)}</p>`,
      `<p>Interests declared: ${escapeHtml(block.interest ?? '')}</p>`,
    );
  }
  parts.push(
    `<p>${escapeHtml(block.statement)}</p>`,
    `<p>Signature: ${escapeHtml(block.name ?? '')}</p>`,
    `<p>Date: ${escapeHtml(block.date ?? '')}</p>`,
    '</section>',
  );
  return parts.join('\n');
}

function fundingTable(v: ReturnType<typeof part1View>): string {
  const f = v.funding;
  if (!f) return '';
  const head = `<tr><th scope="col">Service</th>${f.years.map((y) => `<th scope="col" class="amount">${escapeHtml(y)}</th>`).join('')}<th scope="col" class="amount">Total</th><th scope="col">Funding Source</th></tr>`;
  const rows = f.rows.map(
    (r) =>
      `<tr><th scope="row">${escapeHtml(r.service)}</th>${r.amounts.map((a) => `<td class="amount">${escapeHtml(a)}</td>`).join('')}<td class="amount">${escapeHtml(r.total)}</td><td>${escapeHtml(r.source)}</td></tr>`,
  );
  const total = `<tr class="total"><th scope="row">Total</th>${f.yearTotals.map((a) => `<td class="amount">${escapeHtml(a)}</td>`).join('')}<td class="amount">${escapeHtml(f.total)}</td><td></td></tr>`;
  return `<table class="funding">\n<thead>${head}</thead>\n<tbody>\n${rows.join('\n')}\n${total}\n</tbody>\n</table>`;
}

export function renderHtml(decision: Decision, profile: GovernanceProfile, options: Part1Options = {}): string {
  const v = part1View(decision, profile, options);
  const e = escapeHtml;
  const body: string[] = [
    `<header><p>${e(v.bodyName)}</p><p>${e(v.bodyFullName.toUpperCase())}</p></header>`,
    `<h1>${e(v.heading)}</h1>`,
    `<h1>Title: ${e(v.title)}</h1>`,
    '<h2>Executive Summary:</h2>',
    ...v.summary.map((p) => `<p>${e(p).replace(/\n/g, '<br>')}</p>`),
    '<h2>Recommendation:</h2>',
    `<p>${e(v.recommendationsIntro)}</p>`,
    `<ol>${v.recommendations.map((r) => `<li>${e(r)}</li>`).join('')}</ol>`,
    signatureBlock(v.decisionMaker, 'decision-maker'),
    `<h2>${e(v.partOneHeading)}</h2>`,
    '<h3>1. Financial Comments</h3>',
    `<p>1.1. ${e(v.totalSentence)}</p>`,
    fundingTable(v),
    '<h3>2. Background/supporting papers</h3>',
    v.backgroundPapers.length === 0
      ? '<p>None.</p>'
      : `<ul>${v.backgroundPapers.map((p, i) => `<li>2.${i + 1}. ${e(p)}</li>`).join('')}</ul>`,
    '<h2>Public access to information</h2>',
    `<p>${e(v.publicAccess)}</p>`,
    '<h3>Part 1 Deferral:</h3>',
    `<p>Is the publication of Part 1 of this approval to be deferred? <strong>${v.deferred ? 'YES' : 'NO'}</strong></p>`,
    `<p>If yes, for what reason: ${e(v.deferralReason)}</p>`,
    `<p>Until what date: ${e(v.deferralUntil)}</p>`,
    `<p><strong>Part 2 Confidentiality:</strong> ${e(v.part2Guidance)}</p>`,
    `<p>Is there a Part 2 form - <strong>${v.hasPart2 ? 'YES' : 'NO'}</strong></p>`,
    '<h2>ORIGINATING OFFICER DECLARATION</h2>',
    '<table class="declaration">',
    '<thead><tr><th scope="col">Item</th><th scope="col">Statement</th><th scope="col">Tick to confirm statement (✓)</th></tr></thead>',
    '<tbody>',
    ...v.declarations.map(
      (d) =>
        `<tr><th scope="row">${e(d.title)}</th><td>${e(d.statement)}</td><td>${d.ticked ? `<span class="tick" aria-label="confirmed">✓</span> ${e(d.confirmedBy ?? '')}` : ''}</td></tr>`,
    ),
    '</tbody>',
    '</table>',
  ];
  if (v.chiefExecutive) body.push(signatureBlock(v.chiefExecutive, 'chief-executive'));
  return htmlDocument(`${decision.ref}: ${decision.title}`, STYLE, body);
}
