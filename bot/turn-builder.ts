/** The Turn each handler gets: who acts (with their roles, read once per turn), where, and when. */
import type { TurnContext } from 'botbuilder';
import { type BotDeps, type Turn, conversationOf, rolesOf } from './bot-context';
import type { CardPublisher } from './card-publisher';

export type TurnOf = (context: TurnContext) => Promise<Turn>;

export function turnBuilder(deps: BotDeps, publisher: CardPublisher): TurnOf {
  return async (context) => {
    const from = context.activity.from ?? { id: '', name: '' };
    const aadObjectId = from.aadObjectId ?? from.id;
    const assignments = await deps.store.listRoleAssignments();
    const roles = rolesOf(assignments, aadObjectId);
    return {
      context,
      deps,
      publisher,
      conversation: conversationOf(context),
      now: deps.clock.now().toISOString(),
      assignments,
      actor: { aadObjectId, name: from.name ?? 'Someone', roles, isAdmin: deps.admins.has(aadObjectId.toLowerCase()) },
    };
  };
}
