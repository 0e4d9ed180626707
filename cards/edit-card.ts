/**
 * The form that edits a decision's details (answered with `decision.update`). Funding lines are
 * changed with the `fund` command, not here. Template: cards/decision-edit.json.
 */
import template from './decision-edit.json';
import { LIMITS } from '../domain/decision';
import type { Decision } from '../domain/types';
import { expandTemplate, type CardJson } from './expand-template';

/** The edit form for a decision, prefilled with its current details. */
export function editCard(decision: Decision): CardJson {
  const d = decision;
  const ticked = Object.keys(d.ticks).length + Object.keys(d.signatures).length > 0;
  const signed = Object.keys(d.signatures).length > 0;
  const viewModel = {
    ref: d.ref,
    version: d.version,
    header: `${d.title} · version ${d.version}`,
    title: d.title,
    summary: d.summary,
    recommendations: d.recommendations.join('\n'),
    backgroundPapers: d.backgroundPapers.join('\n'),
    deferralDate: d.part1Deferral?.until ?? '',
    deferralReason: d.part1Deferral?.reason ?? '',
    part2: d.hasPart2 ? 'true' : 'false',
    limits: { title: LIMITS.title, summary: LIMITS.summary, reason: LIMITS.reason },
    resetWarning: ticked
      ? `Changing the title, summary or recommendations resets the declaration ticks and signatures that vouch for them.${signed ? ' Changing the Part 1 deferral or the Part 2 flag resets the signatures.' : ''}`
      : '',
    fundingHint: `Funding lines are added or replaced with the fund command, e.g. fund ${d.ref} | <service> | 2022/23 £470,000 | Police Grant`,
  };
  return expandTemplate(template, viewModel);
}
