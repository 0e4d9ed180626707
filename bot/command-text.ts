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

interface MentionEntity {
  readonly type?: string;
  readonly mentioned?: { readonly id?: string; readonly name?: string; readonly aadObjectId?: string };
  readonly text?: string;
}

/** A person @mentioned in a message, once however many pieces the client split the mention into. */
export interface MentionedPerson {
  /** The id Teams gives the mention (the user's MRI, `29:…`). */
  readonly id: string;
  /** The whole name: the pieces' names joined ("Fiona" and "Finance" give "Fiona Finance"). */
  readonly name: string;
  /** Some clients put the AAD object id on the mention itself. */
  readonly aadObjectId?: string;
  /** Each piece's markup as it appears in the message text ("<at>Fiona</at>"). */
  readonly texts: readonly string[];
}

/**
 * The people @mentioned in a message, other than the bot, in order of first mention. New Teams
 * clients split the mention of "Fiona Finance" into one entity per word, each with the same
 * `mentioned.id` ("<at>Fiona</at> <at>Finance</at>"): those pieces are one person.
 */
export function mentionedPeople(activity: {
  readonly recipient?: { readonly id?: string };
  readonly entities?: readonly object[];
}): MentionedPerson[] {
  const byId = new Map<string, { names: string[]; texts: string[]; aadObjectId?: string }>();
  for (const entity of (activity.entities ?? []) as MentionEntity[]) {
    const id = entity.mentioned?.id;
    if (entity.type !== 'mention' || typeof id !== 'string' || id === '' || id === activity.recipient?.id) continue;
    const person = byId.get(id) ?? { names: [], texts: [] };
    byId.set(id, person);
    const name = (entity.mentioned?.name ?? '').trim();
    if (name !== '' && !person.names.includes(name)) person.names.push(name);
    if (entity.text) person.texts.push(entity.text);
    person.aadObjectId ??= entity.mentioned?.aadObjectId;
  }
  return [...byId].map(([id, p]) => ({
    id,
    name: p.names.join(' ') || id,
    texts: p.texts,
    ...(p.aadObjectId === undefined ? {} : { aadObjectId: p.aadObjectId }),
  }));
}

/**
 * A message's text with the people's @mentions taken out (their markup, or, where the text has
 * none, their names), then read as plainText does: what is left of `role finance @Fiona Finance`
 * is `role finance`.
 */
export function textWithoutMentions(
  text: string,
  people: readonly MentionedPerson[],
  botNames: readonly string[] = [],
): string {
  let out = text;
  for (const person of people) for (const piece of person.texts) out = out.split(piece).join(' ');
  out = plainText(out, botNames);
  for (const person of people) out = out.split(person.name).join(' ');
  return out.replace(/[ \t]+/g, ' ').trim();
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
