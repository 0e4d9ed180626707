/**
 * The form that edits a decision's details (answered with `decision.update`), and the small card
 * whose button opens it in a dialog. Funding lines are changed with the `fund` command, not here.
 * In a channel or group chat the form opens in a dialog (a Teams task module): a form on the
 * shared card would be wiped by the next update of that card while someone types. In personal
 * chat it can be the chat's own card. Templates: cards/decision-edit.json, cards/edit-launcher.json.
 */
import template from './decision-edit.json';
import launcher from './edit-launcher.json';
import { LIMITS } from '../domain/decision';
import type { Decision } from '../domain/types';
import { expandTemplate, type CardJson } from './expand-template';

/** What the form's inputs hold, as Teams sends them back (text; the toggle as "true" or "false"). */
export interface EditValues {
  readonly title: string;
  readonly summary: string;
  readonly recommendations: string;
  readonly backgroundPapers: string;
  readonly deferralDate: string;
  readonly deferralReason: string;
  readonly part2: string;
}

export interface EditCardOptions {
  /** In a dialog, Save submits the dialog (`task/submit`); otherwise it is a card action. */
  readonly dialog?: boolean;
  /** Values typed already (a form sent back with a problem), kept in place of the decision's. */
  readonly values?: Partial<EditValues>;
  /** Why the form came back, shown at its top. */
  readonly notice?: string;
}

/** The edit form for a decision, prefilled with its current details (or the values given). */
export function editCard(decision: Decision, options: EditCardOptions = {}): CardJson {
  const d = decision;
  const ticked = Object.keys(d.ticks).length + Object.keys(d.signatures).length > 0;
  const signed = Object.keys(d.signatures).length > 0;
  const current: EditValues = {
    title: d.title,
    summary: d.summary,
    recommendations: d.recommendations.join('\n'),
    backgroundPapers: d.backgroundPapers.join('\n'),
    deferralDate: d.part1Deferral?.until ?? '',
    deferralReason: d.part1Deferral?.reason ?? '',
    part2: d.hasPart2 ? 'true' : 'false',
  };
  const viewModel = {
    ref: d.ref,
    version: d.version,
    header: `${d.title} · version ${d.version}`,
    ...current,
    ...options.values,
    dialog: options.dialog === true,
    notice: options.notice ?? '',
    limits: { title: LIMITS.title, summary: LIMITS.summary, reason: LIMITS.reason },
    resetWarning: ticked
      ? `Changing the title, summary or recommendations resets the declaration ticks and signatures that vouch for them.${signed ? ' Changing the Part 1 deferral or the Part 2 flag resets the signatures.' : ''}`
      : '',
    fundingHint: `Funding lines are added or replaced with the fund command, e.g. fund ${d.ref} | <service> | 2022/23 £470,000 | Police Grant`,
  };
  return expandTemplate(template, viewModel);
}

/** A card with one button that opens the edit form in a dialog (`task/fetch`). */
export function editLauncherCard(decision: Decision): CardJson {
  return expandTemplate(launcher, {
    ref: decision.ref,
    title: decision.title,
    header: `${decision.title} · version ${decision.version}`,
  });
}
