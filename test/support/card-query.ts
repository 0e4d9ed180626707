/** Finding things in an expanded Adaptive Card, as a client would see them. */

type Json = Record<string, unknown>;

function* walk(node: unknown): Generator<Json> {
  if (Array.isArray(node)) for (const child of node) yield* walk(child);
  else if (node && typeof node === 'object') {
    yield node as Json;
    for (const value of Object.values(node)) yield* walk(value);
  }
}

export interface CardAction {
  readonly type: string;
  readonly title: string;
  readonly verb: string;
  readonly data: Json;
}

/** Every Action.Execute / Action.Submit in the card (including inside ShowCards), with its data. */
export function actionsOf(card: unknown): CardAction[] {
  const actions: CardAction[] = [];
  for (const node of walk(card)) {
    if (node.type !== 'Action.Execute' && node.type !== 'Action.Submit') continue;
    const data = (node.data ?? {}) as Json;
    const verb = String(node.verb ?? data.verb ?? '');
    if (
      node.type === 'Action.Submit' &&
      actions.some((a) => a.verb === verb && JSON.stringify(a.data) === JSON.stringify(data))
    )
      continue;
    actions.push({ type: String(node.type), title: String(node.title ?? ''), verb, data });
  }
  return actions;
}

export function findAction(
  card: unknown,
  verb: string,
  match: (data: Json) => boolean = () => true,
): CardAction | undefined {
  return actionsOf(card).find((a) => a.verb === verb && match(a.data));
}

/** All visible text of the card, joined: TextBlocks, FactSet facts, table cells, RichText runs. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  for (const node of walk(card)) {
    if ((node.type === 'TextBlock' || node.type === 'TextRun') && typeof node.text === 'string') parts.push(node.text);
    if (typeof node.title === 'string' && typeof node.value === 'string') parts.push(`${node.title} ${node.value}`);
  }
  return parts.join('\n');
}

/** The Adaptive Card inside an activity the bot sent, if any. */
export function cardOf(activity: unknown): Json | undefined {
  const attachments = (activity as { attachments?: { contentType?: string; content?: Json }[] })?.attachments ?? [];
  return attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}
