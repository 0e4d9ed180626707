/**
 * Per-role views as a Teams tenant shows them: the shared card's refresh lists the pending
 * holders' MRIs, and each holder's Teams client (the fake's, fake-teams.ts) refreshes it to their
 * own view over HTTP. Holders come from a role @mention (which carries only an MRI and a name:
 * the AAD object id comes from the roster) or from a typed AAD object id (the MRI is looked up
 * in the decision's home conversation when the card is built); one nobody's roster has is left out.
 */
import { startHarness, type Harness } from '../support/bot-harness';
import { actionsOf } from '../support/card-query';
import { clientViewOf, refreshingUsers } from '../support/fake-teams';
import { channelThread, person } from '../support/teams-activities';

const admin = person('a1', 'Ada Admin');
const drafter = person('d1', 'Dru Drafter');
const fay = person('f1', 'Fay Finance'); // role by @mention
const lee = person('1e', 'Lee Legal'); // role by typed AAD object id; never writes to the bot
const gus = person('9a05', 'Gus Ghost'); // role by typed id; in no roster the bot can see
const home = channelThread('1700000000900');
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ people: [admin, drafter, fay, lee], admins: [admin] });
  await h.say(admin, home, `role finance <at>${fay.name}</at>`, { mentions: [fay] });
  await h.say(admin, home, `role legal ${lee.aadObjectId}`);
  await h.say(admin, home, `role equalities ${gus.aadObjectId}`);
  await h.say(drafter, home, 'new PCD 3100 Views in a tenant');
  await h.say(drafter, home, 'fund PCD 3100 | Service | 2024/25 £100,000 | Core funding');
  const version = (await h.store.getDecision('PCD 3100'))!.decision.version;
  await h.click(drafter, home, 'decision.update', { ref: 'PCD 3100', version, recommendations: 'Approve it.' });
  await h.say(drafter, home, 'submit PCD 3100');
  await h.settle();
});
afterAll(async () => h.close());

const homeCardId = async () => (await h.store.getDecision('PCD 3100'))!.home!.cardActivityId!;
const ticksOf = (card: unknown) =>
  actionsOf(card)
    .filter((a) => a.verb === 'declaration.tick')
    .map((a) => a.data.item);

test('a role given by @mention is held under the AAD object id the roster gives, and both ids are kept', async () => {
  const holder = (await h.store.listRoleAssignments()).find((a) => a.role === 'finance')!.holder;
  expect(holder).toEqual({ aadObjectId: fay.aadObjectId, name: fay.name });
  expect(await h.store.listPeople([fay.aadObjectId])).toEqual([
    { aadObjectId: fay.aadObjectId, mri: fay.id, name: fay.name },
  ]);
});

test('the shared card refreshes for the pending holders by MRI, looked up when unknown, leaving out whom no roster has', async () => {
  const card = (h.connector.messageContent(home.conversationId, await homeCardId())!.attachments![0]!.content ??
    {}) as Record<string, unknown>;
  expect(refreshingUsers(card)).toEqual([fay.id, lee.id]);
  expect(JSON.stringify(card.refresh)).not.toContain(gus.aadObjectId);
  // Lee never wrote to the bot: their MRI came from the roster of the decision's channel.
  expect(h.connector.requests.some((r) => r.route === 'getConversationMember' && r.userId === lee.aadObjectId)).toBe(
    true,
  );
  expect(await h.store.listPeople([lee.aadObjectId, gus.aadObjectId])).toEqual([
    { aadObjectId: lee.aadObjectId, mri: lee.id, name: lee.name },
  ]);
});

test("each pending holder's Teams client refreshes the card to their own view; others see the shared card", async () => {
  const id = await homeCardId();
  const fayView = await clientViewOf(h.connector, h.server.url, fay, home, id);
  const leeView = await clientViewOf(h.connector, h.server.url, lee, home, id);
  expect([fayView.refreshed, leeView.refreshed]).toEqual([true, true]);
  expect(ticksOf(fayView.card)).toEqual(['finance']);
  expect(ticksOf(leeView.card)).toEqual(['legal']);
  const adminView = await clientViewOf(h.connector, h.server.url, admin, home, id);
  expect(adminView.refreshed).toBe(false);
  expect(ticksOf(adminView.card).length).toBeGreaterThan(2);
});

test('after a tick the refreshed list follows who still must act', async () => {
  const version = (await h.store.getDecision('PCD 3100'))!.decision.version;
  await h.click(fay, home, 'declaration.tick', { ref: 'PCD 3100', version, item: 'finance' });
  await h.settle();
  const card = h.connector.messageContent(home.conversationId, await homeCardId())!.attachments![0]!.content;
  expect(refreshingUsers(card)).toEqual([lee.id]);
  expect((await clientViewOf(h.connector, h.server.url, fay, home, await homeCardId())).refreshed).toBe(false);
});
