/**
 * Teams' failures, scripted in the fake connector, against the real dispatcher and adapter:
 * every reminder is delivered exactly once, or recorded as undeliverable / failed, never twice.
 */
import type { RecordedRequest } from '../support/fake-connector';
import { TeamsSender } from '../../bot/teams-sender';
import { HOME_THREAD, managers, startWorld, type SchedulerWorld } from './scheduler-support';

let world: SchedulerWorld;
afterEach(async () => world?.close());

/** Proactive sends reach the connector as replies to the continuation activity (botbuilder's way) or as new posts. */
const isSend = (r: RecordedRequest) => r.route === 'sendToConversation' || r.route === 'replyToActivity';
const toHome = (r: RecordedRequest) => isSend(r) && r.conversationId === HOME_THREAD;
const homeRequests = () => world.connector.requests.filter(toHome).map((r) => r.status);
const homeSends = () => world.connector.sent.filter((s) => s.conversationId === HOME_THREAD);
const homeDelivery = async () => (await world.deliveries()).find((d) => 'conversationId' in d.target)!;

async function runAt(at = '2022-09-30T08:00:00Z', options: Parameters<SchedulerWorld['scheduler']>[0] = {}) {
  world = await startWorld({ at });
  return world.scheduler(options);
}

test('429 with Retry-After: waits as long as it says, then delivers once', async () => {
  const scheduler = await runAt();
  world.connector.failNext(1, { status: 429, headers: { 'Retry-After': '3' } }, toHome);
  const start = world.clock.now().getTime();
  expect(await scheduler.runOnce()).toMatchObject({ sent: 3, retried: 1, failed: 0 });
  expect(homeRequests()).toEqual([429, 200]);
  expect(homeSends()).toHaveLength(1);
  expect(world.clock.now().getTime() - start).toBeGreaterThanOrEqual(3000);
  expect(await homeDelivery()).toMatchObject({ state: 'sent', attempts: 2, lastError: null });
});

test('429 without Retry-After: backs off and delivers once', async () => {
  const scheduler = await runAt();
  world.connector.failNext(2, { status: 429 }, toHome);
  const start = world.clock.now().getTime();
  expect(await scheduler.runOnce()).toMatchObject({ sent: 3, retried: 2 });
  expect(homeRequests()).toEqual([429, 429, 200]);
  expect(homeSends()).toHaveLength(1);
  // Jitter fixed at the middle: 750 ms, then 1,500 ms.
  expect(world.clock.now().getTime() - start).toBeGreaterThanOrEqual(2250);
});

test('500 twice then 200: delivered once after two retries', async () => {
  const scheduler = await runAt();
  world.connector.failNext(2, { status: 500 }, toHome);
  expect(await scheduler.runOnce()).toMatchObject({ sent: 3, retried: 2 });
  expect(homeRequests()).toEqual([500, 500, 200]);
  expect(homeSends()).toHaveLength(1);
  expect(await homeDelivery()).toMatchObject({ state: 'sent', attempts: 3 });
});

test('a send whose request never arrives (it hangs past the timeout) is retried and delivered once', async () => {
  const scheduler = await runAt('2022-09-30T08:00:00Z', { sendTimeoutMs: 300 });
  world.connector.failNext(1, { hang: true }, toHome);
  expect(await scheduler.runOnce()).toMatchObject({ sent: 3, retried: 1 });
  expect(homeRequests()).toEqual(['hung', 200]);
  expect(homeSends()).toHaveLength(1);
  expect(await homeDelivery()).toMatchObject({ state: 'sent', attempts: 2 });
});

/** Resolves once check() holds (the late answer is handled in the background, in real time). */
async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  for (const until = Date.now() + timeoutMs; !(await check());) {
    if (Date.now() > until) throw new Error(`not so within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What the person sees in the channel: what the connector took, less what the bot deleted. */
const visibleHome = () => homeSends().filter((s) => !world.connector.deleted.some((d) => d.activityId === s.id));

test('a send that hangs past the timeout and lands after the retry: the late copy is withdrawn, one reminder stays', async () => {
  const scheduler = await runAt('2022-09-30T08:00:00Z', { sendTimeoutMs: 300 });
  world.connector.failNext(1, { hang: true, deliverAfterMs: 900 }, toHome);
  expect(await scheduler.runOnce()).toMatchObject({ sent: 3, retried: 1 });
  expect(homeRequests()).toEqual(['late', 200]);
  const retry = homeSends()[0]!;
  // Teams takes the first request after the sender gave up: for a moment the reminder is there twice.
  const late = await world.connector.waitForSent((s) => s.conversationId === HOME_THREAD && s.late === true, 5000);
  await world.connector.waitFor(() => world.connector.deleted.length > 0, 5000);
  expect(world.connector.deleted).toEqual([
    expect.objectContaining({ activityId: late.id, conversationId: HOME_THREAD }),
  ]);
  expect(visibleHome().map((s) => s.id)).toEqual([retry.id]);
  expect(await homeDelivery()).toMatchObject({ state: 'sent', activityId: retry.id, attempts: 2 });
});

test('a send that hangs past the timeout and lands before the retry is due: recorded as sent, never sent again', async () => {
  // The retry falls beyond the inline wait, so it is left for a later run.
  const scheduler = await runAt('2022-09-30T08:00:00Z', {
    sendTimeoutMs: 300,
    dispatch: { random: () => 0.5, backoffBaseMs: 120_000 },
  });
  world.connector.failNext(1, { hang: true, deliverAfterMs: 600 }, toHome);
  expect(await scheduler.runOnce()).toMatchObject({ sent: 2, retried: 1 });
  expect(homeSends()).toHaveLength(0);
  const late = await world.connector.waitForSent((s) => s.conversationId === HOME_THREAD && s.late === true, 5000);
  await eventually(async () => (await homeDelivery()).state === 'sent');
  world.clock.advance(3 * 60_000);
  await scheduler.runOnce();
  expect(homeRequests()).toEqual(['late']);
  expect(visibleHome().map((s) => s.id)).toEqual([late.id]);
  expect(await homeDelivery()).toMatchObject({ state: 'sent', activityId: late.id, lastError: null });
});

test('5xx that never ends: retried up to the limit, then failed with the reason, and left alone after', async () => {
  const scheduler = await runAt('2022-09-30T08:00:00Z', { dispatch: { random: () => 0.5, maxAttempts: 4 } });
  world.connector.failNext(100, { status: 503 }, toHome);
  expect(await scheduler.runOnce()).toMatchObject({ sent: 2, retried: 3, failed: 1 });
  expect(homeRequests()).toEqual([503, 503, 503, 503]);
  expect(await homeDelivery()).toMatchObject({
    state: 'failed',
    attempts: 4,
    lastError: expect.stringMatching(/gave up after 4 attempts.*503/),
  });
  world.clock.advance(24 * 3600_000);
  await scheduler.runOnce();
  expect(homeRequests()).toHaveLength(4);
});

test.each([403, 404])('%i: recorded as undeliverable and never retried', async (status) => {
  const scheduler = await runAt();
  world.connector.failNext(1, { status }, toHome);
  expect(await scheduler.runOnce()).toMatchObject({ sent: 2, undeliverable: 1, retried: 0 });
  expect(await homeDelivery()).toMatchObject({
    state: 'undeliverable',
    lastError: expect.stringContaining(String(status)),
  });
  world.clock.advance(3600_000);
  await scheduler.runOnce();
  expect(homeRequests()).toEqual([status]);
  expect(homeSends()).toHaveLength(0);
});

const directorDelivery = async () =>
  (await world.deliveries()).find(
    (d) => 'userAadObjectId' in d.target && d.target.userAadObjectId === managers.director.aadObjectId,
  )!;

test('a person Teams will not start a chat with (app not installed for them) gets an @mention in the channel instead', async () => {
  const scheduler = await runAt();
  // The director is in the channel's roster, but the app is in no team of theirs and not installed personally.
  world.connector.setTenant({ teams: [] });
  expect(await scheduler.runOnce()).toMatchObject({ sent: 3, undeliverable: 0 });
  expect(world.connector.requests.filter((r) => r.route === 'createConversation').map((r) => r.status)).toEqual([403]);
  const mentions = homeSends().filter((s) => (s.activity.entities ?? []).length > 0);
  expect(mentions).toHaveLength(1);
  expect(mentions[0]!.activity.text).toMatch(/^<at>Director of Commissioning & Partnerships<\/at> /);
  expect(mentions[0]!.activity.entities).toEqual([
    {
      type: 'mention',
      mentioned: { id: '29:manager-2', name: managers.director.name },
      text: `<at>${managers.director.name}</at>`,
    },
  ]);
  expect(await directorDelivery()).toMatchObject({
    state: 'sent',
    activityId: mentions[0]!.id,
    payload: { reachedBy: 'channel-mention', fallbackReason: 'no personal chat: the app is not installed for them' },
  });
  expect(await world.store.getConversation(`personal:${managers.director.aadObjectId}`)).toBeNull();
});

test('a person in no roster the bot can see is undeliverable with the reason, never sent under an AAD id', async () => {
  const scheduler = await runAt();
  world.connector.setMembers([]);
  world.connector.setTenant({});
  expect(await scheduler.runOnce()).toMatchObject({ sent: 2, undeliverable: 1 });
  expect(await directorDelivery()).toMatchObject({
    state: 'undeliverable',
    lastError: expect.stringMatching(/is not in the roster of the decision's conversation/),
  });
  expect(world.connector.requests.filter((r) => r.route === 'createConversation')).toEqual([]);
});

test('429 on a new personal chat after it was created: the chat is kept and the retry reuses it', async () => {
  const scheduler = await runAt();
  world.connector.failNext(
    1,
    { status: 429, headers: { 'Retry-After': '1' } },
    (r) => isSend(r) && r.conversationId === `a:personal-${managers.director.aadObjectId}`,
  );
  expect(await scheduler.runOnce()).toMatchObject({ sent: 3, retried: 1 });
  expect(world.connector.conversations).toHaveLength(1);
  const chat = world.connector.conversations[0]!.id;
  expect(world.connector.sent.filter((s) => s.conversationId === chat)).toHaveLength(1);
});

test('a process that dies after the send and before recording it does not send again after restart', async () => {
  await runAt();
  // Simulated in-process: the send to the channel happens, then the dispatcher never gets to record it.
  const real = new TeamsSender({ adapter: world.adapter, botAppId: '', store: world.store });
  let died: () => void = () => undefined;
  const death = new Promise<void>((resolve) => (died = resolve));
  const dying = world.scheduler({
    dispatch: { batchSize: 1, maxQueued: 1 }, // one at a time, so the dead dispatcher does nothing else
    sender: {
      conversationOf: (t) => real.conversationOf(t),
      withdraw: (message, via) => real.withdraw(message, via),
      async send(target, message, via) {
        const sent = await real.send(target, message, via);
        if ('conversationId' in target) {
          died();
          return new Promise<never>(() => undefined); // the process is gone: nothing after the send runs
        }
        return sent;
      },
    },
  });
  void dying.runOnce();
  await death;
  expect(homeSends()).toHaveLength(1);

  await world.reopen();
  world.clock.advance(11 * 60_000); // past the 10-minute lease
  const after = await world.scheduler().runOnce();
  expect(after.inDoubt).toBe(1);
  expect(homeSends()).toHaveLength(1);
  expect(await homeDelivery()).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/in doubt/) });
  // Everyone else still gets theirs, once.
  expect(world.connector.sent).toHaveLength(3);
});
