/**
 * `--seed-roles`: the admin types `role <role> @Person` for every role in the cast, sent through
 * the Playground's custom-activity endpoint so that each command reaches the bot exactly as a
 * Teams channel message with two @mentions (the bot and the person) would. The bot resolves
 * each person through the Teams members API, which the Playground serves from the same cast.
 */
import { admin, bot, nameOf, roleAssignments, team, tenantId, type CastPerson } from './cast';

/** The Teams-shaped message activity of `role <role> @person` typed by `from` in `conversationId`. */
export function roleCommandActivity(
  template: Record<string, unknown>,
  role: string,
  person: CastPerson,
  from: CastPerson = admin,
): Record<string, unknown> {
  const botTag = `<at>${bot.name}</at>`;
  const personTag = `<at>${nameOf(person)}</at>`;
  return {
    ...template,
    type: 'message',
    id: undefined,
    text: `${botTag} role ${role} ${personTag}`,
    textFormat: 'plain',
    from: { id: from.id, name: nameOf(from), aadObjectId: from.aadObjectId },
    entities: [
      { type: 'mention', mentioned: { id: bot.id, name: bot.name }, text: botTag },
      { type: 'mention', mentioned: { id: person.id, name: nameOf(person) }, text: personTag },
    ],
    channelData: {
      tenant: { id: tenantId },
      team: { id: team.id, name: team.name },
      channel: { id: (template.conversation as { id: string }).id },
    },
  };
}

/**
 * Sends one `role` command per (role, person) of the cast (or of `assignments`), in order, into
 * the team's General channel (whose conversation id is the team id). Returns the commands sent.
 * The Playground answers at once; the bot's replies show in the channel.
 */
export async function seedRoles(
  playgroundUrl: string,
  options: {
    conversationId?: string;
    assignments?: readonly { role: string; person: CastPerson }[];
    /**
     * Called after each command is accepted, e.g. to wait until the bot has carried it out (the replies then come in
     * order).
     */
    afterEach?: (sent: { role: string; person: CastPerson }) => Promise<void>;
  } = {},
): Promise<string[]> {
  const conversationId = options.conversationId ?? team.id;
  const base = playgroundUrl.replace(/\/$/, '');
  const response = await fetch(
    `${base}/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(conversationId)}`,
  );
  if (!response.ok)
    throw new Error(`The Playground gave no activity template for ${conversationId} (HTTP ${response.status}).`);
  const template = (await response.json()) as Record<string, unknown>;
  const sent: string[] = [];
  for (const { role, person } of options.assignments ?? roleAssignments) {
    const activity = {
      ...roleCommandActivity(template, role, person),
      id: crypto.randomUUID(),
      timestamp: new Date().toISOString(),
    };
    const posted = await fetch(`${base}/_internal/v1/customActivities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    if (!posted.ok)
      throw new Error(
        `The Playground refused "role ${role} @${nameOf(person)}" (HTTP ${posted.status}: ${(await posted.text()).slice(0, 300)}).`,
      );
    sent.push(`role ${role} @${nameOf(person)}`);
    await options.afterEach?.({ role, person });
  }
  return sent;
}
