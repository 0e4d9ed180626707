/**
 * Ten reviewers click the same card at once: every tick lands once, nobody gets a 500, the
 * chain stays linear. And each role holder's refreshed view has just their own buttons.
 */
import { verifyChain } from '../../domain/audit';
import { startHarness, type Harness } from '../support/bot-harness';
import { actionsOf, findAction } from '../support/card-query';
import { clientViewOf } from '../support/fake-teams';
import { channelThread, person, type Person } from '../support/teams-activities';

const admin = person('ca', 'Ada Admin');
const holders: [string, Person][] = [
  ['finance', person('cf', 'Fay Finance')],
  ['legal', person('cl', 'Lee Legal')],
  ['equalities', person('ce', 'Ed Equalities')],
  ['public-health', person('cp', 'Pia Health')],
  ['commercial', person('cc', 'Cy Commercial')],
  ['data-protection', person('cd', 'Di Data')],
  ['drafting-officer', person('cr', 'Rae Drafter')],
  ['director', person('cb', 'Bo Director')],
];
const deputies: [string, Person][] = [
  ['finance', person('cf2', 'Flo Deputy Finance')],
  ['legal', person('cl2', 'Lou Deputy Legal')],
];
const home = channelThread('1700000000400');
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    people: [admin, ...holders.map(([, p]) => p), ...deputies.map(([, p]) => p)],
    admins: [admin],
  });
  for (const [role, who] of holders) await h.say(admin, home, `role ${role} <at>${who.name}</at>`, { mentions: [who] });
  for (const [role, who] of deputies)
    await h.say(admin, home, `role ${role} deputy <at>${who.name}</at>`, { mentions: [who] });
  const drafter = holders[6]![1];
  await h.say(drafter, home, 'new PCD 3000 Concurrent review');
  await h.say(drafter, home, 'fund PCD 3000 | Service | 2024/25 £100,000 | Core funding');
  const version = (await h.store.getDecision('PCD 3000'))!.decision.version;
  await h.click(drafter, home, 'decision.update', { ref: 'PCD 3000', version, recommendations: 'Approve it.' });
  await h.say(drafter, home, 'submit PCD 3000');
});
afterAll(async () => h.close());

test('ten reviewers clicking the same card version at once all land, once each', async () => {
  const { decision } = (await h.store.getDecision('PCD 3000'))!;
  expect(decision.status).toBe('in_review');
  const clicks = [...holders, ...deputies].map(([role, who]) =>
    h.click(who, home, 'declaration.tick', { ref: 'PCD 3000', version: decision.version, item: role }),
  );
  const replies = await Promise.all(clicks);
  for (const reply of replies) {
    expect(reply.status).toBe(200);
    expect(reply.type).toBe('application/vnd.microsoft.card.adaptive');
  }
  const after = (await h.store.getDecision('PCD 3000'))!.decision;
  expect(Object.keys(after.ticks).sort()).toEqual(holders.map(([role]) => role).sort());
  expect(after.status).toBe('awaiting_chief_executive');
  const audit = await h.store.getAudit('PCD 3000');
  expect(audit.filter((e) => e.type === 'declaration.ticked')).toHaveLength(8);
  expect(verifyChain(audit).ok).toBe(true);
});

test('a card rendered before the stage moved on is refused as stale', async () => {
  const reply = await h.click(holders[0]![1], home, 'declaration.untick', {
    ref: 'PCD 3000',
    version: 4,
    item: 'finance',
  });
  expect(reply.type).toBe('application/vnd.microsoft.card.adaptive');
  expect(JSON.stringify(reply.value)).toMatch(/out of date/);
  expect((await h.store.getDecision('PCD 3000'))!.decision.ticks.finance).toBeDefined();
});

test('card.refresh gives each role holder a view with just their own buttons; the base card lists who must act', async () => {
  await h.say(holders[6]![1], home, 'new PCD 3001 Views');
  await h.say(holders[6]![1], home, 'fund PCD 3001 | Service | 2024/25 £100,000 | Core funding');
  let version = (await h.store.getDecision('PCD 3001'))!.decision.version;
  await h.click(holders[6]![1], home, 'decision.update', { ref: 'PCD 3001', version, recommendations: 'Approve it.' });
  await h.say(holders[6]![1], home, 'submit PCD 3001');
  await h.settle();
  version = (await h.store.getDecision('PCD 3001'))!.decision.version;

  const stored = (await h.store.getDecision('PCD 3001'))!;
  const posted = h.connector.sent.find((s) => s.id === stored.home!.cardActivityId)!;
  const updates = h.connector.updated.filter((u) => u.activityId === stored.home!.cardActivityId);
  const base = (updates.length ? updates[updates.length - 1]!.activity : posted.activity).attachments![0]!
    .content as Record<string, unknown>;
  const refresh = base.refresh as { action: { verb: string }; userIds: string[] };
  expect(refresh.action.verb).toBe('card.refresh');
  // Teams user ids (MRIs): the holders' AAD object ids would match nobody.
  expect(refresh.userIds).toEqual(expect.arrayContaining([holders[0]![1].id, deputies[0]![1].id]));
  expect(actionsOf(base).filter((a) => a.verb === 'declaration.tick')).toHaveLength(8);

  // Each client as Teams runs it: the finance holder's refreshes to their own view.
  const finance = await clientViewOf(h.connector, h.server.url, holders[0]![1], home, stored.home!.cardActivityId!);
  expect(finance.refreshed).toBe(true);
  const ticks = actionsOf(finance.card).filter((a) => a.verb === 'declaration.tick');
  expect(ticks.map((a) => a.data.item)).toEqual(['finance']);
  expect(findAction(finance.card, 'signature.sign')).toBeUndefined();

  // The admin holds no pending role: not in the list, so their client shows the base card.
  const outsider = await clientViewOf(h.connector, h.server.url, admin, home, stored.home!.cardActivityId!);
  expect(outsider).toEqual({ card: base, refreshed: false });
  const clicked = await h.click(admin, home, 'card.refresh', { ref: 'PCD 3001', version });
  expect(actionsOf(clicked.value).filter((a) => a.verb === 'declaration.tick')).toHaveLength(0);
});
