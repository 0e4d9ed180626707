/**
 * Dialogs (Teams task modules), per verb of routes.ts. A `task/fetch` invoke (an Action.Submit
 * whose data has `msteams: { type: 'task/fetch' }`) is answered with the dialog to show; the
 * dialog's submit arrives as a `task/submit` invoke, answered with a sentence (the dialog closes
 * and shows it) or with the dialog again. Errors are answered as sentences, mapped in one place.
 */
import { CardFactory } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { DialogAnswer, DialogHandler } from './handler-types';
import { dialogOpens, dialogSubmits } from './routes';
import { messageFor } from './turn-errors';
import type { TurnOf } from './turn-builder';

export function registerDialogRoutes(app: Application<TurnState>, turnOf: TurnOf): void {
  const answer =
    (handler: DialogHandler) => async (context: Parameters<TurnOf>[0], _state: TurnState, data: unknown) => {
      const turn = await turnOf(context);
      const given = data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};
      return taskInfo(
        await handler(turn, given).catch((e: unknown): DialogAnswer => ({ message: messageFor(e, turn) })),
      );
    };
  for (const [verb, handler] of Object.entries(dialogOpens)) app.taskModules.fetch(verb, answer(handler));
  for (const [verb, handler] of Object.entries(dialogSubmits)) app.taskModules.submit(verb, answer(handler));
}

/** teams-ai answers a string as `{task: {type: 'message'}}` and an object as `{task: {type: 'continue'}}`. */
function taskInfo(answer: DialogAnswer) {
  if ('message' in answer) return answer.message;
  return {
    title: answer.dialog.title,
    card: CardFactory.adaptiveCard(answer.dialog.card),
    width: 'large' as const,
    height: 'large' as const,
  };
}
