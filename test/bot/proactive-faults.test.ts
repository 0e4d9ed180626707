/**
 * Proactive sends through the server's own adapter, as in production. That adapter has an
 * onTurnError, and botbuilder hands an error thrown in a proactive turn to it instead of the
 * caller: a failed send must still reach the dispatcher (retried, or recorded as undeliverable)
 * and the card publisher, and no turn may fail.
 */
import { startHarness, type Harness } from '../support/bot-harness';
import { homeRefOf, seedAtHome } from './home-decision';
import type { RecordedRequest } from '../support/fake-connector';
import { channelThread, person } from '../support/teams-activities';
import { recordingLogger } from '../support/turn-failures';
import { createScheduler, type Scheduler } from '../../scheduler/scheduler';
import { TeamsSender } from '../../bot/teams-sender';
import { toConversationReference } from '../../bot/conversation-reference';
import type { ConversationRef } from '../../storage/store';
import { FakeClock, profile } from '../scheduler/scheduler-support';

const admin = person('pf', 'Petra Faults');
const home = channelThread('1637000000000');
const clock = new FakeClock('2022-09-30T08:00:00Z');
let h: Harness;
let scheduler: Scheduler;

const toHome = (r: RecordedRequest) =>
  (r.route === 'sendToConversation' || r.route === 'replyToActivity') && r.conversationId === home.conversationId;
const homeRef = (): ConversationRef => homeRefOf(h, home.conversationId);
const homeDelivery = async () => (await h.store.listDeliveries()).find((d) => 'conversationId' in d.target)!;

beforeEach(async () => {
  h = await startHarness({ people: [admin], admins: [admin], clock });
  await seedAtHome(h, home.conversationId);
  scheduler = schedulerWith(15_000);
});

/** The scheduler as the server runs it: the Teams sender on the server's own adapter (with its onTurnError). */
function schedulerWith(sendTimeoutMs: number): Scheduler {
  const sender = new TeamsSender({ adapter: h.server.adapter, botAppId: '', store: h.store, timeoutMs: sendTimeoutMs });
  return createScheduler({
    store: h.store,
    profile,
    adapter: h.server.adapter,
    sender,
    clock,
    logger: recordingLogger('the scheduler'),
    dispatch: { random: () => 0.5 },
  });
}
afterEach(async () => {
  await scheduler.stop();
  await h.close();
});

test('a send the connector answers with 500 is retried, not counted as sent', async () => {
  h.connector.failNext(1, { status: 500 }, toHome);
  expect(await scheduler.runOnce()).toMatchObject({ sent: 1, retried: 1 });
  expect(h.connector.requests.filter(toHome).map((r) => r.status)).toEqual([500, 200]);
  expect(await homeDelivery()).toMatchObject({ state: 'sent', attempts: 2, activityId: expect.any(String) });
});

test.each([403, 404])('a send the connector refuses with %i is undeliverable, with Teams’ reason', async (status) => {
  h.connector.failNext(1, { status }, toHome);
  expect(await scheduler.runOnce()).toMatchObject({ sent: 0, undeliverable: 1 });
  expect(h.connector.requests.filter(toHome).map((r) => r.status)).toEqual([status]);
  expect(await homeDelivery()).toMatchObject({
    state: 'undeliverable',
    activityId: null,
    lastError: expect.stringMatching(new RegExp(`HTTP ${status}: fake connector scripted ${status}`)),
  });
});

test('a 429 waits for its Retry-After, then the send is retried and counted once', async () => {
  h.connector.failNext(1, { status: 429, headers: { 'Retry-After': '7' } }, toHome);
  const start = clock.now().getTime();
  expect(await scheduler.runOnce()).toMatchObject({ sent: 1, retried: 1 });
  expect(clock.now().getTime() - start).toBeGreaterThanOrEqual(7000);
  expect(h.connector.requests.filter(toHome).map((r) => r.status)).toEqual([429, 200]);
  expect(await homeDelivery()).toMatchObject({ state: 'sent', attempts: 2, activityId: expect.any(String) });
});

test.each([412, 502, 504])('a %i is transient: backed off, retried, sent once', async (status) => {
  h.connector.failNext(1, { status }, toHome);
  expect(await scheduler.runOnce()).toMatchObject({ sent: 1, retried: 1 });
  // One request per attempt: the outbox's client has no retries of its own hidden from the dispatcher.
  expect(h.connector.requests.filter(toHome).map((r) => r.status)).toEqual([status, 200]);
  expect(h.connector.sent.filter((s) => s.conversationId === home.conversationId)).toHaveLength(1);
});

test('a send that times out is retried, and sent once', async () => {
  await scheduler.stop();
  scheduler = schedulerWith(300);
  h.connector.failNext(1, { hang: true }, toHome);
  expect(await scheduler.runOnce()).toMatchObject({ sent: 1, retried: 1 });
  expect(h.connector.requests.filter(toHome).map((r) => r.status)).toEqual(['hung', 200]);
  expect(await homeDelivery()).toMatchObject({ state: 'sent', attempts: 2 });
});

test('a send the connector answers without an activity id is not recorded as sent', async () => {
  h.connector.failNext(1, { status: 200, body: {} }, toHome);
  expect(await scheduler.runOnce()).toMatchObject({ sent: 0, failed: 1 });
  expect(await homeDelivery()).toMatchObject({
    state: 'failed',
    activityId: null,
    lastError: expect.stringMatching(/without a message id/),
  });
});

test('after an outbox send, the shared connector client still retries for everyone else', async () => {
  expect(await scheduler.runOnce()).toMatchObject({ sent: 1 });
  // A proactive turn on the server's adapter (the client the card publisher's posts and roster lookups share)…
  h.connector.failNext(1, { status: 500 }, toHome);
  await h.server.adapter.continueConversationAsync('', toConversationReference(homeRef()), async (context) => {
    await context.sendActivity('after the reminder');
  });
  // …and a reply in an ordinary turn: both still have the SDK's own retry.
  h.connector.failNext(
    1,
    { status: 500 },
    (r) => r.route === 'replyToActivity' && r.conversationId === home.conversationId,
  );
  await h.say(admin, home, 'help');
  const statuses = h.connector.requests.filter(toHome).map((r) => r.status);
  expect(statuses).toEqual([200, 500, 200, 500, 200]);
  expect(h.connector.sent.filter((s) => s.conversationId === home.conversationId)).toHaveLength(3);
});
