/**
 * The shared card's updates meet Teams' refusals through the server's adapter (with its
 * onTurnError): 412 and 5xx are backed off and retried until the update lands, once; a 403 (the
 * bot removed from the team) leaves the card as it is, logged as a warning, failing no turn.
 */
import { startHarness, type Harness } from '../support/bot-harness';
import { cardOf, cardText } from '../support/card-query';
import { channelThread, person } from '../support/teams-activities';

const officer = person('uf', 'Uma Faults');
const home = channelThread('1700000000600');
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ people: [officer], admins: [officer] });
  await h.say(officer, home, 'new PCD 4100 Card faults');
});
afterAll(async () => h.close());

const homeId = async () => (await h.store.getDecision('PCD 4100'))!.home!.cardActivityId!;
const updatesOf = (id: string) =>
  h.connector.requests.filter((r) => r.route === 'updateActivity' && r.activityId === id);

test.each([
  [412, 1],
  [502, 2],
  [504, 1],
])('an update answered %i (%i times) is retried with backoff and lands once', async (status, times) => {
  const id = await homeId();
  const before = updatesOf(id).length;
  h.connector.failNext(times, { status }, 'updateActivity');
  const amount = `£${status},000`;
  await h.say(officer, home, `fund PCD 4100 | Outreach ${status} | 2024/25 ${amount} | Core funding`);
  await h.settle();
  expect(
    updatesOf(id)
      .slice(before)
      .map((r) => r.status),
  ).toEqual([...Array<number>(times).fill(status), 200]);
  const landed = h.connector.updated.filter((u) => u.activityId === id).at(-1)!;
  expect(cardText(cardOf(landed.activity))).toContain(amount);
});

test('a 403 on an update leaves the card as it is, and no turn fails', async () => {
  const id = await homeId();
  const before = h.connector.updated.length;
  h.connector.failNext(1, { status: 403 }, 'updateActivity');
  await h.say(officer, home, 'fund PCD 4100 | Outreach | 2024/25 £1 | Core funding');
  await h.settle();
  expect(updatesOf(id).at(-1)!.status).toBe(403);
  expect(h.connector.updated.length).toBe(before);
  expect(await homeId()).toBe(id);
});
