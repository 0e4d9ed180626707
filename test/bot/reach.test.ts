/**
 * Reaching people who have the app only through a team, or not at all. The decision's home is a
 * thread in a shared channel: Ruth is in the team the app is installed in, so Teams lets the bot
 * start a 1:1 chat with her (by her MRI, found in the channel's roster); Fiona is a member of the
 * shared channel only, in no team with the app and without it installed personally, so Teams
 * refuses her chat (403) and her reminder goes to the channel with an @mention of her.
 */
import { startHarness, type Harness } from '../support/bot-harness';
import { seedAtHome } from './home-decision';
import { cardOf, findAction } from '../support/card-query';
import { person, personalChat, type Place } from '../support/teams-activities';
import { recordingLogger } from '../support/turn-failures';
import { createScheduler, type Scheduler } from '../../scheduler/scheduler';
import { TeamsSender } from '../../bot/teams-sender';
import { FakeClock, profile } from '../scheduler/scheduler-support';

const admin = person('a1', 'Alice Admin');
const ruth = person('r1', 'Ruth Bloomfield'); // director, in the team
const fiona = person('f1', 'Fiona Finance'); // drafting officer, in the shared channel only
const home: Place = {
  conversationId: '19:shared-commissioning@thread.tacv2;messageid=1637000000000',
  conversationType: 'channel',
};
const clock = new FakeClock('2022-09-30T08:00:00Z');
let h: Harness;
let scheduler: Scheduler;

beforeAll(async () => {
  h = await startHarness({ people: [admin, ruth], outsiders: [fiona], admins: [admin], clock });
  await seedAtHome(h, home.conversationId);
  for (const [role, who] of [
    ['drafting-officer', fiona],
    ['director', ruth],
  ] as const)
    await h.store.addRoleAssignment({
      role,
      holder: { aadObjectId: who.aadObjectId, name: who.name },
      deputy: false,
      assignedBy: admin,
      assignedAt: '2021-01-01T00:00:00Z',
    });
  scheduler = createScheduler({
    store: h.store,
    profile,
    adapter: h.server.adapter,
    sender: new TeamsSender({ adapter: h.server.adapter, botAppId: '', store: h.store }),
    clock,
    logger: recordingLogger('the scheduler'),
  });
});
afterAll(async () => {
  await scheduler.stop();
  await h.close();
});

test('a team member gets the reminder in a 1:1 chat started with her MRI; a channel-only member gets an @mention in the channel', async () => {
  expect(await scheduler.runOnce()).toMatchObject({ queued: 3, sent: 3, undeliverable: 0, failed: 0 });
  const creates = h.connector.requests.filter((r) => r.route === 'createConversation');
  expect(creates.map((r) => [(r.body as { members: { id: string }[] }).members[0]!.id, r.status]).sort()).toEqual(
    [
      [fiona.id, 403],
      [ruth.id, 200],
    ].sort(),
  );
  const ruthChat = h.connector.sent.filter((s) => s.conversationId === personalChat(ruth).conversationId);
  expect(ruthChat).toHaveLength(1);
  expect(findAction(cardOf(ruthChat[0]!.activity), 'funding.renew')).toBeDefined();

  const inChannel = h.connector.sent.filter((s) => s.conversationId === home.conversationId);
  expect(inChannel).toHaveLength(2);
  const mention = inChannel.find((s) => (s.activity.entities ?? []).length > 0)!;
  expect(mention.activity.text).toMatch(/^<at>Fiona Finance<\/at> PCD 1065 funding for /);
  expect(mention.activity.entities).toEqual([
    { type: 'mention', mentioned: { id: fiona.id, name: fiona.name }, text: '<at>Fiona Finance</at>' },
  ]);
  expect(findAction(cardOf(mention.activity), 'funding.renew')).toBeDefined();
  const fionaDelivery = (await h.store.listDeliveries()).find(
    (d) => 'userAadObjectId' in d.target && d.target.userAadObjectId === fiona.aadObjectId,
  )!;
  expect(fionaDelivery).toMatchObject({
    state: 'sent',
    activityId: mention.id,
    payload: { reachedBy: 'channel-mention' },
  });
});

test('`reminders` says who was reached in the channel with an @mention, and why', async () => {
  await h.say(admin, personalChat(admin), 'reminders');
  const text = String(h.connector.sent.at(-1)!.activity.text);
  expect(text).toMatch(/\*\*Sent: 3\*\*/);
  expect(text).toContain(
    'to Fiona Finance: in the channel, with an @mention (no personal chat: the app is not installed for them), ',
  );
  expect(text).toMatch(/to Ruth Bloomfield, \d/);
});

test('a renew click from the @mentioned person in the channel works like one from a personal chat', async () => {
  const mention = h.connector.sent.find((s) => (s.activity.entities ?? []).length > 0)!;
  const renew = findAction(cardOf(mention.activity), 'funding.renew')!;
  const answer = await h.click(fiona, home, 'funding.renew', renew.data);
  expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
  expect((await h.store.getDecision('PCD 1066'))?.decision.renews).toBe('PCD 1065');
});
