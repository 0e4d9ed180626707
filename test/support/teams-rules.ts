/**
 * The rules the Teams connector enforces, as the fake connector applies them (the rules and their
 * sources: ../../../shared/notes/TEAMS-RULES.md). A fake is worth what it refuses: each rule here
 * answers the way Teams answers, so a test fails where a tenant would.
 * - Rates: per conversation 7 sends a second and 60 per 30 seconds, updates included; per app 50
 *   requests a second. Past them: 429 with Retry-After (whole seconds until a slot frees).
 * - Size: over 100 KB counted in UTF-16 (two bytes per UTF-16 code unit of the JSON): 413
 *   MessageSizeTooBig. Over 80 KB (Microsoft's advice) the fake warns.
 * - createConversation (a proactive 1:1 chat): the user's MRI in `members`, `isGroup: false`,
 *   `channelData.tenant.id`; refused with 403 unless the app is installed for the user personally
 *   or in a team they are a member of.
 */
import type { FakeMember, FakeTenant } from './fake-connector-types';

export interface WindowLimit {
  readonly max: number;
  readonly perMs: number;
}

export const CONVERSATION_LIMITS: readonly WindowLimit[] = [
  { max: 7, perMs: 1000 },
  { max: 60, perMs: 30_000 },
];
export const APP_LIMITS: readonly WindowLimit[] = [{ max: 50, perMs: 1000 }];

export const MESSAGE_LIMIT_BYTES = 100 * 1024;
export const ADVISED_MESSAGE_BYTES = 80 * 1024;

/** A message's size as Teams counts it: its JSON in UTF-16, two bytes per code unit. */
export const utf16Bytes = (body: unknown): number => JSON.stringify(body ?? null).length * 2;

/** A channel thread (`19:…;messageid=…`) counts as its channel. */
export const rateKey = (conversationId: string): string => conversationId.split(';')[0]!;

export interface Refusal {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: { error: { code: string; message: string } };
}

const refusal = (status: number, code: string, message: string, headers?: Record<string, string>): Refusal => ({
  status,
  headers,
  body: { error: { code, message } },
});

/** Sliding windows of accepted sends, per conversation and for the whole app. */
export class SendRates {
  private readonly times = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  /** Counts a send to the conversation, or refuses it with 429 and the seconds until a slot frees. */
  take(conversationId: string): Refusal | null {
    const at = this.now();
    const keys: [string, readonly WindowLimit[]][] = [
      [`conversation:${rateKey(conversationId)}`, CONVERSATION_LIMITS],
      ['app', APP_LIMITS],
    ];
    let waitMs = 0;
    for (const [key, limits] of keys) {
      const times = (this.times.get(key) ?? []).filter((t) => at - t < 30_000);
      this.times.set(key, times);
      for (const { max, perMs } of limits) {
        const inWindow = times.filter((t) => at - t < perMs);
        if (inWindow.length >= max) waitMs = Math.max(waitMs, inWindow[inWindow.length - max]! + perMs - at);
      }
    }
    if (waitMs > 0) {
      const seconds = String(Math.max(1, Math.ceil(waitMs / 1000)));
      return refusal(429, 'Throttled', `Too many requests to ${rateKey(conversationId)}`, { 'Retry-After': seconds });
    }
    for (const [key] of keys) this.times.get(key)!.push(at);
    return null;
  }

  reset(): void {
    this.times.clear();
  }
}

/** 413 for a message over 100 KB of UTF-16; calls `warn` for one over 80 KB. */
export function refuseSize(body: unknown, warn: (text: string) => void): Refusal | null {
  const bytes = utf16Bytes(body);
  if (bytes > MESSAGE_LIMIT_BYTES)
    return refusal(413, 'MessageSizeTooBig', `Message size too big: ${bytes} bytes of UTF-16 (the limit is 100 KB)`);
  if (bytes > ADVISED_MESSAGE_BYTES) warn(`a message of ${bytes} bytes of UTF-16 (Microsoft advises under 80 KB)`);
  return null;
}

interface ConversationParametersBody {
  readonly isGroup?: boolean;
  readonly members?: readonly { id?: string }[];
  readonly channelData?: { tenant?: { id?: string } };
}

/** Why Teams would refuse this createConversation, or null when it would create the 1:1 chat. */
export function refuseCreateConversation(body: unknown, tenant: FakeTenant): Refusal | null {
  const p = (body ?? {}) as ConversationParametersBody;
  const members = p.members ?? [];
  if (p.isGroup !== false || members.length !== 1)
    return refusal(400, 'BadArgument', 'A 1:1 conversation needs isGroup: false and exactly one member.');
  const id = members[0]?.id ?? '';
  if (!id.startsWith('29:'))
    return refusal(400, 'BadArgument', `Invalid user identity in members: "${id}" is not a Teams user id (29:…).`);
  if (!p.channelData?.tenant?.id) return refusal(400, 'BadArgument', 'channelData.tenant.id is required.');
  if (!reachable(tenant, id))
    return refusal(
      403,
      'Forbidden',
      `The bot is not installed for ${id}: not personally, nor in a team they are a member of.`,
    );
  return null;
}

function reachable(tenant: FakeTenant, mri: string): boolean {
  if (tenant.blocked?.includes(mri)) return false;
  if (tenant.personalInstalls?.includes(mri)) return true;
  return (tenant.teams ?? []).some((team) => team.members.some((m) => m.id === mri));
}

/** Everyone the tenant knows: the teams' members, each once. */
export function tenantPeople(tenant: FakeTenant): FakeMember[] {
  const byId = new Map<string, FakeMember>();
  for (const team of tenant.teams ?? []) for (const m of team.members) byId.set(m.id, m);
  for (const m of tenant.people ?? []) byId.set(m.id, m);
  return [...byId.values()];
}

/** The members of a conversation as the tenant's teams say (a channel or a thread in one), if it is a channel. */
export function channelMembers(tenant: FakeTenant, conversationId: string): FakeMember[] | undefined {
  const channel = rateKey(conversationId);
  return (tenant.teams ?? []).find((t) => t.channelIds.includes(channel))?.members.slice();
}
