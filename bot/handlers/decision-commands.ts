/** Chat commands that create and change decisions: new, fund, submit, withdraw (edit: edit-details.ts). */
import { DomainError, ErrorCode } from '../../domain/errors';
import { decisionTotal, makeFundingLine, newDecision, normalizeRef, parseRefPrefix } from '../../domain/decision';
import type { Decision } from '../../domain/types';
import { formatMoney } from '../../domain/money';
import { roleName } from '../../domain/profile';
import { addFundingLine, nextStep, submit, withdraw } from '../../domain/workflow';
import type { Turn } from '../bot-context';
import { applyChange, unwrap } from '../decision-changes';
import { parseFundCommand } from '../fund-command';
import { reply } from '../replies';
import type { CommandHandler } from '../handler-types';

const provenanceActor = (turn: Turn) => ({ aadObjectId: turn.actor.aadObjectId, name: turn.actor.name });

async function nextReference(turn: Turn): Promise<string> {
  const { prefix, firstNumber } = turn.deps.profile.reference;
  const highest = await turn.deps.store.highestReferenceNumber(prefix);
  return `${prefix} ${Math.max(highest ?? 0, firstNumber - 1) + 1}`;
}

export const newCommand: CommandHandler = async (turn, args) => {
  if (!args)
    throw new DomainError(
      ErrorCode.InvalidInput,
      'A new decision needs a title, e.g. `new Criminal Justice System - 2022/23 Commissioning Decisions` (or give the reference first: `new PCD 1065 <title>`).',
    );
  const given = parseRefPrefix(args);
  const title = (given ? given.rest : args).trim();
  if (given && !title)
    throw new DomainError(
      ErrorCode.InvalidInput,
      `Type the title after the reference, e.g. \`new ${normalizeRef(given.ref)} Criminal Justice System - 2022/23 Commissioning Decisions\`.`,
    );
  for (let attempt = 0; attempt < 5; attempt++) {
    const ref = given ? normalizeRef(given.ref) : await nextReference(turn);
    const change = unwrap(
      newDecision({ ref, title, profile: turn.deps.profile, actor: provenanceActor(turn), now: turn.now }),
    );
    try {
      const stored = await turn.deps.store.createDecision(change.decision, change.events, {
        actor: provenanceActor(turn),
        at: turn.now,
        conversationId: turn.conversation.conversationId,
      });
      await turn.publisher.postHome(turn.context, stored, turn.conversation);
      return;
    } catch (e) {
      // Two officers asking for the next number at once: take the one after.
      if (e instanceof DomainError && e.code === ErrorCode.DuplicateRef && !given) continue;
      if (e instanceof DomainError && e.code === ErrorCode.DuplicateRef)
        throw new DomainError(
          ErrorCode.DuplicateRef,
          `${ref} already exists. Type \`show ${ref}\` to see it, or leave the reference out to get the next number.`,
        );
      throw e;
    }
  }
  throw new DomainError(ErrorCode.DuplicateRef, 'Could not find a free reference number; please try again.');
};

export const fundCommand: CommandHandler = async (turn, args) => {
  const parsed = parseFundCommand(args);
  const line = unwrap(
    makeFundingLine({ service: parsed.service, source: parsed.source, allocations: parsed.allocations }),
  );
  const { stored, change } = await applyChange(turn, parsed.ref, (d) =>
    addFundingLine(d, turn.deps.profile, {
      line,
      actor: provenanceActor(turn),
      actorRoles: turn.actor.roles,
      isAdmin: turn.actor.isAdmin,
      now: turn.now,
    }),
  );
  turn.publisher.refresh(stored.decision.ref, stored);
  const lineTotal = line.allocations.reduce((sum, a) => sum + a.amount, 0);
  await reply(
    turn,
    [
      `${stored.decision.ref}: ${line.service} (${line.source}) ${formatMoney(lineTotal)}. The decision now totals ${formatMoney(decisionTotal(stored.decision))}.`,
      ...change.notices,
    ].join('\n\n'),
  );
};

export const submitCommand: CommandHandler = async (turn, args) => {
  const { stored, change } = await applyChange(turn, args, (d) =>
    submit(d, turn.deps.profile, {
      actor: provenanceActor(turn),
      actorRoles: turn.actor.roles,
      isAdmin: turn.actor.isAdmin,
      now: turn.now,
    }),
  );
  turn.publisher.refresh(stored.decision.ref, stored);
  await reply(turn, submittedMessage(turn, stored.decision, change.notices));
};

export function submittedMessage(
  turn: Turn,
  decision: Decision,
  notices: readonly string[],
): string {
  const maker = decision.decisionMakerRole ? roleName(turn.deps.profile, decision.decisionMakerRole) : 'not yet known';
  return [
    `${decision.ref} is submitted for sign-off. Total ${formatMoney(decisionTotal(decision))}; decision maker under the scheme of delegation: ${maker}.`,
    nextStep(decision, turn.deps.profile).text,
    ...notices,
  ].join('\n\n');
}

export const withdrawCommand: CommandHandler = async (turn, args) => {
  const { prefix } = turn.deps.profile.reference;
  // "withdraw 1065 <reason>": a bare number is the body's own prefix.
  const match = parseRefPrefix(/^\d/.test(args) ? `${prefix} ${args}` : args, [prefix]);
  if (!match)
    throw new DomainError(
      ErrorCode.InvalidInput,
      'Say which decision and why, e.g. `withdraw PCD 1066 Superseded by PCD 1070`.',
    );
  const reason = match.rest.trim();
  if (!reason)
    throw new DomainError(
      ErrorCode.InvalidInput,
      `Give a reason after the reference, e.g. \`withdraw ${normalizeRef(match.ref)} Superseded by a new bid\`.`,
    );
  const { stored } = await applyChange(turn, match.ref, (d) =>
    withdraw(d, turn.deps.profile, {
      reason,
      isAdmin: turn.actor.isAdmin,
      actor: provenanceActor(turn),
      actorRoles: turn.actor.roles,
      now: turn.now,
    }),
  );
  turn.publisher.refresh(stored.decision.ref, stored);
  await reply(turn, `${stored.decision.ref} is withdrawn: ${reason}`);
};
