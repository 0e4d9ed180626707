/**
 * Teams refuses a message over about 100 KB of UTF-16 with 413 MessageSizeTooBig (reactions added
 * to the card count too). A refused update of the shared card is made again at the next squeeze
 * level and sent, rather than leaving the card stale.
 */
import { SQUEEZES } from '../../cards/card-squeeze';
import { startHarness, type Harness } from '../support/bot-harness';
import { cardOf, cardText } from '../support/card-query';
import type { RecordedRequest } from '../support/fake-connector';
import { channelThread, person } from '../support/teams-activities';

const officer = person('tb', 'Tess Officer');
const home = channelThread('1700000000413');
const tooBig = {
  status: 413,
  body: { error: { code: 'MessageSizeTooBig', message: 'Message size too big.' } },
};
// Five financial years: the card lists each line with its years, until it is squeezed.
const YEARS = '2022/23 £1,000, 2023/24 £2,000, 2024/25 £3,000, 2025/26 £4,000, 2026/27 £5,000';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ people: [officer], admins: [officer] });
  await h.say(officer, home, 'new PCD 4100 Card too big');
  await h.say(officer, home, `fund PCD 4100 | First service | ${YEARS} | Core funding`);
  await h.settle();
});
afterAll(async () => h.close());

const homeId = async () => (await h.store.getDecision('PCD 4100'))!.home!.cardActivityId!;
const updatesOf = (id: string, since: number) =>
  h.connector.requests.slice(since).filter((r) => r.route === 'updateActivity' && r.activityId === id);
const cardIn = (r: RecordedRequest) => JSON.stringify(cardOf(r.body));

test('an update refused with 413 is sent again, smaller, and the card shows the change', async () => {
  const id = await homeId();
  const since = h.connector.requests.length;
  h.connector.failNext(1, tooBig, 'updateActivity');
  await h.say(officer, home, `fund PCD 4100 | Second service | ${YEARS} | Police Grant`);
  await h.settle();
  const [refused, accepted, ...more] = updatesOf(id, since);
  expect(more).toEqual([]);
  expect(refused!.status).toBe(413);
  expect(accepted!.status).toBe(200);
  // Both name the new line; the one sent after the 413 leaves each line's years to the totals by year.
  expect(cardIn(refused!)).toContain('**Second service** (Police Grant): £15,000');
  expect(cardIn(accepted!)).toContain('{"title":"Second service (Police Grant)","value":"£15,000"}');
  expect(cardIn(accepted!).length).toBeLessThan(cardIn(refused!).length);
  expect(cardText(cardOf(accepted!.body))).toContain('Totals by financial year');
  expect(await homeId()).toBe(id);
});

test('each later update starts again from the whole card', async () => {
  const id = await homeId();
  const since = h.connector.requests.length;
  await h.say(officer, home, `fund PCD 4100 | Third service | ${YEARS} | Police Grant`);
  await h.settle();
  const [update, ...more] = updatesOf(id, since);
  expect(more).toEqual([]);
  expect(update!.status).toBe(200);
  expect(cardIn(update!)).toContain('**Third service** (Police Grant): £15,000');
});

test('refused at every level, the card is tried once per level and left for the next change', async () => {
  const id = await homeId();
  const since = h.connector.requests.length;
  h.connector.failNext(SQUEEZES.length, tooBig, 'updateActivity');
  await h.say(officer, home, `fund PCD 4100 | Fourth service | ${YEARS} | Police Grant`);
  await h.settle();
  const attempts = updatesOf(id, since);
  expect(attempts.map((r) => r.status)).toEqual(SQUEEZES.map(() => 413));
  // Not re-posted: a card too big to update would be too big to post.
  expect(h.connector.requests.slice(since).filter((r) => r.route === 'sendToConversation' && cardOf(r.body))).toEqual(
    [],
  );
  const next = h.connector.requests.length;
  await h.say(officer, home, `fund PCD 4100 | Fifth service | ${YEARS} | Police Grant`);
  await h.settle();
  expect(updatesOf(id, next).map((r) => r.status)).toEqual([200]);
});
