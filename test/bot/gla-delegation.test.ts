/** The scheme of delegation comes from the governance profile: under GLA's, £150,000 is the
 * Executive Director's and £150,000.01 the Mayor's. */
import { startHarness, type Harness } from '../support/bot-harness';
import { channelThread, person } from '../support/teams-activities';

const officer = person('g1', 'Grace Officer');
const home = channelThread('1700000000100');
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ people: [officer], admins: [officer], profile: 'gla' });
});
afterAll(async () => h.close());

const lastText = () =>
  String([...h.connector.sent].reverse().find((s) => typeof s.activity.text === 'string')?.activity.text ?? '');

async function submitWith(amount: string): Promise<string | null> {
  const before = h.connector.sent.length;
  await h.say(officer, home, 'new Youth programme');
  const created = h.connector.sent.slice(before).length;
  expect(created).toBeGreaterThan(0);
  const ref = (await h.store.listDecisions())
    .map((s) => s.decision)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.ref.localeCompare(a.ref))[0]!.ref;
  expect(ref).toMatch(/^MD \d+$/);
  await h.say(officer, home, `fund ${ref} | Youth programme | 2024/25 ${amount} | GLA budget`);
  const version = (await h.store.getDecision(ref))!.decision.version;
  await h.click(officer, home, 'decision.update', { ref, version, recommendations: 'Approve the programme.' });
  await h.say(officer, home, `submit ${ref}`);
  return (await h.store.getDecision(ref))!.decision.decisionMakerRole;
}

test('£150,000 goes to the Executive Director', async () => {
  expect(await submitWith('£150,000')).toBe('executive-director');
  expect(lastText()).toMatch(/Executive Director/);
});

test('£150,000.01 goes to the Mayor', async () => {
  expect(await submitWith('£150,000.01')).toBe('mayor');
  expect(lastText()).toMatch(/Mayor/);
});
