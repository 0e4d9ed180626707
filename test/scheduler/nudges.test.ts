/**
 * Sign-off nudges: a declaration or signature waiting more than 3 working days sends each holder
 * of a waited-for role one nudge in personal chat, then one a week; a new wait starts again.
 */
import { nudgeRound, scanNudges, waitingSince } from '../../scheduler/nudge-scan';
import type { AuditEvent, Decision } from '../../domain/types';
import { seedDecision } from '../fixtures/seed-decision';
import { cardText, managers, profile, startWorld, type SchedulerWorld } from './scheduler-support';

let world: SchedulerWorld;
afterEach(async () => world?.close());

const fiona = { aadObjectId: '00000000-0000-4000-8000-000000000102', name: 'Finance Officer' };
// Submitted on Monday 3 October 2022 at 10:00 in London (BST).
const SUBMITTED = '2022-10-03T09:00:00.000Z';

function inReview(overrides: Partial<Decision> = {}): Decision {
  return seedDecision({
    ref: 'PCD 1066',
    status: 'in_review',
    ticks: {},
    signatures: {},
    approvedAt: null,
    submittedAt: SUBMITTED,
    ...overrides,
  });
}

async function submittedWorld(at: string): Promise<void> {
  world = await startWorld({ at, decision: inReview() });
  const stored = (await world.store.getDecision('PCD 1066'))!;
  await world.store.updateDecision(
    stored.decision,
    stored.decision.version,
    [{ type: 'decision.submitted', details: {} }],
    { actor: managers.draftingOfficer, at: SUBMITTED },
  );
  await world.store.addRoleAssignment({
    role: 'finance',
    holder: fiona,
    deputy: false,
    assignedBy: fiona,
    assignedAt: '2021-01-01T00:00:00Z',
  });
  await world.store.saveConversation(`personal:${fiona.aadObjectId}`, {
    ...world.home,
    conversationId: 'a:personal-fiona',
    conversationType: 'personal',
    teamId: null,
  });
}

const nudgedPeople = () => world.connector.sent.map((s) => s.conversationId).sort();

test('nothing before 3 working days; then one nudge to each holder of a waited-for role, with the card; nothing more until a week later', async () => {
  await submittedWorld('2022-10-06T08:59:00Z'); // Thursday 09:59 BST: 3 working days are not up until 10:00
  const scheduler = world.scheduler();
  expect(await scheduler.runOnce()).toMatchObject({ queued: 0 });

  world.clock.set('2022-10-06T09:00:00Z');
  expect(await scheduler.runOnce()).toMatchObject({ queued: 3, sent: 3 });
  const directorChat = world.connector.conversations[0]!.id;
  expect(nudgedPeople()).toEqual(
    ['a:personal-fiona', `a:personal-${managers.draftingOfficer.aadObjectId}`, directorChat].sort(),
  );
  const toFiona = world.connector.sent.find((s) => s.conversationId === 'a:personal-fiona')!;
  expect(toFiona.activity.text).toMatch(/PCD 1066 .* has waited 3 working days for you as Finance\./);
  expect(cardText(toFiona.activity.attachments?.[0]?.content)).toContain('PCD 1066');

  world.clock.set('2022-10-12T09:00:00Z');
  expect(await scheduler.runOnce()).toMatchObject({ queued: 0 });
  world.clock.set('2022-10-13T09:00:00Z'); // a week after the first
  expect(await scheduler.runOnce()).toMatchObject({ queued: 3, sent: 3 });
  expect(world.connector.sent).toHaveLength(6);
});

test('what a scan finds already queued is not offered to the store again; a new round is', async () => {
  await submittedWorld('2022-10-06T09:00:00Z');
  const scheduler = world.scheduler();
  const enqueue = jest.spyOn(world.store, 'enqueueDeliveries');
  expect(await scheduler.runOnce()).toMatchObject({ queued: 3 });
  world.clock.set('2022-10-06T09:01:00Z');
  expect(await scheduler.runOnce()).toMatchObject({ queued: 0 });
  expect(enqueue).toHaveBeenCalledTimes(1);
  world.clock.set('2022-10-13T09:00:00Z');
  expect(await scheduler.runOnce()).toMatchObject({ queued: 3, sent: 3 });
  expect(enqueue).toHaveBeenCalledTimes(2);
});

test('someone given a waited-for role mid-round gets the current round at the next scan, and nobody else again', async () => {
  await submittedWorld('2022-10-06T09:00:00Z');
  const scheduler = world.scheduler();
  expect(await scheduler.runOnce()).toMatchObject({ queued: 3, sent: 3 });
  const fred = { aadObjectId: '00000000-0000-4000-8000-000000000109', name: 'Fred Finance' };
  await world.store.addRoleAssignment({
    role: 'finance',
    holder: fred,
    deputy: true,
    assignedBy: fiona,
    assignedAt: '2022-10-06T09:00:30Z',
  });
  await world.store.saveConversation(`personal:${fred.aadObjectId}`, {
    ...world.home,
    conversationId: 'a:personal-fred',
    conversationType: 'personal',
    teamId: null,
  });
  world.connector.reset();
  world.clock.set('2022-10-06T09:01:00Z');
  expect(await scheduler.runOnce()).toMatchObject({ queued: 1, sent: 1 });
  expect(world.connector.sent.map((s) => s.conversationId)).toEqual(['a:personal-fred']);
  world.clock.set('2022-10-06T09:02:00Z');
  expect(await scheduler.runOnce()).toMatchObject({ queued: 0, sent: 0 });
});

test('a tick takes its role out of the next round; after downtime only the latest round is sent', async () => {
  await submittedWorld('2022-10-06T09:00:00Z');
  const scheduler = world.scheduler();
  await scheduler.runOnce();
  const stored = (await world.store.getDecision('PCD 1066'))!;
  const ticked = {
    ...stored.decision,
    ticks: { finance: { item: 'finance', by: fiona, at: '2022-10-07T09:00:00.000Z' } },
  };
  await world.store.updateDecision(
    ticked,
    stored.decision.version,
    [{ type: 'declaration.ticked', details: { item: 'finance' } }],
    { actor: fiona, at: '2022-10-07T09:00:00.000Z' },
  );
  world.connector.reset();

  world.clock.set('2022-10-28T12:00:00Z'); // rounds 1, 2 and 3 have fallen due; only round 3 is sent
  expect(await scheduler.runOnce()).toMatchObject({ queued: 2, sent: 2 });
  expect(world.connector.sent.map((s) => s.conversationId)).not.toContain('a:personal-fiona');
  const keys = (await world.deliveries()).filter((d) => d.state === 'sent').map((d) => d.key);
  expect(keys.filter((k) => k.includes(':3:user:'))).toHaveLength(2);
  expect(keys.filter((k) => k.includes(':1:user:') || k.includes(':2:user:'))).toHaveLength(0);
});

test('a nudge queued for a sign-off that happened before it went out is skipped, not sent', async () => {
  await submittedWorld('2022-10-06T09:00:00Z');
  const scheduler = world.scheduler();
  await world.store.enqueueDeliveries(await scanNudges(world.store, profile, '2022-10-06T09:00:00.000Z'));
  const stored = (await world.store.getDecision('PCD 1066'))!;
  await world.store.updateDecision(
    { ...stored.decision, status: 'withdrawn' },
    stored.decision.version,
    [{ type: 'decision.withdrawn', details: {} }],
    { actor: fiona, at: '2022-10-06T09:00:00.000Z' },
  );
  expect(await scheduler.runOnce()).toMatchObject({ skipped: 3, sent: 0 });
  expect(world.connector.sent).toHaveLength(0);
});

test('the wait is counted from the latest event that started it', () => {
  const event = (type: string, at: string) => ({ type, at }) as AuditEvent;
  const d = inReview();
  expect(
    waitingSince(d, [
      event('decision.created', '2022-10-01T09:00:00Z'),
      event('decision.submitted', SUBMITTED),
      event('declaration.ticked', '2022-10-04T09:00:00Z'),
    ]),
  ).toBe(SUBMITTED);
  expect(
    waitingSince(d, [event('decision.submitted', SUBMITTED), event('decision.review_reset', '2022-10-05T09:00:00Z')]),
  ).toBe('2022-10-05T09:00:00Z');
  expect(waitingSince(d, [])).toBe(SUBMITTED);
});

test('working days keep the local time across the clock change: Friday 10:00 BST + 3 = Wednesday 10:00 GMT', () => {
  const since = '2022-10-28T09:00:00.000Z'; // Friday 28 October 2022, 10:00 BST; clocks go back on Sunday 30th
  expect(nudgeRound(since, '2022-11-02T09:59:00.000Z', profile)).toBeNull();
  expect(nudgeRound(since, '2022-11-02T10:00:00.000Z', profile)).toEqual({
    round: 0,
    dueAt: '2022-11-02T10:00:00.000Z',
  });
  expect(nudgeRound(since, '2022-11-09T09:59:00.000Z', profile)).toMatchObject({ round: 0 });
  expect(nudgeRound(since, '2022-11-09T10:00:00.000Z', profile)).toEqual({
    round: 1,
    dueAt: '2022-11-09T10:00:00.000Z',
  });
});
