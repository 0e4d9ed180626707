/**
 * Validates expanded cards against the official Adaptive Cards 1.5 JSON schema
 * (test/fixtures/schemas/adaptive-card-1.5.json, see the README beside it).
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import schema from '../fixtures/schemas/adaptive-card-1.5.json';

/** 40 KB: the budget each expanded card must stay under (Teams allows about 80 KB per message). */
export const CARD_BUDGET_BYTES = 40 * 1024;

// The schema names itself with draft-04's "id"; Ajv 8 only reads "$id", so it is renamed here.
const { id, ...rest } = schema as { id: string } & Record<string, unknown>;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addMetaSchema(draft06);
const validate = ajv.compile({ ...rest, $id: id });

/** The schema errors of a card, as readable lines; empty when it is valid. */
export function schemaErrors(card: unknown): string[] {
  if (validate(card)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
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
