/**
 * Chat commands about expiring funding and the reminder outbox: `expiring [<months>]`,
 * `reminders` and `reminders run` (admins), `watch <ref>` and `unwatch <ref>`. `reminders run`
 * answers at once and reports when the run is over: no turn waits for the scheduler's sends.
 */
import { DateTime } from 'luxon';
import { viewerScope } from '../../domain/authority';
import { DomainError, ErrorCode } from '../../domain/errors';
import { formatDate, formatDateTime } from '../../cards/format';
import { formatFinancialYear } from '../../domain/financial-year';
import { formatMoney } from '../../domain/money';
import { expiringLines, reminderDueDates, type ExpiringLine } from '../../domain/reminder-schedule';
import type { FundingLine, IsoDate } from '../../domain/types';
import type { Delivery, DeliveryState } from '../../storage/store';
import { createScheduler, schedulerFor, type RunSummary } from '../../scheduler/scheduler';
import { FALLBACK_REASON, REACHED_BY } from '../../scheduler/dispatcher';
import { TeamsSender } from '../teams-sender';
import type { Turn } from '../bot-context';
import { visibleTo } from '../../documents/export/publication';
import { toConversationReference } from '../card-publisher';
import { inProactiveTurn } from '../proactive-turn';
import { loadDecision } from '../decision-changes';
import { bullets, reply } from '../replies';
import type { CommandHandler } from '../handler-types';

const DEFAULT_MONTHS = 6;
const SHOWN_PER_STATE = 15;

const todayOf = (turn: Turn): IsoDate =>
  DateTime.fromISO(turn.now, { zone: turn.deps.profile.timeZone }).toISODate() as IsoDate;

const MAX_MONTHS = 999;

/** `expiring`, `expiring 12`, `expiring 12 months`: a whole number of months from 1 to 999. */
export function parseExpiringMonths(args: string): number {
  const text = args.trim();
  if (!text) return DEFAULT_MONTHS;
  const how = `try \`expiring\` (the next ${DEFAULT_MONTHS} months) or \`expiring 12\`.`;
  const match = /^(-?\d+(?:\.\d+)?)\s*(?:m|mo|months?)?$/i.exec(text);
  if (!match) throw new DomainError(ErrorCode.InvalidInput, `"${text.slice(0, 40)}" is not a number of months: ${how}`);
  const months = Number(match[1]);
  if (!Number.isInteger(months))
    throw new DomainError(ErrorCode.InvalidInput, `Give a whole number of months, not "${match[1]}": ${how}`);
  if (months < 1 || months > MAX_MONTHS)
    throw new DomainError(
      ErrorCode.InvalidInput,
      `The window is from 1 to ${MAX_MONTHS} months, not ${match[1]}: ${how}`,
    );
  return months;
}

export const expiringCommand: CommandHandler = async (turn, args) => {
  const months = parseExpiringMonths(args);
  // Only what this person may see: a deferred Part 1's funding stays with the governance roles.
  // Summaries of approved decisions only: funding and outcomes are all the lines need.
  const all = await turn.deps.store.listSummaries({ statuses: ['approved'] });
  const decisions = visibleTo(
    viewerScope(turn.deps.profile, turn.actor),
    all,
    todayOf(turn),
    turn.deps.profile.timeZone,
  );
  const lines = expiringLines(decisions, turn.deps.profile, todayOf(turn), months);
  if (lines.length === 0) return reply(turn, `No approved funding ends in the next ${months} months.`);
  const lineOf = (l: ExpiringLine) => decisions.find((d) => d.ref === l.ref)?.funding.find((f) => f.id === l.lineId);
  const header = `**Funding ending in the next ${months} months** (${lines.length} ${lines.length === 1 ? 'line' : 'lines'})`;
  await reply(turn, `${header}\n\n${bullets(lines.map((l) => expiringText(turn, l, lineOf(l))))}`);
};

function expiringText(turn: Turn, l: ExpiringLine, line: FundingLine | undefined): string {
  const amount = `${formatMoney(l.lastYearAmount)} in ${formatFinancialYear(l.lastYear)}`;
  const stage = line ? stageText(turn, line) : '';
  return [`${l.ref}`, `${l.service} (${l.source})`, amount, `ends ${formatDate(l.endDate)}`, stage, outcomeText(l)]
    .filter(Boolean)
    .join(' · ');
}

/** The latest reminder stage that has fallen due, or when the first one will. */
function stageText(turn: Turn, line: FundingLine): string {
  const stages = reminderDueDates(line, turn.deps.profile);
  const reached = stages.filter((s) => s.dueAt <= turn.now).sort((a, b) => a.stage - b.stage)[0];
  if (reached) return `${reached.stage}-month reminder due ${formatDate(reached.dueDate)}`;
  const first = [...stages].sort((a, b) => b.stage - a.stage)[0];
  return first ? `first reminder ${formatDate(first.dueDate)}` : 'no reminders';
}

function outcomeText(l: ExpiringLine): string {
  const o = l.outcome;
  if (!o) return 'not decided yet';
  if (o.outcome === 'renewed') return `renewed${o.renewalRef ? ` by ${o.renewalRef}` : ''} (${o.by.name})`;
  return `ends: ${o.reason ?? 'no reason given'} (${o.by.name})`;
}

function assertAdmin(turn: Turn, what: string): void {
  if (!turn.actor.isAdmin) throw new DomainError(ErrorCode.NotAdmin, `Only admins can ${what}; ask one of them.`);
}

export const remindersCommand: CommandHandler = async (turn, args) => {
  const sub = args.trim().toLowerCase();
  if (sub === 'run') return runNow(turn);
  if (sub !== '')
    throw new DomainError(
      ErrorCode.InvalidInput,
      'Use `reminders` to see the outbox, or `reminders run` to run a scan now.',
    );
  assertAdmin(turn, 'see the reminder outbox');
  const deliveries = await turn.deps.store.listDeliveries();
  if (deliveries.length === 0) return reply(turn, 'No reminders or nudges have been queued yet.');
  const groups: [string, DeliveryState[]][] = [
    ['Due', ['pending', 'sending']],
    ['Failed', ['failed']],
    ['Undeliverable', ['undeliverable']],
    ['Sent', ['sent']],
  ];
  const shownByGroup = groups.map(([title, states]) => {
    const list = deliveries.filter((d) => states.includes(d.state));
    if (title === 'Sent') list.reverse(); // most recent first
    return { title, count: list.length, shown: list.slice(0, SHOWN_PER_STATE) };
  });
  const names = await outboxNames(
    turn,
    shownByGroup.flatMap((g) => g.shown),
  );
  const sections = shownByGroup.map(({ title, count, shown }) => {
    const more = count > SHOWN_PER_STATE ? `\n\n…and ${count - SHOWN_PER_STATE} more.` : '';
    return `**${title}: ${count}**${shown.length ? `\n\n${bullets(shown.map((d) => deliveryText(turn, d, names)))}` : ''}${more}`;
  });
  await reply(turn, sections.join('\n\n'));
};

interface OutboxNames {
  /** A person's name, from the role holders and the people named on the decisions shown. */
  person(aadObjectId: string): string | undefined;
  /** A funding line's service on its decision. */
  service(ref: string, lineId: string): string | undefined;
}

/** Names for the deliveries shown, so an admin reads people and services rather than ids. */
async function outboxNames(turn: Turn, shown: readonly Delivery[]): Promise<OutboxNames> {
  const people = new Map<string, string>();
  for (const a of await turn.deps.store.listRoleAssignments()) people.set(a.holder.aadObjectId, a.holder.name);
  const decisions = new Map<string, FundingLine[]>();
  for (const ref of new Set(shown.map((d) => d.ref))) {
    const stored = await turn.deps.store.getDecision(ref);
    if (!stored) continue;
    decisions.set(ref, [...stored.decision.funding]);
    const d = stored.decision;
    for (const actor of [
      d.createdBy,
      ...Object.values(d.ticks).map((t) => t.by),
      ...Object.values(d.signatures).map((x) => x.by),
    ])
      if (!people.has(actor.aadObjectId)) people.set(actor.aadObjectId, actor.name);
  }
  return {
    person: (aad) => people.get(aad),
    service: (ref, lineId) => decisions.get(ref)?.find((l) => l.id === lineId)?.service,
  };
}

const monthsText = (n: unknown): string => `${String(n)} ${n === 1 ? 'month' : 'months'}`;

function deliveryText(turn: Turn, d: Delivery, names: OutboxNames): string {
  const zone = turn.deps.profile.timeZone;
  const p = d.payload as { stage?: number; escalation?: boolean; lineIds?: string[]; round?: number };
  const services = (p.lineIds ?? []).map((id) => names.service(d.ref, id) ?? id).join(', ');
  const what =
    d.kind === 'reminder'
      ? `${p.escalation ? 'escalation' : 'reminder'} at ${monthsText(p.stage)} (${services})`
      : `sign-off nudge ${Number(p.round ?? 0) + 1}`;
  const mentioned =
    d.payload[REACHED_BY] === 'channel-mention'
      ? `: in the channel, with an @mention (${String(d.payload[FALLBACK_REASON] ?? 'no personal chat')})`
      : '';
  const to =
    'conversationId' in d.target
      ? 'the decision’s channel'
      : `${names.person(d.target.userAadObjectId) ?? `person ${d.target.userAadObjectId}`}${mentioned}`;
  const when =
    d.state === 'pending' || d.state === 'sending'
      ? `next try ${formatDateTime(d.nextAttemptAt, zone)}`
      : formatDateTime(d.updatedAt, zone);
  const why = d.lastError ? ` — ${d.lastError}` : '';
  return `${d.ref}: ${what} to ${to}, ${when}, ${d.attempts} ${d.attempts === 1 ? 'attempt' : 'attempts'}${why}`;
}

/** Starts a scan and dispatch in the background and reports the counts when it is over. */
async function runNow(turn: Turn): Promise<void> {
  assertAdmin(turn, 'run the reminder scan');
  const { deps, context } = turn;
  const adapter = context.adapter;
  const scheduler =
    schedulerFor(adapter) ??
    createScheduler({
      store: deps.store,
      profile: deps.profile,
      adapter,
      sender: new TeamsSender({ adapter, botAppId: deps.botAppId, store: deps.store }),
      clock: deps.clock,
      logger: deps.logger,
    });
  await reply(turn, 'Running the reminder scan now; I will say here what it queued and sent.');
  const conversation = toConversationReference(turn.conversation);
  void scheduler
    .runOnce(deps.clock.now())
    .then((summary) => runReport(summary))
    .catch((e: unknown) => {
      deps.logger.error('reminders run failed', { error: String((e as Error)?.stack ?? e) });
      return 'The reminder scan failed; the log has the details. Nothing was sent twice.';
    })
    .then((text) =>
      inProactiveTurn(
        (logic) => adapter.continueConversationAsync(deps.botAppId, conversation, logic),
        (ctx) => ctx.sendActivity(text),
      ),
    )
    .catch((e: unknown) =>
      deps.logger.warn('could not report the reminders run', { error: String((e as Error)?.message ?? e) }),
    );
}

export function runReport(s: RunSummary): string {
  const parts = [`${s.queued} queued`, `${s.sent} sent`];
  if (s.retried) parts.push(`${s.retried} to retry`);
  if (s.failed) parts.push(`${s.failed} failed`);
  if (s.undeliverable) parts.push(`${s.undeliverable} undeliverable`);
  if (s.skipped) parts.push(`${s.skipped} skipped (already resolved)`);
  if (s.inDoubt) parts.push(`${s.inDoubt} in doubt after a crash (not resent)`);
  return `Reminder scan done: ${parts.join(', ')}. Type \`reminders\` for the details.`;
}

export const watchCommand: CommandHandler = async (turn, args) => {
  const stored = await loadDecision(turn, args);
  const me = turn.actor.aadObjectId;
  if (!stored.watchers.includes(me)) await turn.deps.store.setWatchers(stored.decision.ref, [...stored.watchers, me]);
  await reply(
    turn,
    `You will get ${stored.decision.ref}'s renewal reminders in personal chat. \`unwatch ${stored.decision.ref}\` stops them.`,
  );
};

export const unwatchCommand: CommandHandler = async (turn, args) => {
  const stored = await loadDecision(turn, args);
  const me = turn.actor.aadObjectId;
  if (!stored.watchers.includes(me)) return reply(turn, `You were not watching ${stored.decision.ref}.`);
  await turn.deps.store.setWatchers(
    stored.decision.ref,
    stored.watchers.filter((w) => w !== me),
  );
  await reply(
    turn,
    `You will no longer get ${stored.decision.ref}'s renewal reminders (unless your role brings them).`,
  );
};
