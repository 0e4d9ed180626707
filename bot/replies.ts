/** Text replies in the chat, and the help text listing every command. */
import { ActivityTypes, type Activity } from 'botbuilder';
import type { Turn } from './bot-context';

export async function reply(turn: Pick<Turn, 'context'>, text: string): Promise<void> {
  await turn.context.sendActivity({ type: ActivityTypes.Message, text, textFormat: 'markdown' } as Partial<Activity>);
}

/** One line per list entry; Teams renders markdown lists in bot messages. */
export const bullets = (lines: readonly string[]): string => lines.map((l) => `- ${l}`).join('\n');
