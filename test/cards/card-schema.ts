/**
 * Validates expanded cards against the official Adaptive Cards 1.5 JSON schema
 * (test/fixtures/schemas/adaptive-card-1.5.json, see the README beside it).
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import schema from '../fixtures/schemas/adaptive-card-1.5.json';

/** The budget each expanded card must stay under (cards/card-squeeze.ts), in UTF-8 and in UTF-16. */
export { CARD_BUDGET_BYTES, CARD_BUDGET_UTF16_BYTES, cardUtf16Bytes } from '../../cards/card-squeeze';

// The schema names itself with draft-04's "id"; Ajv 8 only reads "$id", so it is renamed here.
const { id, ...rest } = schema as { id: string } & Record<string, unknown>;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addMetaSchema(draft06);
const validate = ajv.compile({ ...rest, $id: id });

function officialErrors(card: unknown, at = ''): string[] {
  if (validate(card)) return [];
  return (validate.errors ?? []).map(
    (e) => `${at}${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}

/** Every `fallback` object in the card with where it is. */
function fallbacks(node: unknown, path = ''): [string, unknown][] {
  if (Array.isArray(node)) return node.flatMap((n, i) => fallbacks(n, `${path}/${i}`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => [
    ...(key === 'fallback' && typeof value === 'object' && value !== null
      ? [[`${path}/fallback`, value] as [string, unknown]]
      : []),
    ...fallbacks(value, `${path}/${key}`),
  ]);
}

/**
 * The schema errors of a card, as readable lines; empty when it is valid. The official schema lets
 * any object through as a `fallback` (its "drop" option is a bare pattern, which ignores objects),
 * so each fallback action is also checked as an action of a card of its own.
 */
export function schemaErrors(card: unknown): string[] {
  const nested = fallbacks(card).flatMap(([path, action]) =>
    officialErrors({ type: 'AdaptiveCard', version: '1.5', actions: [action] }, `${path}: `),
  );
  return [...officialErrors(card), ...nested];
}

/** Size of the card as sent: compact JSON in UTF-8. */
export const cardBytes = (card: unknown): number => Buffer.byteLength(JSON.stringify(card), 'utf8');

/** Template expressions left unexpanded anywhere in the card ("${...}"). */
export function unexpanded(card: unknown): string[] {
  return JSON.stringify(card).match(/\$\{[^}]*\}?/g) ?? [];
}

/** Every action in the card, however deeply nested (ActionSets, ShowCards, fallbacks). */
export function allActions(card: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    if (typeof obj.type === 'string' && obj.type.startsWith('Action.')) found.push(obj);
    Object.values(obj).forEach(visit);
  };
  visit(card);
  return found;
}
