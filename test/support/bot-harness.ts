/**
 * The real server on 127.0.0.1 with a lowdb store in a temp folder and a fake Bot Connector,
 * driven over HTTP with Teams-shaped activities: what a conversation test needs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProfile, builtInProfilePath } from '../../app/profile-loader';
import { LowdbStore } from '../../storage/lowdb-store';
import { startServer, type RunningServer } from '../../app/server';
import type { Clock } from '../../domain/clock';
import { startFakeConnector, type FakeConnector } from './fake-connector';
import { CHANNEL_ID, TEAM_ID, invoke, message, postActivity, type Person, type Place } from './teams-activities';
import { testServerOptions } from './server-options';

export interface Harness {
  readonly connector: FakeConnector;
  readonly server: RunningServer;
  readonly store: LowdbStore;
  readonly dataDir: string;
  post(activity: object): Promise<{ status: number; body: unknown }>;
  say(
    from: Person,
    place: Place,
    text: string,
    options?: { mentions?: Person[]; tenant?: string },
  ): Promise<{ status: number; body: unknown }>;
  click(
    from: Person,
    place: Place,
    verb: string,
    data: Record<string, unknown>,
    replyToId?: string,
  ): Promise<InvokeReply>;
  /** Waits for background card updates to finish. */
  settle(): Promise<void>;
  /** Restarts the server on the same DATA_DIR. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface InvokeReply {
  readonly status: number;
  readonly type: string;
  readonly value: unknown;
}

export async function startHarness(options: {
  /** Members of the team the app is installed in (TEAM_ID, with CHANNEL_ID). */
  people: readonly Person[];
  /** People in the tenant and in the tests' chats, but in no team with the app: no 1:1 chat can start. */
  outsiders?: readonly Person[];
  admins: readonly Person[];
  profile?: 'mopac' | 'gla';
  allowedTenants?: readonly string[];
  clock?: Clock;
  dataDir?: string;
}): Promise<Harness> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dt-bot-'));
  const member = (p: Person) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId });
  // The tenant: the people are the members of the team whose channel the tests talk in, and the
  // app is installed in that team (so each can get a 1:1 chat); outsiders are in no such team.
  const connector = await startFakeConnector({
    members: [...options.people, ...(options.outsiders ?? [])].map(member),
    tenant: {
      teams: [{ id: TEAM_ID, channelIds: [CHANNEL_ID], members: options.people.map(member) }],
      people: (options.outsiders ?? []).map(member),
    },
  });
  const profile = loadProfile(builtInProfilePath(options.profile ?? 'mopac'));
  let store!: LowdbStore;
  let server: RunningServer;

  async function boot() {
    store = new LowdbStore(dataDir);
    await store.open();
    server = await startServer(
      testServerOptions(store, profile, {
        admins: options.admins.map((a) => a.aadObjectId),
        allowedTenants: options.allowedTenants ?? [],
        clock: options.clock,
      }),
    );
  }
  await boot();

  const post = (activity: object) => postActivity(server.url, activity);

  const harness: Harness = {
    connector,
    get server() {
      return server;
    },
    get store() {
      return store;
    },
    dataDir,
    post,
    say: (from, place, text, opts = {}) => post(message(connector.url, from, place, text, opts)),
    async click(from, place, verb, data, replyToId) {
      const res = await post(invoke(connector.url, from, place, verb, data, replyToId));
      const body = (res.body ?? {}) as { statusCode?: number; type?: string; value?: unknown };
      return { status: res.status, type: body.type ?? '', value: body.value };
    },
    settle: () => server.bot.publisher.idle(),
    async restart() {
      await server.close();
      await store.close();
      await boot();
    },
    async close() {
      await server.close();
      await store.close();
      await connector.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
