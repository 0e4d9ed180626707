/** Finding things in expanded cards, for the card tests. */
import { allActions } from './card-schema';

type Json = Record<string, unknown>;

/** Every object in the card whose own TextBlocks (not nested deeper) include the text. */
export function containersWithText(node: unknown, text: string): Json[] {
  const found: Json[] = [];
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (n === null || typeof n !== 'object') return;
    const obj = n as Json;
    if (obj.type === 'Container' && JSON.stringify(obj.items).includes(text)) found.push(obj);
    Object.values(obj).forEach(visit);
  };
  visit(node);
  return found;
}
/** The innermost container holding the text: a declaration's row or a signature's block. */
export const rowOf = (c: Json, text: string): Json => {
  const rows = containersWithText(c, text);
  const row = rows[rows.length - 1];
  if (row === undefined) throw new Error(`no container with ${text}`);
  return row;
};
/** A button that opens a dialog: an Action.Submit of its own, not a fallback. */
const opensDialog = (a: Json): boolean => (a.data as { msteams?: { type?: string } })?.msteams?.type === 'task/fetch';
/** The titles of the card's buttons (not the fallbacks, the statement toggles or the refresh). */
export const titles = (node: unknown): string[] =>
  allActions(node)
    .filter((a) => (a.type !== 'Action.Submit' || opensDialog(a)) && a.type !== 'Action.ToggleVisibility')
    .filter((a) => a.verb !== 'card.refresh')
    .map((a) => String(a.title));
export const texts = (node: unknown): string[] =>
  (JSON.stringify(node).match(/"text":"((?:[^"\\]|\\.)*)"/g) ?? []).map((t) => JSON.parse(t.slice(7)) as string);
