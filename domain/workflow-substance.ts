/**
 * A change of substance (title, summary, recommendations, funding) to a decision under review
 * undoes the sign-off that vouched for the old text: each tick whose declaration item is affected
 * by a changed field, and every signature. The decision goes back to review (or, if no tick was
 * affected, back to the Chief Executive), its decision maker is recomputed from the new total,
 * and the notices say exactly what was reset and why.
 */
import { decisionTotal } from './decision';
import { decisionMakerFor } from './delegation';
import { formatMoney } from './money';
import {
  publicationFields,
  roleName,
  substanceFields,
  type GovernanceProfile,
  type PublicationField,
  type SubstanceField,
} from './profile';
import type { Change, Decision, EventDraft, IsoInstant, Signature, Tick } from './types';
import { change, changed, isPending, joinAnd, plural, signatureSpec, statusAfterTicks } from './workflow-common';

/** Field names as people say them in "because the … changed". */
const fieldWords: Readonly<Record<SubstanceField | PublicationField, string>> = {
  title: 'title',
  summary: 'summary',
  recommendations: 'recommendations',
  funding: 'funding',
  part1Deferral: 'Part 1 deferral',
  hasPart2: 'Part 2 flag',
};

const because = (fields: readonly (SubstanceField | PublicationField)[]): string =>
  `because the ${joinAnd(fields.map((f) => fieldWords[f]))} changed.`;

/**
 * Applies an edit: `patch` holds the new values, `fields` names every field that changed (the
 * caller has already checked the decision may change and that something did). Returns the change
 * with the edit's own events and notices followed by those of any reset.
 */
export function applyEdit(
  d: Decision,
  p: GovernanceProfile,
  edit: {
    fields: readonly string[];
    patch: Partial<Decision>;
    events: EventDraft[];
    notices: string[];
    now: IsoInstant;
  },
): Change {
  const edited: Decision = { ...d, ...edit.patch };
  const substance = substanceFields.filter((f) => edit.fields.includes(f));
  const publication = publicationFields.filter((f) => edit.fields.includes(f));
  const signed = Object.keys(d.signatures).length > 0;
  if (!isPending(d) || (substance.length === 0 && (publication.length === 0 || !signed)))
    return change(changed(d, edit.patch, edit.now), edit.events, edit.notices);

  // Ticks: grouped by the changed fields that affect them, so each sentence gives the true reason.
  const ticks: Record<string, Tick> = { ...d.ticks };
  const resetTicks: string[] = [];
  const groups = new Map<string, { fields: SubstanceField[]; titles: string[] }>();
  for (const item of p.declarations) {
    if (ticks[item.key] === undefined) continue;
    const reasons = substance.filter((f) => item.affectedBy.includes(f));
    if (reasons.length === 0) continue;
    delete ticks[item.key];
    resetTicks.push(item.key);
    const groupKey = reasons.join(',');
    const group = groups.get(groupKey) ?? { fields: reasons, titles: [] };
    group.titles.push(item.title);
    groups.set(groupKey, group);
  }
  const notices = [...edit.notices];
  for (const g of groups.values())
    notices.push(
      `${joinAnd(g.titles)} ${plural(g.titles.length, 'tick was', 'ticks were')} reset ${because(g.fields)}`,
    );

  // Signatures: every one, since each signer vouched for the whole decision.
  const resetSignatures = Object.keys(d.signatures);
  const signatures: Record<string, Signature> = {};
  if (resetSignatures.length > 0) {
    const titles = resetSignatures.map((key) => signatureSpec(p, key)?.title ?? key);
    notices.push(
      `${joinAnd(titles)} ${plural(titles.length, 'signature was', 'signatures were')} reset ${because([...substance, ...publication])}`,
    );
  }

  const decisionMakerRole = decisionMakerFor(decisionTotal(edited), p);
  const status = statusAfterTicks({ ...edited, ticks }, p);
  const events = [...edit.events];
  if (decisionMakerRole !== d.decisionMakerRole)
    notices.push(
      `With the new total of ${formatMoney(decisionTotal(edited))}, the decision maker is now the ${roleName(p, decisionMakerRole)}.`,
    );
  if (status !== d.status)
    notices.push(
      status === 'in_review'
        ? `${d.ref} is back in review.`
        : `${d.ref} waits for the ${signatureSpec(p, 'chief-executive')?.title ?? 'Chief Executive'} to sign again.`,
    );
  const reset =
    resetTicks.length > 0 ||
    resetSignatures.length > 0 ||
    status !== d.status ||
    decisionMakerRole !== d.decisionMakerRole;
  if (reset)
    events.push({
      type: 'decision.review_reset',
      details: {
        because: [...substance, ...publication],
        resetTicks,
        resetSignatures,
        fromStatus: d.status,
        toStatus: status,
        decisionMakerRole,
      },
    });
  // A reset sign-off is waited for afresh.
  const waiting = reset ? { waitingSince: edit.now } : {};
  return change(
    changed(d, { ...edit.patch, ticks, signatures, status, decisionMakerRole, ...waiting }, edit.now),
    events,
    notices,
  );
}
