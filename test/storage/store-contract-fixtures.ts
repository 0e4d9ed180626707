/** Actors, instants and records the Store contract (store-contract.ts and its parts) is written with. */
import { DomainError } from '../../domain/errors';
import type { Actor, Decision, EventDraft, Provenance } from '../../domain/types';
import type { ConversationRef } from '../../storage/store';
import { seedDecision } from '../fixtures/seed-decision';

export const alice: Actor = { aadObjectId: '00000000-0000-0000-0000-00000000a11c', name: 'Alice Finance' };
export const bob: Actor = { aadObjectId: '00000000-0000-0000-0000-000000000b0b', name: 'Bob Legal' };

export const at = (minute: number): string => new Date(Date.UTC(2026, 10, 25, 9, minute)).toISOString();
/** The contract's "now": an hour after the instants its events are stamped with. */
export const contractClock = (): Date => new Date(Date.UTC(2026, 10, 25, 10, 0));
export const by = (actor: Actor, minute = 0): Provenance => ({ actor, at: at(minute), conversationId: 'conv-1' });

export function decisionWith(ref: string, patch: Partial<Decision> = {}): Decision {
  return { ...seedDecision(), ref, version: 1, ...patch };
}

export const drafts = (...types: string[]): EventDraft[] => types.map((type) => ({ type, details: { note: type } }));

export const conversation = (id: string): ConversationRef => ({
  conversationId: id,
  serviceUrl: 'https://smba.trafficmanager.net/uk/',
  tenantId: 'tenant-1',
  channelId: 'msteams',
  conversationType: 'channel',
  botId: '28:bot',
  botName: 'Decision Tracker',
  teamId: '19:team',
});

/** Resolves to the DomainError code a promise is rejected with (fails the test if it resolves). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error('expected a DomainError, but the operation succeeded');
}
