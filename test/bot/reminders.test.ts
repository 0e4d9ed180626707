/**
 * Renewal reminders end to end over HTTP: the scheduler sends PCD 1065's reminder cards through
 * the server's adapter to the fake connector, and managers click the card's own actions —
 * funding.renew and funding.end — as Teams would send them. Plus `expiring`, `reminders`,
 * `reminders run`, `watch` and `unwatch`.
 */
import { startHarness, type Harness } from '../support/bot-harness';
import { seedAtHome } from './home-decision';
import { actionsOf, cardOf, cardText, findAction } from '../support/card-query';
import { TENANT, channelThread, person, personalChat } from '../support/teams-activities';
import { seedDecision } from '../fixtures/seed-decision';
import { recordingLogger } from '../support/turn-failures';
import { createScheduler, type Scheduler } from '../../scheduler/scheduler';
import { TeamsSender } from '../../bot/teams-sender';
import { FakeClock, profile } from '../scheduler/scheduler-support';
import { pendingDelivery } from '../../scheduler/pending-delivery';

const admin = person('a1', 'Alice Admin');
const ruth = person('r1', 'Ruth Bloomfield'); // drafting officer
const dee = person('b1', 'Dee Director'); // director
const fiona = person('f1', 'Fiona Finance');
const home = channelThread('1637000000000');
const clock = new FakeClock('2022-09-30T08:00:00Z');

let h: Harness;
let scheduler: Scheduler;

const texts = () => h.connector.sent.map((s) => String(s.activity.text ?? ''));
const lastText = () => texts().filter(Boolean).at(-1) ?? '';
const reminderCardsTo = (conversationId: string) =>
  h.connector.sent.filter(
    (s) => s.conversationId === conversationId && findAction(cardOf(s.activity), 'funding.renew'),
  );

beforeAll(async () => {
  h = await startHarness({ people: [admin, ruth, dee, fiona], admins: [admin], clock });
  await seedAtHome(h, home.conversationId);
  for (const [role, who] of [
    ['drafting-officer', ruth],
    ['director', dee],
    ['finance', fiona],
  ] as const)
    await h.store.addRoleAssignment({
      role,
      holder: { aadObjectId: who.aadObjectId, name: who.name },
      deputy: false,
      assignedBy: admin,
      assignedAt: '2021-01-01T00:00:00Z',
    });
  const sender = new TeamsSender({ adapter: h.server.adapter, botAppId: '', store: h.store });
  scheduler = createScheduler({
    store: h.store,
    profile,
    adapter: h.server.adapter,
    sender,
    clock,
    logger: recordingLogger('the scheduler'),
  });
});
afterAll(async () => {
  await scheduler.stop();
  await h.close();
});

test('expiring lists the lines ending in the next 6 months with the stage reached and what was decided', async () => {
  await h.say(ruth, home, 'expiring');
  const text = lastText();
  expect(text).toMatch(/Funding ending in the next 6 months.*3 lines/);
  expect(text).toMatch(
    /PCD 1065 · GPS Tagging \(Core funding\) · £900,000(\.00)? in 2022\/23 · ends 31 Mar 2023 · 6-month reminder due 30 Sep 2022 · not decided yet/,
  );
  expect(text).not.toContain("Women's wrap around service");
  await h.say(ruth, home, 'expiring 36');
  expect(lastText()).toContain("Women's wrap around service");
  await h.say(ruth, home, 'expiring soon');
  expect(lastText()).toMatch(/is not a number of months/);
});

test('the 6-month reminder reaches the channel and both managers with renew and end actions', async () => {
  expect(await scheduler.runOnce()).toMatchObject({ queued: 3, sent: 3 });
  const card = cardOf(reminderCardsTo(home.conversationId)[0]!.activity);
  expect(cardText(card)).toContain('GPS Tagging');
  expect(actionsOf(card).map((a) => a.verb)).toEqual(expect.arrayContaining(['funding.renew', 'funding.end']));
  // 1:1 chats as Teams starts them: the person's MRI, not a group, in the tenant.
  expect(h.connector.conversations.map((c) => (c.parameters.members as { id: string }[])[0]!.id).sort()).toEqual(
    [dee.id, ruth.id].sort(),
  );
  for (const { parameters } of h.connector.conversations)
    expect(parameters).toMatchObject({ isGroup: false, channelData: { tenant: { id: TENANT } } });
});

test('someone who is not a manager cannot renew: a clear refusal and nothing changes', async () => {
  const renew = findAction(cardOf(reminderCardsTo(home.conversationId)[0]!.activity), 'funding.renew')!;
  const answer = await h.click(fiona, home, 'funding.renew', renew.data);
  expect(answer.type).toBe('application/vnd.microsoft.activity.message');
  expect(String(answer.value)).toMatch(
    /Only the Drafting Officer or Director\/Head of Service \(or an admin\) can renew funding/,
  );
  expect(await h.store.getDecision('PCD 1066')).toBeNull();
  expect((await h.store.getDecision('PCD 1065'))!.decision.fundingOutcomes).toEqual([]);
});

test('funding.renew starts PCD 1066 for the next year at the same amounts, citing PCD 1065, and records the outcome on both trails', async () => {
  const renew = findAction(cardOf(reminderCardsTo(home.conversationId)[0]!.activity), 'funding.renew')!;
  const before = h.connector.sent.length;
  const answer = await h.click(ruth, personalChat(ruth), 'funding.renew', renew.data);
  expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
  expect(cardText(answer.value)).toContain('PCD 1066');
  expect(cardText(answer.value)).toContain('Renewal: Criminal Justice System - 2022/23 Commissioning Decisions');

  const renewal = (await h.store.getDecision('PCD 1066'))!;
  expect(renewal.decision).toMatchObject({
    status: 'draft',
    renews: 'PCD 1065',
    title: 'Renewal: Criminal Justice System - 2022/23 Commissioning Decisions',
  });
  expect(renewal.decision.funding.map((l) => [l.service, l.allocations])).toEqual([
    ['Drug Testing in Police Custody', [{ year: 2023, amount: 47_000_000 }]],
    ['MAPPA', [{ year: 2023, amount: 4_000_000 }]],
    ['GPS Tagging', [{ year: 2023, amount: 90_000_000 }]],
  ]);
  expect(renewal.decision.backgroundPapers.join(' ')).toContain('PCD 1065');
  expect((await h.store.getAudit('PCD 1066'))[0]).toMatchObject({
    type: 'decision.created',
    details: { renews: 'PCD 1065' },
  });

  const old = (await h.store.getDecision('PCD 1065'))!.decision;
  expect(old.fundingOutcomes.map((o) => [o.lineId, o.outcome, o.renewalRef, o.by.name])).toEqual([
    ['drug-testing-in-police-custody', 'renewed', 'PCD 1066', 'Ruth Bloomfield'],
    ['mappa', 'renewed', 'PCD 1066', 'Ruth Bloomfield'],
    ['gps-tagging', 'renewed', 'PCD 1066', 'Ruth Bloomfield'],
  ]);
  expect((await h.store.getAudit('PCD 1065')).at(-1)).toMatchObject({
    type: 'funding.outcome_recorded',
    details: { outcome: 'renewed', renewalRef: 'PCD 1066' },
  });

  // The draft's card is posted in PCD 1065's home thread and becomes PCD 1066's home card.
  await h.settle();
  const posted = h.connector.sent
    .slice(before)
    .filter((s) => s.conversationId === home.conversationId && cardText(cardOf(s.activity)).includes('PCD 1066'));
  expect(posted).toHaveLength(1);
  expect((await h.store.getDecision('PCD 1066'))!.home).toMatchObject({
    conversation: { conversationId: home.conversationId },
    cardActivityId: posted[0]!.id,
  });
});

test('repeated renew clicks, by the same manager or another, start nothing more', async () => {
  const renew = findAction(cardOf(reminderCardsTo(home.conversationId)[0]!.activity), 'funding.renew')!;
  for (const who of [ruth, dee]) {
    const answer = await h.click(who, home, 'funding.renew', renew.data);
    expect(cardText(answer.value)).toContain('PCD 1066');
  }
  expect(await h.store.getDecision('PCD 1067')).toBeNull();
  expect((await h.store.getAudit('PCD 1065')).filter((e) => e.type === 'funding.outcome_recorded')).toHaveLength(1);
});

test('the renewal appears in the history of both decisions', async () => {
  await h.say(ruth, home, 'history PCD 1065');
  expect(lastText()).toMatch(
    /Ruth Bloomfield · recorded that the funding for Drug Testing in Police Custody, MAPPA and GPS Tagging is renewed by PCD 1066/,
  );
  await h.say(ruth, home, 'history PCD 1066');
  expect(lastText()).toMatch(/1\. .* · Ruth Bloomfield · created the draft/);
  expect(lastText().match(/added funding line/g)).toHaveLength(3);
  expect(lastText()).toMatch(/Audit chain verifies/);
});

test('renewed lines get no escalation at 3 months', async () => {
  clock.set('2022-12-31T09:00:00Z');
  const sent = h.connector.sent.length;
  expect(await scheduler.runOnce()).toMatchObject({ queued: 0, sent: 0 });
  expect(h.connector.sent).toHaveLength(sent);
});

test("funding.end needs a reason, records 'ended' with who decided, answers with the settled card, and does it once", async () => {
  clock.set('2024-09-30T08:00:00Z');
  expect(await scheduler.runOnce()).toMatchObject({ queued: 3, sent: 3 });
  const card = cardOf(reminderCardsTo(home.conversationId).at(-1)!.activity);
  expect(cardText(card)).toContain("Women's wrap around service");
  const end = findAction(card, 'funding.end')!;

  const noReason = await h.click(dee, home, 'funding.end', end.data);
  expect(String(noReason.value)).toMatch(/Give the reason/);
  expect((await h.store.getDecision('PCD 1065'))!.decision.fundingOutcomes).toHaveLength(3);

  const answer = await h.click(dee, home, 'funding.end', {
    ...end.data,
    reason: 'Service recommissioned by the Home Office',
  });
  expect(cardText(answer.value)).toMatch(
    /Recorded that the funding ends, by Dee Director.*Service recommissioned by the Home Office/s,
  );
  expect(findAction(answer.value, 'funding.end')).toBeUndefined();
  const outcome = (await h.store.getDecision('PCD 1065'))!.decision.fundingOutcomes.at(-1);
  expect(outcome).toMatchObject({
    lineId: 'womens-wrap-around-service',
    outcome: 'ended',
    reason: 'Service recommissioned by the Home Office',
    by: { name: 'Dee Director' },
  });

  await h.click(ruth, home, 'funding.end', { ...end.data, reason: 'Again' });
  expect((await h.store.getAudit('PCD 1065')).filter((e) => e.type === 'funding.outcome_recorded')).toHaveLength(2);

  await h.say(ruth, home, 'expiring 12');
  expect(lastText()).toMatch(
    /Women's wrap around service.*ends: Service recommissioned by the Home Office \(Dee Director\)/,
  );
  clock.set('2024-12-31T09:00:00Z');
  expect(await scheduler.runOnce()).toMatchObject({ queued: 0, sent: 0 });
});

test('reminders is for admins: it lists due, sent, failed and undeliverable deliveries', async () => {
  await h.say(fiona, home, 'reminders');
  expect(lastText()).toMatch(/Only admins can see the reminder outbox/);
  await h.say(admin, personalChat(admin), 'reminders');
  const text = lastText();
  expect(text).toMatch(/\*\*Due: 0\*\*/);
  expect(text).toMatch(/\*\*Sent: 6\*\*/);
  expect(text).toMatch(/\*\*Failed: 0\*\*/);
  expect(text).toMatch(/\*\*Undeliverable: 0\*\*/);
  expect(text).toContain('PCD 1065: reminder at 6 months');
  // People and services by name, not by id.
  expect(text).toContain("PCD 1065: reminder at 6 months (Women's wrap around service) to Ruth Bloomfield, ");
  expect(text).toContain("PCD 1065: reminder at 6 months (Women's wrap around service) to Dee Director, ");
  expect(text).toContain("PCD 1065: reminder at 6 months (Women's wrap around service) to the decision’s channel, ");
  expect(text).toContain(
    'PCD 1065: reminder at 6 months (Drug Testing in Police Custody, MAPPA, GPS Tagging) to Ruth Bloomfield, ',
  );
  expect(text).not.toMatch(/to person |gps-tagging/);
});

test('reminders run answers at once and reports what it queued and sent when it is over', async () => {
  await h.say(fiona, home, 'reminders run');
  expect(lastText()).toMatch(/Only admins can run the reminder scan/);
  const decision = seedDecision({ ref: 'PCD 1070', funding: [seedDecision().funding[2]!], fundingOutcomes: [] });
  await h.store.createDecision(
    decision,
    [{ type: 'decision.created', details: {} }],
    { actor: decision.createdBy, at: decision.createdAt },
    (await h.store.getDecision('PCD 1065'))!.home,
  );
  clock.set('2022-10-03T09:00:00Z');
  await h.say(admin, personalChat(admin), 'reminders run');
  expect(lastText()).toMatch(/Running the reminder scan now/);
  const report = await h.connector.waitForSent((s) => String(s.activity.text ?? '').startsWith('Reminder scan done'));
  expect(report.activity.text).toMatch(/Reminder scan done: 3 queued, 3 sent/);
  expect(report.conversationId).toBe(personalChat(admin).conversationId);
});

test('watch adds you to the reminders of a decision; unwatch removes you', async () => {
  await h.say(fiona, personalChat(fiona), 'watch PCD 1065');
  expect(lastText()).toMatch(/You will get PCD 1065's renewal reminders in personal chat/);
  expect((await h.store.getDecision('PCD 1065'))!.watchers).toEqual([fiona.aadObjectId]);
  await h.say(fiona, personalChat(fiona), 'unwatch PCD 1065');
  expect((await h.store.getDecision('PCD 1065'))!.watchers).toEqual([]);
  await h.say(fiona, personalChat(fiona), 'unwatch PCD 1065');
  expect(lastText()).toMatch(/You were not watching PCD 1065/);
  await h.say(fiona, personalChat(fiona), 'watch PCD 9999');
  expect(lastText()).toMatch(/There is no decision "PCD 9999"/);
});

test('reminders names a failed one-month escalation in the singular, with the person and service, and why it failed', async () => {
  const failed = pendingDelivery(
    {
      key: 'reminder:PCD 1065:2023-02-28:1m:user:' + dee.aadObjectId,
      kind: 'reminder',
      ref: 'PCD 1065',
      target: { userAadObjectId: dee.aadObjectId },
      dueAt: '2023-02-28T09:00:00.000Z',
      payload: { stage: 1, escalation: true, lineIds: ['gps-tagging'] },
    },
    '2023-02-28T09:00:00.000Z',
  );
  await h.store.enqueueDeliveries([{ ...failed, state: 'failed', attempts: 5, lastError: 'HTTP 500 five times' }]);
  await h.say(admin, personalChat(admin), 'reminders');
  expect(lastText()).toMatch(
    /\*\*Failed: 1\*\*\n\n- PCD 1065: escalation at 1 month \(GPS Tagging\) to Dee Director, .+, 5 attempts — HTTP 500 five times/,
  );
});
