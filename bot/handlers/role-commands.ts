/**
 * `roles` (who holds what) and `role <role> [deputy|remove] @person` (admins only). The person is
 * the @mentioned user: a mention carries only their MRI and name, so their AAD object id (the key
 * roles are held by) comes from the Teams members API, and both ids are kept (people.ts).
 */
import { TeamsInfo } from 'botbuilder';
import { DomainError, ErrorCode } from '../../domain/errors';
import { roleName } from '../../domain/profile';
import type { Actor } from '../../domain/types';
import type { Turn } from '../bot-context';
import { botNamesIn, mentionedPeople, splitCommand, textWithoutMentions, type MentionedPerson } from '../command-text';
import { bullets, reply } from '../replies';
import type { CommandHandler } from '../handler-types';

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

/** An AAD object id typed as it is (admins scripting role changes): hex groups joined by hyphens. */
const AAD_ID = /^[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12,13}$/i;

async function resolvePerson(turn: Turn, mention: MentionedPerson): Promise<Actor> {
  try {
    const member = await TeamsInfo.getMember(turn.context, mention.id);
    if (member.aadObjectId) {
      const name = member.name ?? mention.name;
      await turn.deps.people?.learn({ aadObjectId: member.aadObjectId, mri: member.id ?? mention.id, name });
      return { aadObjectId: member.aadObjectId, name };
    }
  } catch (e) {
    turn.deps.logger.warn('member lookup failed', {
      userId: mention.id,
      status: (e as { statusCode?: number }).statusCode,
    });
  }
  throw new DomainError(
    ErrorCode.NotFound,
    `I could not find ${mention.name} in this conversation's members. @mention someone who is in this team or chat.`,
  );
}

/** The name we already know for an AAD object id, from its existing role assignments. */
async function knownName(turn: Turn, aadObjectId: string): Promise<string | null> {
  const assignments = await turn.deps.store.listRoleAssignments();
  return assignments.find((a) => a.holder.aadObjectId === aadObjectId)?.holder.name ?? null;
}

export const roleCommand: CommandHandler = async (turn, args) => {
  if (!turn.actor.isAdmin)
    throw new DomainError(
      ErrorCode.NotAdmin,
      'Only admins can change who holds a role. Ask your governance team, or type `roles` to see who holds what.',
    );
  const activity = turn.context.activity;
  // One person mentioned in several pieces (new Teams clients split names) is one person.
  const people = mentionedPeople(activity);
  // What is left once the people's mentions are taken out: the role, and "deputy" or "remove".
  const unmentioned =
    typeof activity.text === 'string'
      ? (splitCommand(textWithoutMentions(activity.text, people, botNamesIn(activity)))?.args ?? '')
      : textWithoutMentions(args, people);
  const allWords = unmentioned.replace(/@\S+/g, ' ').trim().split(/\s+/).filter(Boolean);
  const typedIds = allWords.filter((w) => AAD_ID.test(w));
  const words = allWords.filter((w) => !AAD_ID.test(w));
  const roleKey = (words[0] ?? '').toLowerCase();
  const mode = (words[1] ?? '').toLowerCase();
  const keys = turn.deps.profile.roles.map((r) => r.key);
  if (!roleKey || !keys.includes(roleKey))
    throw new DomainError(
      ErrorCode.InvalidInput,
      `${roleKey ? `"${roleKey}" is not a role.` : 'Which role?'} The roles are: ${keys.join(', ')}. Type it like \`role finance @Person\`.`,
    );
  if (mode && mode !== 'remove' && mode !== 'deputy')
    throw new DomainError(
      ErrorCode.InvalidInput,
      `After the role I expected "remove", "deputy" or an @mention, not "${mode}". Type it like \`role ${roleKey} @Person\`.`,
    );
  if (people.length === 0 && typedIds.length === 0)
    throw new DomainError(
      ErrorCode.InvalidInput,
      `@mention the person, e.g. \`role ${roleKey} @Person\` (type @ and pick them from the list).`,
    );
  const done: string[] = [];
  const targets: Actor[] = [];
  const add = (person: Actor) => {
    if (!targets.some((t) => t.aadObjectId === person.aadObjectId)) targets.push(person);
  };
  for (const mention of people) add(await resolvePerson(turn, mention));
  for (const id of typedIds)
    add({ aadObjectId: id.toLowerCase(), name: (await knownName(turn, id.toLowerCase())) ?? id });
  for (const person of targets) {
    if (mode === 'remove') {
      const removed = await turn.deps.store.removeRoleAssignment(roleKey, person.aadObjectId);
      done.push(
        removed
          ? `${person.name} no longer holds ${roleName(turn.deps.profile, roleKey)}.`
          : `${person.name} did not hold ${roleName(turn.deps.profile, roleKey)}; nothing changed.`,
      );
    } else {
      const existing = (await turn.deps.store.listRoleAssignments()).find(
        (a) => a.role === roleKey && a.holder.aadObjectId === person.aadObjectId,
      );
      if (existing && existing.deputy === (mode === 'deputy')) {
        done.push(
          `${person.name} already holds ${roleName(turn.deps.profile, roleKey)}${existing.deputy ? ' as deputy' : ''}.`,
        );
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
      done.push(
        `${person.name} now holds ${roleName(turn.deps.profile, roleKey)}${mode === 'deputy' ? ' as deputy' : ''}.`,
      );
    }
  }
  turn.deps.logger.info('role assignments changed', {
    role: roleKey,
    mode: mode || 'add',
    by: turn.actor.aadObjectId,
    count: targets.length,
  });
  await reply(turn, done.join('\n\n'));
};
