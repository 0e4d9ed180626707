/**
 * Proactive sends through the server's own adapter, as in production. That adapter has an
 * onTurnError, and botbuilder hands an error thrown in a proactive turn to it instead of the
 * caller: a failed send must still reach the dispatcher (retried, or recorded as undeliverable)
 * and the card publisher, and no turn may fail.
 */
import { startHarness, type Harness } from '../support/bot-harness';
import type { RecordedRequest } from '../support/fake-connector';
import { BOT, TEAM_ID, TENANT, channelThread, person } from '../support/teams-activities';
import { recordingLogger } from '../support/turn-failures';
import { seedDecision } from '../fixtures/seed-decision';
import { createScheduler, type Scheduler } from '../../scheduler/scheduler';
import { TeamsSender } from '../../bot/teams-sender';
import type { ConversationRef } from '../../storage/store';
import { FakeClock, profile } from '../scheduler/scheduler-support';

const admin = person('pf', 'Petra Faults');
const home = channelThread('1637000000000');
const clock = new FakeClock('2022-09-30T08:00:00Z');
let h: Harness;
let scheduler: Scheduler;

const toHome = (r: RecordedRequest) => (r.route === 'sendToConversation' || r.route === 'replyToActivity') && r.conversationId === home.conversationId;
const homeDelivery = async () => (await h.store.listDeliveries()).find((d) => 'conversationId' in d.target)!;

beforeEach(async () => {
  h = await startHarness({ people: [admin], admins: [admin], clock });
  const homeRef: ConversationRef = {
    conversationId: home.conversationId,
    serviceUrl: h.connector.url,
    tenantId: TENANT,
    channelId: 'msteams',
    conversationType: 'channel',
    botId: BOT.id,
    botName: BOT.name,
    teamId: TEAM_ID,
  };
  const decision = seedDecision();
  await h.store.createDecision(decision, [{ type: 'decision.created', details: {} }], { actor: decision.createdBy, at: decision.createdAt }, { conversation: homeRef, cardActivityId: null });
  await h.store.saveConversation(`conversation:${home.conversationId}`, homeRef);
  const sender = new TeamsSender({ adapter: h.server.adapter, botAppId: '', store: h.store });
  scheduler = createScheduler({
    store: h.store,
    profile,
    adapter: h.server.adapter,
    sender,
    clock,
    logger: recordingLogger('the scheduler'),
    dispatch: { random: () => 0.5 },
  });
});
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

test('a send the connector refuses with 403 is undeliverable, with the reason', async () => {
  h.connector.failNext(1, { status: 403 }, toHome);
  expect(await scheduler.runOnce()).toMatchObject({ sent: 0, undeliverable: 1 });
  expect(await homeDelivery()).toMatchObject({ state: 'undeliverable', lastError: expect.stringContaining('403') });
});
