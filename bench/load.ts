/**
 * The load process: autocannon against one target, with Teams-shaped activities made per
 * request (a message, a `show`, or a `declaration.tick` on a different decision by a holder of the
 * item's role). Prints one JSON line with req/s, latencies and what came back.
 * Usage: node -r @swc-node/register bench/load.ts '<LoadSpec as JSON>'
 */
import { randomUUID } from 'node:crypto';
import { loadProfile } from '../app/profile-loader';
import {
  BOT,
  CHANNEL,
  REVIEW_EVERY,
  TENANT,
  benchRef,
  homeFor,
  personFor,
  reviewVersion,
  reviewers,
  type BenchPerson,
} from './register';

// autocannon ships no types; the part used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: object) => Promise<AutocannonResult>;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}

export type Scenario = 'raw' | 'echo' | 'show' | 'tick';

export interface LoadSpec {
  readonly url: string;
  readonly scenario: Scenario;
  readonly serviceUrl: string;
  /** Decisions in the register (show, tick). */
  readonly size: number;
  readonly seconds: number;
  readonly connections: number;
  readonly warmupRequests: number;
  /** Activities from this index on (a later load does not repeat an earlier one's ticks). */
  readonly offset?: number;
  /** At most this many requests after the warm-up. */
  readonly maxRequests?: number;
  /** Ticks: measure each click's shared card update at the connector (its GET /updates). */
  readonly cardLag?: boolean;
}

/** Click → the shared card's update arriving at the connector, ms. */
export interface CardLag {
  readonly p50: number;
  readonly p99: number;
  readonly samples: number;
  /** Clicks whose update never arrived. */
  readonly missing: number;
}

export interface LoadResult {
  readonly scenario: Scenario;
  readonly reqPerSec: number;
  readonly p50: number;
  readonly p99: number;
  readonly meanMs: number;
  readonly maxMs: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Replies that were not what the scenario expects (a tick not answered with a card). */
  readonly unexpected: number;
  /** CPU time (user + system) the target process spent per request, measured by bench/run.ts. */
  readonly cpuMsPerRequest?: number;
  readonly cardLag?: CardLag;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const profile = loadProfile();
const roles = reviewers(profile);
const items = profile.declarations.map((d) => d.key);
const caller = personFor('700', 'Casey Commissioner');

function base(from: BenchPerson, conversationId: string, conversationType: 'channel' | 'personal') {
  return {
    id: `act-${randomUUID()}`,
    timestamp: new Date().toISOString(),
    serviceUrl: spec.serviceUrl,
    channelId: 'msteams',
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: BOT,
    conversation: { id: conversationId, conversationType, tenantId: TENANT, isGroup: conversationType !== 'personal' },
    channelData:
      conversationType === 'channel'
        ? { tenant: { id: TENANT }, team: { id: '19:team-general@thread.tacv2' }, channel: { id: CHANNEL } }
        : { tenant: { id: TENANT } },
    locale: 'en-GB',
  };
}

const reviewCount = Math.ceil(spec.size / REVIEW_EVERY);
/** Distinct (decision, item) ticks available: each in-review decision has one per item. */
const tickSupply = reviewCount * items.length;

function activity(k: number): object {
  switch (spec.scenario) {
    case 'raw':
    case 'echo':
      return {
        ...base(caller, `a:personal-${caller.aadObjectId}`, 'personal'),
        type: 'message',
        text: `hello ${k}`,
        textFormat: 'plain',
      };
    case 'show': {
      // A reviewer looking a decision up in personal chat: a read, answered with their own view of the card.
      const i = (k * 7919) % spec.size;
      const who = roles[k % roles.length]!.holders[0]!;
      return {
        ...base(who, `a:personal-${who.aadObjectId}`, 'personal'),
        type: 'message',
        text: `show ${benchRef(i)}`,
        textFormat: 'plain',
      };
    }
    case 'tick': {
      const j = k % reviewCount;
      const r = Math.floor(k / reviewCount) % items.length;
      const i = j * REVIEW_EVERY;
      const who = roles[r]!.holders[k % 3]!;
      const place = homeFor(i, spec.serviceUrl).conversation.conversationId;
      const data = { verb: 'declaration.tick', ref: benchRef(i), version: reviewVersion(i), item: items[r] };
      return {
        ...base(who, place, 'channel'),
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: `card-${i}`,
        value: { action: { type: 'Action.Execute', verb: 'declaration.tick', data }, trigger: 'manual' },
      };
    }
  }
}

/** When each measured tick was sent, by the id of the shared card it changes. */
const clicks: [string, number][] = [];
let measuring = false;

async function cardLagOf(): Promise<CardLag> {
  const updates = (await (await fetch(`${spec.serviceUrl}updates`)).json()) as [string, number][];
  const byCard = new Map<string, number[]>();
  for (const [id, at] of updates) byCard.set(id, [...(byCard.get(id) ?? []), at]);
  const lags: number[] = [];
  for (const [card, sentAt] of clicks) {
    const arrived = (byCard.get(card) ?? []).find((at) => at >= sentAt);
    if (arrived !== undefined) lags.push(arrived - sentAt);
  }
  lags.sort((a, b) => a - b);
  const at = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), samples: lags.length, missing: clicks.length - lags.length };
}

async function main(): Promise<void> {
  let k = spec.offset ?? 0;
  let unexpected = 0;
  const run = (opts: object) =>
    autocannon({
      url: spec.url,
      connections: spec.connections,
      requests: [
        {
          method: 'POST',
          path: spec.scenario === 'raw' ? '/' : '/api/messages',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req: Record<string, unknown>) => {
            const body = activity(k++) as { replyToId?: string };
            if (measuring && spec.cardLag && body.replyToId) clicks.push([body.replyToId, Date.now()]);
            return { ...req, body: JSON.stringify(body) };
          },
          onResponse: (status: number, body: string) => {
            if (status !== 200) return;
            if (spec.scenario === 'tick' && !body.includes('application/vnd.microsoft.card.adaptive')) unexpected++;
          },
        },
      ],
      ...opts,
    });
  if (spec.warmupRequests > 0) await run({ amount: spec.warmupRequests });
  unexpected = 0;
  measuring = true;
  const supply = spec.scenario === 'tick' ? tickSupply - k - spec.connections : Infinity;
  const most = Math.min(supply, spec.maxRequests ?? Infinity);
  const limit = Number.isFinite(most) ? { maxOverallRequests: Math.max(1, most) } : {};
  const r = await run({ duration: spec.seconds, ...limit });
  // The last updates are sent in the background after the answers: give them a moment to land.
  if (spec.cardLag) await new Promise((resolve) => setTimeout(resolve, 1000));
  const result: LoadResult = {
    scenario: spec.scenario,
    reqPerSec: Math.round((r.requests.total / r.duration) * 10) / 10,
    p50: r.latency.p50,
    p99: r.latency.p99,
    meanMs: r.latency.average,
    maxMs: r.latency.max,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    unexpected,
    ...(spec.cardLag ? { cardLag: await cardLagOf() } : {}),
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(String((e as Error)?.stack ?? e) + '\n');
  process.exit(1);
});
