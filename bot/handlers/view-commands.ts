/** Chat commands that look things up: show, list, mine, history. */
import { DateTime } from 'luxon';
import { verifyChain } from '../../domain/audit';
import { decisionTotal } from '../../domain/decision';
import { DomainError, ErrorCode } from '../../domain/errors';
import { formatMoney } from '../../domain/money';
import { roleName } from '../../domain/profile';
import { bandsHighestFirst } from '../../domain/delegation';
import { nextStep, PENDING } from '../../domain/workflow';
import { scopeOn } from '../../storage/summary-query';
import type { DecisionStatus } from '../../domain/types';
import { listCard } from '../../cards/list-card';
import { cardActivity } from '../card-publisher';
import { loadDecision } from '../decision-changes';
import { renderDecisionCard } from '../render-cards';
import { describeEvent } from '../../domain/describe-event';
import { reply } from '../replies';
import type { CommandHandler } from '../handler-types';
import { publishedOnlyNote, viewerScope } from '../../domain/authority';
import { todayIn } from '../../domain/clock';

export const showCommand: CommandHandler = async (turn, args) => {
  const stored = await loadDecision(turn, args);
  const isHome = stored.home?.conversation.conversationId === turn.conversation.conversationId;
  if (isHome) {
    // The live card moves to the bottom of the conversation; the old message points to it.
    const previous = stored.home?.cardActivityId;
    await turn.publisher.postHome(turn.context, stored, turn.conversation);
    if (previous)
      await turn.context
        .updateActivity({ ...cardActivity(movedCard(stored.decision.ref)), id: previous })
        .catch(() => undefined);
    return;
  }
  const personal = turn.conversation.conversationType === 'personal';
  const viewer = personal
    ? { aadObjectId: turn.actor.aadObjectId, roles: turn.actor.roles, isAdmin: turn.actor.isAdmin }
    : null;
  await turn.context.sendActivity(cardActivity(await renderDecisionCard(turn.deps, stored.decision, viewer)));
};

function movedCard(ref: string): object {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    body: [
      {
        type: 'TextBlock',
        text: `${ref}: the current card is further down this conversation.`,
        wrap: true,
        isSubtle: true,
      },
    ],
  };
}

const statusWords: Record<string, DecisionStatus[]> = {
  draft: ['draft'],
  drafts: ['draft'],
  review: ['in_review'],
  'in-review': ['in_review'],
  pending: ['in_review', 'awaiting_chief_executive', 'awaiting_decision_maker'],
  signing: ['awaiting_chief_executive', 'awaiting_decision_maker'],
  approved: ['approved'],
  rejected: ['rejected'],
  withdrawn: ['withdrawn'],
  all: [],
};

export const listCommand: CommandHandler = async (turn, args) => {
  const word = args.trim().toLowerCase().replace(/\s+/g, '-');
  const statuses = word ? statusWords[word] : [];
  if (!statuses)
    throw new DomainError(
      ErrorCode.InvalidInput,
      `"${args.trim()}" is not a status I know. Try \`list\`, or \`list ${Object.keys(statusWords)
        .filter((w) => !w.endsWith('s') || w === 'pending')
        .join('|')}\`.`,
    );
  const { profile } = turn.deps;
  const scope = viewerScope(profile, turn.actor);
  // Summaries, filtered in the store: the list never reads whole decisions.
  const store = turn.deps.store;
  const today = todayIn(turn.deps.clock, profile.timeZone);
  const bands = bandsHighestFirst(profile);
  const { rows: decisions } = await store.querySummaries({
    scope: scopeOn(scope, today, profile.timeZone),
    bands,
    ...(statuses.length === 0 ? {} : { statuses }),
    sort: 'updated',
    descending: true,
  });
  const scoped = scope.kind === 'all' ? '' : ` ${publishedOnlyNote(profile)}`;
  if (decisions.length === 0) {
    if (word)
      return reply(
        turn,
        scope.kind === 'all' ? `No decisions are ${word}.` : `No decisions you can see are ${word}.${scoped}`,
      );
    return reply(
      turn,
      (await store.querySummaries({ scope: { kind: 'all' }, bands, limit: 1 })).total === 0
        ? 'The register is empty. Start one with `new <title>`.'
        : `No decisions are published yet.${scoped}`,
    );
  }
  await turn.context.sendActivity(
    cardActivity(listCard({ title: word ? `Decisions: ${word}` : 'Decisions', decisions, profile: turn.deps.profile })),
  );
};

export const mineCommand: CommandHandler = async (turn) => {
  // Summaries only: the drafts and the pending decisions (few), in reference order.
  const mine = (await turn.deps.store.listSummaries({ statuses: ['draft', ...PENDING] })).filter((d) => {
    if (d.status === 'draft') return d.createdBy.aadObjectId === turn.actor.aadObjectId;
    return nextStep(d, turn.deps.profile).roles.some((r) => turn.actor.roles.includes(r));
  });
  if (mine.length === 0) {
    const held = turn.actor.roles.map((r) => roleName(turn.deps.profile, r)).join(', ');
    return reply(
      turn,
      `Nothing is waiting on you${held ? ` (your roles: ${held})` : ' (you hold no roles; type `roles` to see who holds what)'}.`,
    );
  }
  await turn.context.sendActivity(
    cardActivity(listCard({ title: 'Waiting on you', decisions: mine, profile: turn.deps.profile })),
  );
};

const HISTORY_LIMIT = 50;

export const historyCommand: CommandHandler = async (turn, args) => {
  const stored = await loadDecision(turn, args);
  const events = await turn.deps.store.getAudit(stored.decision.ref);
  const check = verifyChain(events);
  const zone = turn.deps.profile.timeZone;
  const shown = events.slice(-HISTORY_LIMIT);
  const lines = shown.map((e) => {
    const when = DateTime.fromISO(e.at, { zone }).toFormat('d LLL yyyy HH:mm');
    return `${e.seq}. ${when} · ${e.actor.name} · ${describeEvent(turn.deps.profile, e.type, e.details, stored.decision.funding)}`;
  });
  const verdict = check.ok
    ? check.count === 1
      ? 'Audit chain verifies: 1 event so far, the start of the chain.'
      : `Audit chain verifies: ${check.count} events, each linked to the one before by its SHA-256 hash.`
    : `**Audit chain is broken at event ${check.brokenAt}**: ${check.reason}. Report this to your governance team.`;
  const skipped = events.length > shown.length ? `(${events.length - shown.length} earlier events not shown)\n\n` : '';
  await reply(
    turn,
    `**History of ${stored.decision.ref}** (total ${formatTotal(stored.decision)})\n\n${skipped}${lines.join('\n\n')}\n\n${verdict}`,
  );
};

const formatTotal = (d: Parameters<typeof decisionTotal>[0]) => formatMoney(decisionTotal(d));
