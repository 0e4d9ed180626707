/**
 * One card per decision, updated in place: the shared card follows every change; if its
 * message is gone a fresh card is posted and remembered; Teams throttling is waited out; and
 * clients without Universal Actions work through Action.Submit.
 */
import { startHarness, type Harness } from '../support/bot-harness';
import type { RecordedRequest } from '../support/fake-connector';
import { cardOf, cardText } from '../support/card-query';
import { channelThread, person, submitAction } from '../support/teams-activities';

const officer = person('lc', 'Liz Officer');
const home = channelThread('1700000000500');
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ people: [officer], admins: [officer] });
  await h.say(officer, home, 'new PCD 4000 Living card');
});
afterAll(async () => h.close());

const homeId = async () => (await h.store.getDecision('PCD 4000'))!.home!.cardActivityId!;

test('a change updates the shared card in place', async () => {
  const id = await homeId();
  await h.say(officer, home, 'fund PCD 4000 | Outreach | 2024/25 £12,345.67 | Core funding');
  await h.settle();
  const update = h.connector.updated.filter((u) => u.activityId === id).pop();
  expect(update).toBeDefined();
  expect(update!.conversationId).toBe(home.conversationId);
  expect(cardText(cardOf(update!.activity))).toContain('£12,345.67');
});

test('a throttled update (429 with Retry-After) is retried and lands once', async () => {
  const id = await homeId();
  const before = h.connector.updated.length;
  h.connector.failNext(1, { status: 429, headers: { 'Retry-After': '1' } }, 'updateActivity');
  await h.say(officer, home, 'fund PCD 4000 | Outreach | 2024/25 £20,000 | Core funding');
  await h.settle();
  const updates = h.connector.updated.slice(before).filter((u) => u.activityId === id);
  expect(updates).toHaveLength(1);
  expect(cardText(cardOf(updates[0]!.activity))).toContain('£20,000');
  // GET /metrics counts the 429 the update met (the connector client's own retry waited it out).
  const metrics = await (await fetch(`${h.server.url}/metrics`)).text();
  expect(metrics).toMatch(/^decision_tracker_throttled_total\{call="update"\} 1$/m);
  expect(metrics).toMatch(/^decision_tracker_throttled_total\{call="send"\} 0$/m);
});

test('if the card message is gone, a fresh card is posted and becomes the home card', async () => {
  const oldId = await homeId();
  h.connector.failNext(1, { status: 404 }, 'updateActivity');
  const before = h.connector.sent.length;
  await h.say(officer, home, 'fund PCD 4000 | Outreach | 2024/25 £30,000 | Core funding');
  await h.settle();
  const fresh = h.connector.sent.slice(before).filter((s) => cardOf(s.activity));
  expect(fresh).toHaveLength(1);
  expect(fresh[0]!.conversationId).toBe(home.conversationId);
  const newId = await homeId();
  expect(newId).not.toBe(oldId);
  expect(newId).toBe(fresh[0]!.id);
});

test('a change made while the card is being re-posted updates the fresh card, not the one that is gone', async () => {
  const oldId = await homeId();
  const cardPost = (r: RecordedRequest) =>
    r.method === 'POST' && JSON.stringify(r.body).includes('application/vnd.microsoft.card.adaptive');
  h.connector.failNext(1, { status: 404 }, 'updateActivity');
  // The re-post is throttled for a second: the next change is written meanwhile, naming the old message.
  h.connector.failNext(1, { status: 429, headers: { 'Retry-After': '1' } }, cardPost);
  const before = { sent: h.connector.sent.length, updated: h.connector.updated.length };
  await h.say(officer, home, 'fund PCD 4000 | Outreach | 2024/25 £40,000 | Core funding');
  await h.connector.waitFor(() => h.connector.requests.some((r) => cardPost(r) && r.status === 429));
  await h.say(officer, home, 'fund PCD 4000 | Outreach | 2024/25 £50,000 | Core funding');
  await h.settle();
  const fresh = h.connector.sent.slice(before.sent).filter((s) => cardOf(s.activity));
  expect(fresh).toHaveLength(1);
  const newId = await homeId();
  expect(newId).toBe(fresh[0]!.id);
  const updates = h.connector.updated.slice(before.updated);
  expect(updates.filter((u) => u.activityId === oldId)).toHaveLength(0);
  expect(cardText(cardOf(updates.at(-1)!.activity))).toContain('£50,000');
  expect(updates.at(-1)!.activityId).toBe(newId);
});

test('Action.Submit (clients without Universal Actions) runs the same verb and updates the card it came from', async () => {
  const id = await homeId();
  const version = (await h.store.getDecision('PCD 4000'))!.decision.version;
  const before = h.connector.updated.length;
  const res = await h.post(
    submitAction(
      h.connector.url,
      officer,
      home,
      { verb: 'decision.update', ref: 'PCD 4000', version, summary: 'Submitted the old way.' },
      id,
    ),
  );
  expect(res.status).toBe(200);
  expect((await h.store.getDecision('PCD 4000'))!.decision.summary).toBe('Submitted the old way.');
  await h.settle();
  const updated = h.connector.updated.slice(before).filter((u) => u.activityId === id);
  expect(updated.length).toBeGreaterThan(0);
  expect(cardText(cardOf(updated[updated.length - 1]!.activity))).toContain('Submitted the old way.');
});
