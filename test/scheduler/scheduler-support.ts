/**
 * What scheduler tests share: a fake clock whose sleep moves virtual time, a lowdb store in a
 * temp folder, the fake Bot Connector, a TeamsAdapter without authentication that talks to it,
 * and PCD 1065 stored as approved with its home in a channel thread and managers in their roles.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { loadProfile, builtInProfilePath } from '../../app/profile-loader';
import { silentLogger } from '../../app/logger';
import { LowdbStore } from '../../storage/lowdb-store';
import type { ConversationRef, Delivery, Store } from '../../storage/store';
import type { Decision } from '../../domain/types';
import { createScheduler, type Scheduler, type SchedulerOptions } from '../../scheduler/scheduler';
import { TeamsSender } from '../../bot/teams-sender';
import { startFakeConnector, type FakeConnector, type SentActivity } from '../support/fake-connector';
import { channelConversationRef, CHANNEL_ID, TEAM_ID } from '../support/teams-activities';
import { seedActors, seedDecision } from '../fixtures/seed-decision';

export class FakeClock {
  private t: number;
  constructor(iso: string) {
    this.t = Date.parse(iso);
  }
  now = (): Date => new Date(this.t);
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
  advance(ms: number): void {
    this.t += ms;
  }
  /** Virtual time: waking is immediate; concurrent sleepers to the same instant do not add up. */
  sleep = async (ms: number): Promise<void> => {
    const target = this.t + Math.max(0, ms);
    await new Promise((resolve) => setImmediate(resolve));
    this.t = Math.max(this.t, target);
  };
}

export const HOME_THREAD = `${CHANNEL_ID};messageid=1637000000000`;
export const managers = { draftingOfficer: seedActors.draftingOfficer, director: seedActors.director };
export const profile = loadProfile(builtInProfilePath('mopac'));
/** The managers' Teams user ids (MRIs), as the team's roster gives them. */
export const managerMris = { draftingOfficer: '29:manager-1', director: '29:manager-2' } as const;

export interface SchedulerWorld {
  readonly clock: FakeClock;
  readonly connector: FakeConnector;
  store: Store;
  readonly dataDir: string;
  readonly adapter: TeamsAdapter;
  readonly home: ConversationRef;
  /** A scheduler sending through the Teams sender (sendTimeoutMs: its timeout), or through `sender`. */
  scheduler(options?: Partial<SchedulerOptions> & { readonly sendTimeoutMs?: number }): Scheduler;
  /** Closes the store and opens it again on the same folder (a restart). */
  reopen(): Promise<void>;
  deliveries(): Promise<Delivery[]>;
  /** Cards the connector accepted, with the conversation each went to. */
  cards(): { conversationId: string; card: Record<string, unknown>; sent: SentActivity }[];
  close(): Promise<void>;
}

/**
 * Creates `decision` in `store` with its card's home in `conversation` (the card already posted
 * when `cardActivityId` is given), as the bot records a decision it has posted.
 */
export async function createHomed(
  store: Store,
  decision: Decision,
  conversation: ConversationRef,
  cardActivityId: string | null = null,
): Promise<void> {
  await store.createDecision(
    decision,
    [{ type: 'decision.created', details: {} }],
    { actor: decision.createdBy, at: decision.createdAt },
    { conversation, cardActivityId },
  );
}

/** The real scheduler over `store`, sending through a TeamsSender on a fresh adapter (no app id). */
export function realScheduler(
  store: Store,
  clock: SchedulerOptions['clock'],
  options: { adapter?: TeamsAdapter } & Partial<Omit<SchedulerOptions, 'store' | 'clock' | 'adapter'>> = {},
): Scheduler {
  const adapter = options.adapter ?? newAdapter();
  return createScheduler({
    store,
    profile,
    adapter,
    sender: new TeamsSender({ adapter, botAppId: '', store }),
    clock,
    logger: silentLogger,
    ...options,
  });
}

export function newAdapter(): TeamsAdapter {
  return new TeamsAdapter({
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppType: 'MultiTenant',
    MicrosoftAppTenantId: '',
  } as ConfigurationBotFrameworkAuthenticationOptions);
}

export interface WorldOptions {
  readonly at: string;
  readonly decision?: Decision;
  readonly personalChats?: boolean;
  /** Another store (PostgreSQL); default lowdb in a temp folder. Called again by reopen(). */
  readonly makeStore?: (clock: FakeClock, dataDir: string) => Store;
}

export async function startWorld(options: WorldOptions = { at: '2022-09-30T07:59:00Z' }): Promise<SchedulerWorld> {
  const clock = new FakeClock(options.at);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-scheduler-'));
  // The managers are in the team whose channel holds the decision, and the app is installed there.
  const team = (['draftingOfficer', 'director'] as const).map((k) => ({ id: managerMris[k], ...managers[k] }));
  const connector = await startFakeConnector({
    now: () => clock.now().getTime(),
    members: team,
    tenant: { teams: [{ id: TEAM_ID, channelIds: [CHANNEL_ID], members: team }] },
  });
  const adapter = newAdapter();
  const makeStore =
    options.makeStore ??
    ((c: FakeClock, dir: string) => new LowdbStore(dir, { clock: c.now, logger: { warn: () => undefined } }));
  let store = makeStore(clock, dataDir);
  await store.open();
  const home = channelConversationRef(connector.url, HOME_THREAD);
  const decision = options.decision ?? seedDecision();
  await createHomed(store, decision, home, 'card-1');
  await store.saveConversation(`conversation:${HOME_THREAD}`, home);
  const admin = { aadObjectId: 'admin', name: 'Admin' };
  for (const [role, holder] of [
    ['drafting-officer', managers.draftingOfficer],
    ['director', managers.director],
  ] as const)
    await store.addRoleAssignment({
      role,
      holder,
      deputy: false,
      assignedBy: admin,
      assignedAt: '2021-01-01T00:00:00Z',
    });
  if (options.personalChats !== false) {
    // The drafting officer has talked to the bot in personal chat; the director never has.
    const chat = `a:personal-${managers.draftingOfficer.aadObjectId}`;
    await store.saveConversation(`personal:${managers.draftingOfficer.aadObjectId}`, {
      ...home,
      conversationId: chat,
      conversationType: 'personal',
      teamId: null,
    });
  }
  const world: SchedulerWorld = {
    clock,
    connector,
    store,
    dataDir,
    adapter,
    home,
    scheduler: ({ sendTimeoutMs = 2000, ...extra } = {}) =>
      createScheduler({
        store: world.store,
        profile,
        adapter,
        sender: new TeamsSender({ adapter, botAppId: '', store: world.store, timeoutMs: sendTimeoutMs }),
        clock,
        logger: silentLogger,
        dispatch: { random: () => 0.5 },
        ...extra,
      }),
    async reopen() {
      if (world.store.isOpen) await world.store.close();
      store = makeStore(clock, dataDir);
      await store.open();
      world.store = store;
    },
    deliveries: () => world.store.listDeliveries(),
    cards: () =>
      connector.sent.map((sent) => ({
        conversationId: sent.conversationId,
        card: ((sent.activity.attachments ?? [])[0]?.content ?? {}) as Record<string, unknown>,
        sent,
      })),
    async close() {
      if (world.store.isOpen) await world.store.close();
      await connector.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return world;
}

/** Every text in a card, for assertions that do not depend on its layout. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (typeof node === 'string') out.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(card);
  return out.join('\n');
}
