/** ALLOWED_TENANTS: activities from other tenants get no reply and change nothing. */
import { startHarness, type Harness } from '../support/bot-harness';
import { TENANT, channelThread, invoke, person } from '../support/teams-activities';

const officer = person('t1', 'Tara Officer');
const home = channelThread('1700000000200');
const OTHER_TENANT = '99999999-9999-9999-9999-999999999999';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ people: [officer], admins: [officer], allowedTenants: [TENANT] });
});
afterAll(async () => h.close());

test('a message from an allowed tenant is answered', async () => {
  await h.say(officer, home, 'help');
  expect(h.connector.sent.length).toBe(1);
});

test('a message from another tenant gets no reply and changes nothing', async () => {
  const before = h.connector.sent.length;
  const res = await h.say(officer, home, 'new Sneaky decision', { tenant: OTHER_TENANT });
  expect(res.status).toBe(200);
  expect(h.connector.sent.length).toBe(before);
  expect(await h.store.listDecisions()).toHaveLength(0);
});

test('an invoke from another tenant is refused without a card', async () => {
  const res = await h.post(
    invoke(
      h.connector.url,
      officer,
      home,
      'declaration.tick',
      { ref: 'PCD 1066', version: 1, item: 'financial-advice' },
      undefined,
      { tenant: OTHER_TENANT },
    ),
  );
  expect(res.status).toBe(403);
  expect(h.connector.sent.length).toBe(1);
});
