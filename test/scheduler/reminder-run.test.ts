/**
 * The renewal reminders of PCD 1065 through the real scheduler, the Bot Framework adapter and the
 * fake connector, on a fake clock: nothing before 09:00 London time on 30 September 2022, one card
 * to the channel and one to each manager at 09:00, nothing more that day, the 3-month escalation
 * on 31 December, and after downtime only the latest missed stage, once.
 */
import { HOME_THREAD, cardText, managerMris, managers, startWorld, type SchedulerWorld } from './scheduler-support';
import { profileWith } from '../fixtures/profiles';
import { seedDecision } from '../fixtures/seed-decision';

let world: SchedulerWorld;
afterEach(async () => world?.close());

const personalChat = `a:personal-${managers.draftingOfficer.aadObjectId}`;

test('30 September 2022: nothing at 08:59 BST, then one card to the channel and one to each manager at 09:00, and no more that day', async () => {
  world = await startWorld({ at: '2022-09-30T07:59:00Z' }); // 08:59 in London (BST)
  const scheduler = world.scheduler();

  expect(await scheduler.runOnce()).toMatchObject({ queued: 0, sent: 0 });
  expect(world.connector.sent).toHaveLength(0);
  expect(await world.deliveries()).toHaveLength(0);

  world.clock.set('2022-09-30T08:00:00Z'); // 09:00 BST
  expect(await scheduler.runOnce()).toMatchObject({ queued: 3, sent: 3, failed: 0, undeliverable: 0 });

  const cards = world.cards();
  // The director had no personal chat: one was created with the tenant and their AAD object id, and kept.
  expect(world.connector.conversations).toHaveLength(1);
  const directorChat = world.connector.conversations[0]!.id;
  expect(cards.map((c) => c.conversationId).sort()).toEqual([HOME_THREAD, personalChat, directorChat].sort());
  expect(world.connector.conversations[0]!.parameters).toMatchObject({
    isGroup: false,
    members: [{ id: managerMris.director }],
    tenantId: expect.any(String),
    channelData: { tenant: { id: expect.any(String) } },
  });
  expect(await world.store.getConversation(`personal:${managers.director.aadObjectId}`)).toMatchObject({
    conversationId: directorChat,
  });

  // The three one-year lines end on 31 March 2023 and travel in one card; the women's service (2025) does not.
  for (const { card } of cards) {
    const text = cardText(card);
    expect(text).toContain('Drug Testing in Police Custody');
    expect(text).toContain('MAPPA');
    expect(text).toContain('GPS Tagging');
    expect(text).not.toContain("Women's wrap around service");
    expect(text).toContain('31 Mar 2023');
    expect(text).toMatch(/Funding ends in 6 months/);
    expect(text).not.toMatch(/Escalation/);
  }
  const deliveries = await world.deliveries();
  expect(deliveries.every((d) => d.state === 'sent' && d.activityId !== null && d.attempts === 1)).toBe(true);
  expect(deliveries.map((d) => d.key)).toContain(
    `reminder:PCD 1065:drug-testing-in-police-custody,mappa,gps-tagging:6m:conversation:${HOME_THREAD}`,
  );

  world.clock.set('2022-09-30T15:00:00Z');
  expect(await scheduler.runOnce()).toMatchObject({ queued: 0, sent: 0 });
  expect(world.connector.sent).toHaveLength(3);
});

test('31 December 2022 09:00 GMT: the 3-month escalation goes to the channel, the drafting officer and the director, marked as one', async () => {
  world = await startWorld({ at: '2022-09-30T08:00:00Z' });
  const scheduler = world.scheduler();
  await scheduler.runOnce();
  const directorChat = world.connector.conversations[0]!.id;
  world.connector.reset();

  world.clock.set('2022-12-31T08:59:00Z');
  expect(await scheduler.runOnce()).toMatchObject({ queued: 0 });
  world.clock.set('2022-12-31T09:00:00Z'); // 09:00 GMT
  expect(await scheduler.runOnce()).toMatchObject({ queued: 3, sent: 3 });
  const cards = world.cards();
  expect(cards.map((c) => c.conversationId).sort()).toEqual([HOME_THREAD, personalChat, directorChat].sort());
  expect(world.connector.conversations).toHaveLength(0); // the director's chat from September is reused
  for (const { card } of cards) expect(cardText(card)).toMatch(/Escalation: funding ends in 3 months/);
  const escalations = (await world.deliveries()).filter((d) => d.payload.stage === 3);
  expect(escalations).toHaveLength(3);
  expect(escalations.every((d) => d.payload.escalation === true)).toBe(true);
  expect(escalations.map((d) => d.target)).toContainEqual({ userAadObjectId: managers.director.aadObjectId });
});

test('after downtime over two stages, the next run sends only the latest missed stage, once', async () => {
  world = await startWorld({ at: '2023-01-15T12:00:00Z' }); // down since before 30 September
  const scheduler = world.scheduler();
  expect(await scheduler.runOnce()).toMatchObject({ queued: 3, sent: 3 });
  expect((await world.deliveries()).map((d) => d.payload.stage)).toEqual([3, 3, 3]);
  world.clock.set('2023-01-16T12:00:00Z');
  expect(await scheduler.runOnce()).toMatchObject({ queued: 0, sent: 0 });
  expect(world.connector.sent).toHaveLength(3);
});

test('a watcher is told in personal chat too; a line resolved after the 6-month reminder gets no escalation', async () => {
  world = await startWorld({ at: '2022-09-30T08:00:00Z' });
  const watcher = 'aaaaaaaa-0000-4000-8000-000000000999';
  await world.store.saveConversation(`personal:${watcher}`, {
    ...world.home,
    conversationId: 'a:personal-watcher',
    conversationType: 'personal',
    teamId: null,
  });
  await world.store.setWatchers('PCD 1065', [watcher]);
  const scheduler = world.scheduler();
  expect(await scheduler.runOnce()).toMatchObject({ sent: 4 });
  expect(world.connector.sent.map((s) => s.conversationId)).toContain('a:personal-watcher');

  const stored = (await world.store.getDecision('PCD 1065'))!;
  const ended = {
    ...stored.decision,
    fundingOutcomes: [
      {
        lineId: 'gps-tagging',
        outcome: 'ended' as const,
        by: managers.director,
        at: '2022-10-03T10:00:00.000Z',
        reason: 'Contract ends',
      },
    ],
  };
  await world.store.updateDecision(ended, stored.decision.version, [], {
    actor: managers.director,
    at: '2022-10-03T10:00:00.000Z',
  });
  // The 6-month group shrank to two lines, but each of them already had its 6-month reminder: nothing new.
  world.clock.set('2022-10-03T11:00:00Z');
  expect(await scheduler.runOnce()).toMatchObject({ queued: 0, sent: 0 });
  world.connector.reset();
  world.clock.set('2022-12-31T09:00:00Z');
  await scheduler.runOnce();
  expect(world.connector.sent).toHaveLength(4);
  for (const { card } of world.cards()) {
    expect(cardText(card)).toContain('MAPPA');
    expect(cardText(card)).not.toContain('GPS Tagging');
  }
});

describe('at 09:00 London time on the days the clocks change', () => {
  const line = (year: number) => ({
    id: 'gps-tagging',
    service: 'GPS Tagging',
    source: 'Core funding',
    allocations: [{ year, amount: 90_000_000 }],
  });

  test('last Sunday of March 2024 (clocks go forward): due at 08:00 UTC, 09:00 BST', async () => {
    // Financial years from 1 November: 2023/24 ends on 31 October 2024; 7 months before is Sunday 31 March 2024.
    const custom = profileWith({ financialYearStart: { month: 11, day: 1 }, reminders: { stagesMonths: [7] } });
    world = await startWorld({ at: '2024-03-31T07:59:00Z', decision: seedDecision({ funding: [line(2023)] }) });
    const scheduler = world.scheduler({ profile: custom });
    expect(await scheduler.runOnce()).toMatchObject({ queued: 0 });
    world.clock.set('2024-03-31T08:00:00Z');
    expect(await scheduler.runOnce()).toMatchObject({ queued: 3, sent: 3 });
    expect((await world.deliveries())[0]).toMatchObject({ dueAt: '2024-03-31T08:00:00.000Z' });
  });

  test('last Sunday of October 2024 (clocks go back): due at 09:00 UTC, 09:00 GMT', async () => {
    // Financial years from 28 April: 2024/25 ends on 27 April 2025; 6 months before is Sunday 27 October 2024.
    const custom = profileWith({ financialYearStart: { month: 4, day: 28 } });
    world = await startWorld({ at: '2024-10-27T08:59:00Z', decision: seedDecision({ funding: [line(2024)] }) });
    const scheduler = world.scheduler({ profile: custom });
    expect(await scheduler.runOnce()).toMatchObject({ queued: 0 });
    world.clock.set('2024-10-27T09:00:00Z');
    expect(await scheduler.runOnce()).toMatchObject({ queued: 3, sent: 3 });
    expect((await world.deliveries())[0]).toMatchObject({ dueAt: '2024-10-27T09:00:00.000Z' });
  });
});
