/**
 * Chat messages, in the order teams-ai tries them: each command of routes.ts; a file sent on its
 * own in personal chat (read as `import`); then anything else with text (too long, empty, or not
 * a command), answered with what to type instead. Channels and group chats need the @mention.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { MAX_COMMAND_LENGTH, botNamesIn, nearestCommand, plainText, splitCommand } from './command-text';
import { TEAMS_FILE } from './handlers/import-source';
import { reply } from './replies';
import { commands } from './routes';
import { guard } from './turn-errors';
import type { TurnOf } from './turn-builder';
import { countTurn } from './turn-metrics';
import type { Metrics } from '../domain/metrics';

const commandOf = (context: TurnContext) => {
  const a = context.activity;
  if (a.type !== ActivityTypes.Message || typeof a.text !== 'string') return null;
  return splitCommand(plainText(a.text, botNamesIn(a)));
};

/** Channels and group chats need the @mention; personal chat does not. */
const addressedToBot = (context: TurnContext): boolean => {
  const a = context.activity;
  if (a.conversation?.conversationType === 'personal' || !a.conversation?.conversationType) return true;
  return (a.entities ?? []).some(
    (e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === a.recipient?.id,
  );
};

export function registerMessageRoutes(app: Application<TurnState>, turnOf: TurnOf, metrics: Metrics): void {
  for (const command of commands) {
    const maxLength = command.maxLength ?? MAX_COMMAND_LENGTH;
    app.message(
      async (context) =>
        addressedToBot(context) &&
        (context.activity.text ?? '').length <= maxLength &&
        commandOf(context)?.verb === command.name,
      async (context) =>
        countTurn(metrics, 'message', command.name, async (watch) => {
          const turn = await turnOf(context);
          await guard(
            turn,
            watch(() => command.handler(turn, commandOf(context)?.args ?? '')),
          );
        }),
    );
  }

  // A file sent on its own in personal chat (no command typed): read it as `import`.
  const importRoute = commands.find((c) => c.name === 'import');
  if (importRoute)
    app.message(
      async (context) =>
        context.activity.conversation?.conversationType === 'personal' &&
        !commandOf(context) &&
        (context.activity.attachments ?? []).some((a) => a.contentType === TEAMS_FILE),
      async (context) =>
        countTurn(metrics, 'message', 'import', async (watch) => {
          const turn = await turnOf(context);
          await guard(
            turn,
            watch(() => importRoute.handler(turn, '')),
          );
        }),
    );

  // Anything else with text: too long, empty, or not a command.
  app.message(
    async (context) => typeof context.activity.text === 'string' && addressedToBot(context),
    async (context) =>
      countTurn(metrics, 'message', 'unknown', async () =>
        reply(await turnOf(context), notACommand(context.activity.text ?? '', commandOf(context))),
      ),
  );
}

/** The answer to text that is no command: too long, empty, or a near miss. */
function notACommand(text: string, command: ReturnType<typeof commandOf>): string {
  if (text.length > MAX_COMMAND_LENGTH) {
    const length = text.length.toLocaleString('en-GB');
    const max = MAX_COMMAND_LENGTH.toLocaleString('en-GB');
    return (
      `That message is ${length} characters long; I read commands of up to ${max}. ` +
      'Shorten it, or use `edit <ref>` for long text.'
    );
  }
  if (!command) return 'Type `help` to see what I can do.';
  const near = nearestCommand(
    command.verb,
    commands.map((c) => c.name),
  );
  const shown = command.verb.length > 40 ? `${command.verb.slice(0, 40)}…` : command.verb;
  return `I don't know the command "${shown}".${near ? ` Did you mean \`${near}\`?` : ''} Type \`help\` to see every command.`;
}
