/** The kinds of handler routes.ts registers: a chat command, a card verb and a dialog's open and save. */
import type { Turn } from './bot-context';

export type CommandHandler = (turn: Turn, args: string) => Promise<void>;
/** What a card verb answers the clicker with: their view of a card, or a sentence. */
export type VerbAnswer = { readonly card: object } | { readonly message: string };
export type VerbHandler = (turn: Turn, data: Readonly<Record<string, unknown>>) => Promise<VerbAnswer>;
/** What a dialog (task module) answers: a form to show in it, or a sentence that closes it. */
export type DialogAnswer =
  { readonly dialog: { readonly title: string; readonly card: object } } | { readonly message: string };
export type DialogHandler = (turn: Turn, data: Readonly<Record<string, unknown>>) => Promise<DialogAnswer>;
