/**
 * `roles` (who holds what) and `role <role> [deputy|remove] @person` (admins only). The person is
 * the @mentioned user, resolved to their AAD object id through the Teams members API.
 */
import { TeamsInfo } from 'botbuilder';
import { DomainError, ErrorCode } from '../../domain/errors';
import { roleName } from '../../domain/profile';
import type { Actor } from '../../domain/types';
import type { Turn } from '../bot-context';
import { bullets, reply } from '../replies';
import type { CommandHandler } from '../routes';

export const rolesCommand: CommandHandler = async (turn) => {
  const assignments = await turn.deps.store.listRoleAssignments();
  const lines = turn.deps.profile.roles.map((role) => {
    const holders = assignments.filter((a) => a.role === role.key);
    const names = holders.map((h) => (h.deputy ? `${h.holder.name} (deputy)` : h.holder.name)).join(', ');
    return `**${role.name}** (\`${role.key}\`): ${names || 'nobody yet'}`;
  });
  const how = turn.actor.isAdmin
    ? 'As an admin you can change these: `role finance @Person`, `role finance deputy @Person`, `role finance remove @Person`.'
    : 'Admins change these with `role <role> @Person`.';
  await reply(turn, `**Roles under the ${turn.deps.profile.name} profile**\n\n${bullets(lines)}\n\n${how}`);
};

interface Mention {
  readonly id: string;
  readonly name: string;
}

function mentionedPeople(turn: Turn): Mention[] {
  const botId = turn.context.activity.recipient?.id;
  return (turn.context.activity.entities ?? [])
    .filter((e) => e.type === 'mention')
    .map((e) => (e as unknown as { mentioned?: Mention }).mentioned)
    .filter((m): m is Mention => !!m && typeof m.id === 'string' && m.id !== botId);
}

async function resolvePerson(turn: Turn, mention: Mention): Promise<Actor> {
  try {
    const member = await TeamsInfo.getMember(turn.context, mention.id);
    if (member.aadObjectId) return { aadObjectId: member.aadObjectId, name: member.name ?? mention.name };
  } catch (e) {
    turn.deps.logger.warn('member lookup failed', { userId: mention.id, status: (e as { statusCode?: number }).statusCode });
  }
  throw new DomainError(ErrorCode.NotFound, `I could not find ${mention.name} in this conversation's members. @mention someone who is in this team or chat.`);
}

export const roleCommand: CommandHandler = async (turn, args) => {
  if (!turn.actor.isAdmin)
    throw new DomainError(ErrorCode.NotAdmin, 'Only admins can change who holds a role. Ask your governance team, or type `roles` to see who holds what.');
  const people = mentionedPeople(turn);
  // The mentions arrive as plain names in the text once Teams markup is stripped: take them out.
  const unmentioned = people.reduce((text, p) => text.split(p.name).join(' '), args.replace(/<at>[^<]*<\/at>/g, ' '));
  const words = unmentioned.replace(/@\S+/g, ' ').trim().split(/\s+/).filter(Boolean);
  const roleKey = (words[0] ?? '').toLowerCase();
  const mode = (words[1] ?? '').toLowerCase();
  const keys = turn.deps.profile.roles.map((r) => r.key);
  if (!roleKey || !keys.includes(roleKey))
    throw new DomainError(ErrorCode.InvalidInput, `${roleKey ? `"${roleKey}" is not a role.` : 'Which role?'} The roles are: ${keys.join(', ')}. Type it like \`role finance @Person\`.`);
  if (mode && mode !== 'remove' && mode !== 'deputy')
    throw new DomainError(ErrorCode.InvalidInput, `After the role I expected "remove", "deputy" or an @mention, not "${mode}". Type it like \`role ${roleKey} @Person\`.`);
  if (people.length === 0)
    throw new DomainError(ErrorCode.InvalidInput, `@mention the person, e.g. \`role ${roleKey} @Person\` (type @ and pick them from the list).`);
  const done: string[] = [];
  for (const mention of people) {
    const person = await resolvePerson(turn, mention);
    if (mode === 'remove') {
      const removed = await turn.deps.store.removeRoleAssignment(roleKey, person.aadObjectId);
      done.push(removed ? `${person.name} no longer holds ${roleName(turn.deps.profile, roleKey)}.` : `${person.name} did not hold ${roleName(turn.deps.profile, roleKey)}; nothing changed.`);
    } else {
      const existing = (await turn.deps.store.listRoleAssignments()).find((a) => a.role === roleKey && a.holder.aadObjectId === person.aadObjectId);
      if (existing && existing.deputy === (mode === 'deputy')) {
        done.push(`${person.name} already holds ${roleName(turn.deps.profile, roleKey)}${existing.deputy ? ' as deputy' : ''}.`);
        continue;
      }
      if (existing) await turn.deps.store.removeRoleAssignment(roleKey, person.aadObjectId);
      await turn.deps.store.addRoleAssignment({
        role: roleKey,
        holder: person,
        deputy: mode === 'deputy',
        assignedBy: { aadObjectId: turn.actor.aadObjectId, name: turn.actor.name },
        assignedAt: turn.now,
      });
      done.push(`${person.name} now holds ${roleName(turn.deps.profile, roleKey)}${mode === 'deputy' ? ' as deputy' : ''}.`);
    }
  }
  turn.deps.logger.info('role assignments changed', { role: roleKey, mode: mode || 'add', by: turn.actor.aadObjectId, count: people.length });
  await reply(turn, done.join('\n\n'));
};
