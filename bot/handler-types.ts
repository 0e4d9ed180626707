/** The two kinds of handler routes.ts registers: a chat command and a card verb. */
import type { Turn } from './bot-context';

export type CommandHandler = (turn: Turn, args: string) => Promise<void>;
/** What a card verb answers the clicker with: their view of a card, or a sentence. */
export type VerbAnswer = { readonly card: object } | { readonly message: string };
export type VerbHandler = (turn: Turn, data: Readonly<Record<string, unknown>>) => Promise<VerbAnswer>;
