/**
 * GET /metrics over HTTP after real traffic: turns driven through the server, a reminder run whose
 * first send Teams answers 429 (the fake connector), then one scrape, read as Prometheus text.
 */
import { startServer, type RunningServer } from '../../app/server';
import { TeamsSender } from '../../bot/teams-sender';
import type { RecordedRequest } from '../support/fake-connector';
import { testServerOptions } from '../support/server-options';
import { invoke, message, personalChat, postActivity, type Person } from '../support/teams-activities';
import { delivery } from '../storage/store-contract-outbox';
import { HOME_THREAD, managers, profile, startWorld, type SchedulerWorld } from '../scheduler/scheduler-support';

let world: SchedulerWorld;
let server: RunningServer;
afterEach(async () => {
  await server?.close();
  await world?.close();
});

const officer: Person = { id: '29:officer', ...managers.draftingOfficer };
const chat = personalChat(officer);

/** `name{labels} value` lines of the Prometheus text format, keyed by everything before the value. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

async function scrape(): Promise<{ contentType: string | null; samples: Map<string, number> }> {
  const res = await fetch(`${server.url}/metrics`);
  expect(res.status).toBe(200);
  return { contentType: res.headers.get('content-type'), samples: parse(await res.text()) };
}

const P = 'decision_tracker_';
const turns = (kind: string, verb: string, outcome: string) =>
  `${P}turns_total{kind="${kind}",verb="${verb}",outcome="${outcome}"}`;

test('turns by verb and outcome, their latency, deliveries by outcome and state, and the 429s met', async () => {
  world = await startWorld({ at: '2022-09-30T08:00:00Z' });
  server = await startServer(testServerOptions(world.store, profile, { clock: world.clock }));
  const url = world.connector.url;
  const say = async (text: string) =>
    expect((await postActivity(server.url, message(url, officer, chat, text))).status).toBe(200);
  const click = async (verb: string, data: Record<string, unknown>) =>
    expect((await postActivity(server.url, invoke(url, officer, chat, verb, data))).status).toBe(200);

  const before = await scrape();
  expect(before.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(before.samples.get(`${P}throttled_total{call="send"}`)).toBe(0);
  expect([...before.samples.keys()].filter((k) => k.startsWith(`${P}turns_total`))).toEqual([]);

  await say('help');
  await say('show PCD 1065');
  await say('show PCD 9999'); // no such decision: refused with a sentence
  await click('decision.show', { ref: 'PCD 1065' });
  await click('declaration.tick', { ref: 'PCD 1065', version: 0, item: 'finance' }); // stale version: refused
  await server.bot.publisher.idle();

  const home = (r: RecordedRequest) =>
    (r.route === 'sendToConversation' || r.route === 'replyToActivity') && r.conversationId === HOME_THREAD;
  world.connector.failNext(1, { status: 429, headers: { 'Retry-After': '2' } }, home);
  // The reminders go out through the server's adapter, whose connector clients count the 429.
  const sender = new TeamsSender({ adapter: server.adapter, botAppId: '', store: world.store });
  const run = await world.scheduler({ adapter: server.adapter, sender, metrics: server.metrics }).runOnce();
  expect(run).toMatchObject({ sent: 3, retried: 1, failed: 0 });

  const { samples } = await scrape();
  expect(samples.get(turns('message', 'help', 'ok'))).toBe(1);
  expect(samples.get(turns('message', 'show', 'ok'))).toBe(1);
  expect(samples.get(turns('message', 'show', 'refused'))).toBe(1);
  expect(samples.get(turns('invoke', 'decision.show', 'ok'))).toBe(1);
  expect(samples.get(turns('invoke', 'declaration.tick', 'refused'))).toBe(1);
  expect(samples.get(turns('invoke', 'declaration.tick', 'ok'))).toBeUndefined();
  const help = `kind="message",verb="help",outcome="ok"`;
  expect(samples.get(`${P}turn_duration_seconds_count{${help}}`)).toBe(1);
  expect(samples.get(`${P}turn_duration_seconds_bucket{le="+Inf",${help}}`)).toBe(1);
  expect(samples.get(`${P}turn_duration_seconds_sum{${help}}`)).toBeGreaterThan(0);

  expect(samples.get(`${P}deliveries_total{outcome="sent"}`)).toBe(3);
  expect(samples.get(`${P}deliveries_total{outcome="retried"}`)).toBe(1);
  expect(samples.get(`${P}throttled_total{call="send"}`)).toBe(1);
  expect(samples.get(`${P}throttled_total{call="update"}`)).toBe(0);
  expect(samples.get(`${P}outbox_deliveries{state="sent"}`)).toBe(3);
  expect(samples.get(`${P}outbox_deliveries{state="pending"}`)).toBe(0);
  expect(samples.get(`${P}outbox_depth`)).toBe(0);
  expect(samples.get(`${P}card_updates_pending`)).toBe(0);
  expect(samples.get(`${P}process_resident_memory_bytes`)).toBeGreaterThan(0);
});

test('the outbox by state and its depth are read from the store at each scrape', async () => {
  world = await startWorld({ at: '2022-09-30T08:00:00Z' });
  server = await startServer(testServerOptions(world.store, profile, { clock: world.clock }));
  const first = await scrape();
  expect(first.samples.get(`${P}outbox_depth`)).toBe(0);
  await world.store.enqueueDeliveries([
    delivery('a'),
    delivery('b'),
    delivery('c', { state: 'sending' }),
    delivery('d', { state: 'failed' }),
  ]);
  const { samples } = await scrape();
  expect(samples.get(`${P}outbox_deliveries{state="pending"}`)).toBe(2);
  expect(samples.get(`${P}outbox_deliveries{state="sending"}`)).toBe(1);
  expect(samples.get(`${P}outbox_deliveries{state="failed"}`)).toBe(1);
  expect(samples.get(`${P}outbox_depth`)).toBe(3);
});

test('decision cards are counted as expanded or served again from the recent ones', async () => {
  world = await startWorld({ at: '2022-09-30T08:00:00Z' });
  server = await startServer(testServerOptions(world.store, profile, { clock: world.clock }));
  const cards = (samples: Map<string, number>) => ({
    cached: samples.get(`${P}decision_cards_total{made="cached"}`) ?? NaN,
    expanded: samples.get(`${P}decision_cards_total{made="expanded"}`) ?? NaN,
  });
  const before = cards((await scrape()).samples);
  // The same person asking twice for the same version sees the same card: the second is not expanded again.
  for (let i = 0; i < 2; i++)
    expect(
      (await postActivity(server.url, invoke(world.connector.url, officer, chat, 'decision.show', { ref: 'PCD 1065' })))
        .status,
    ).toBe(200);
  const after = cards((await scrape()).samples);
  expect(after.cached - before.cached).toBeGreaterThanOrEqual(1);
  expect(after.cached + after.expanded - (before.cached + before.expanded)).toBe(2);
});
