/**
 * Turning a chat message into a command: strip the bot's @mention and Teams markup, split the
 * verb from its arguments, and suggest the nearest command for a typo.
 */

/** Longest message we read; Teams allows ~28 KB, but no command needs more than this. */
export const MAX_COMMAND_LENGTH = 8000;
/** Longest `import` with the decision pasted after it (a long decision runs to 20,000-odd characters). */
export const MAX_PASTED_DOCUMENT_LENGTH = 200_000;

export interface CommandText {
  /** Lower-cased first word. */
  readonly verb: string;
  /** Everything after the verb, trimmed, with inner whitespace kept. */
  readonly args: string;
}

const entities: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&nbsp;': ' ',
};

/** Plain text of a Teams message: <at>…</at> mentions of the bot removed, other tags dropped, entities decoded. */
export function plainText(text: string, botNames: readonly string[] = []): string {
  let out = text;
  for (const name of botNames) out = out.split(`<at>${name}</at>`).join(' ');
  out = out
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (m) => entities[m] ?? m)
    .replace(/\u00a0/g, ' ');
  return out.trim();
}

interface MentioningActivity {
  readonly recipient?: { readonly id?: string; readonly name?: string };
  readonly entities?: readonly {
    readonly type?: string;
    readonly mentioned?: { readonly id?: string };
    readonly text?: string;
  }[];
}

/**
 * The names the bot goes by in this message, to strip from it: its own name, and the text of each
 * @mention of it (a person may shorten the mention, "<at>Decision</at>").
 */
export function botNamesIn(activity: MentioningActivity): string[] {
  const names = [activity.recipient?.name ?? ''];
  for (const e of activity.entities ?? []) {
    if (e.type !== 'mention' || !activity.recipient?.id || e.mentioned?.id !== activity.recipient.id) continue;
    names.push(/^<at>([\s\S]*)<\/at>$/.exec(e.text ?? '')?.[1] ?? '');
  }
  return [...new Set(names.filter((n) => n.trim() !== ''))];
}

export function splitCommand(text: string): CommandText | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  if (!match) return null;
  return { verb: (match[1] ?? '').toLowerCase(), args: (match[2] ?? '').trim() };
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The known command closest to `word`, if it is close enough to be what was meant. */
export function nearestCommand(word: string, known: readonly string[]): string | null {
  let best: { name: string; distance: number } | null = null;
  for (const name of known) {
    const distance = name.startsWith(word) && word.length >= 2 ? 0.5 : editDistance(word, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(word.length / 2)) ? best.name : null;
}
