/**
 * Issue 17, item 2: anyone in the tenant could edit anyone's decision. Each test is the attack as
 * Teams would deliver it (a chat command or a card click, over HTTP) and what the attacker must
 * not get: the decision unchanged (version and audit trail), and a refusal that says who may do
 * it instead. Then the change to what gets published after submission: it resets the signatures
 * that vouch for it, and after approval it is refused.
 */
import { loadProfile } from '../../app/profile-loader';
import { startHarness, type Harness } from '../support/bot-harness';
import { actionsOf, cardOf, cardText } from '../support/card-query';
import { channelThread, personalChat, type Person } from '../support/teams-activities';
import { ada, dana, decisionAt, dev, dora, everyone, fran, giveRoles, olly } from './decisions';

const profile = loadProfile();
const NOW = new Date('2026-11-25T12:00:00.000Z');
const AT = NOW.toISOString();
const home = channelThread('1700000017200');
const MESSAGE = 'application/vnd.microsoft.activity.message';
const CARD = 'application/vnd.microsoft.card.adaptive';
const DEFERRAL = { until: '2027-03-31', reason: 'Tender live' };
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ people: everyone, admins: [ada], clock: { now: () => NOW } });
  await giveRoles(h.store, AT);
  await decisionAt(h.store, profile, 'PCD 1066', 'draft', AT, DEFERRAL);
  await decisionAt(h.store, profile, 'PCD 1067', 'awaiting_decision_maker', AT, DEFERRAL);
});
afterAll(async () => h.close());

/** What must not move when a request is refused: the version and the audit trail's length. */
async function mark(ref: string): Promise<[number, number]> {
  return [(await h.store.getDecision(ref))!.decision.version, (await h.store.getAudit(ref)).length];
}
const version = async (ref: string) => (await h.store.getDecision(ref))!.decision.version;

/** What the bot sent after `from` (an index into connector.sent): texts and whether any card came. */
function sentSince(from: number) {
  const sent = h.connector.sent.slice(from).map((s) => s.activity);
  return { texts: sent.map((a) => String(a.text ?? '')).filter(Boolean), cards: sent.filter((a) => cardOf(a) !== undefined).length };
}

const only = (verb: string, ref = 'PCD 1066') => `Only the drafter (Dana Drafter), a Drafting Officer or an admin can ${verb} ${ref}.`;

describe.each([
  ['a member with no role', olly],
  ['a reviewer (Finance) who did not draft it', fran],
])('%s cannot change Dana Drafter’s decision', (_who, attacker: Person) => {
  it('by saving the edit form (decision.update): refused, nothing changes, told who may', async () => {
    const before = await mark('PCD 1066');
    const reply = await h.click(attacker, home, 'decision.update', {
      ref: 'PCD 1066',
      version: before[0],
      title: 'Hijacked',
      deferralDate: '',
      deferralReason: '',
      part2: 'true',
    });
    expect(reply).toMatchObject({ status: 200, type: MESSAGE, value: only('edit') });
    expect(await mark('PCD 1066')).toEqual(before);
    expect((await h.store.getDecision('PCD 1066'))!.decision).toMatchObject({ title: 'Secret plans PCD 1066', part1Deferral: DEFERRAL, hasPart2: false });
  });

  it('by asking for the edit form, by command or by card: refused, no form', async () => {
    const from = h.connector.sent.length;
    await h.say(attacker, home, 'edit PCD 1066');
    expect(sentSince(from)).toEqual({ texts: [only('edit')], cards: 0 });
    expect(await h.click(attacker, home, 'decision.edit', { ref: 'PCD 1066' })).toMatchObject({ type: MESSAGE, value: only('edit') });
  });

  it('by adding a funding line (fund)', async () => {
    const before = await mark('PCD 1066');
    const from = h.connector.sent.length;
    await h.say(attacker, home, 'fund PCD 1066 | Hidden service | 2026/27 £1 | Police Grant');
    expect(sentSince(from).texts).toEqual([only('change the funding of')]);
    expect(await mark('PCD 1066')).toEqual(before);
  });

  it('by submitting it, by command or by card', async () => {
    const before = await mark('PCD 1066');
    const from = h.connector.sent.length;
    await h.say(attacker, home, 'submit PCD 1066');
    expect(sentSince(from).texts).toEqual([only('submit')]);
    expect(await h.click(attacker, home, 'decision.submit', { ref: 'PCD 1066', version: before[0] })).toMatchObject({ type: MESSAGE, value: only('submit') });
    expect(await mark('PCD 1066')).toEqual(before);
  });

  it('by withdrawing it, by command or by card', async () => {
    const before = await mark('PCD 1066');
    const from = h.connector.sent.length;
    await h.say(attacker, home, 'withdraw PCD 1066 Mine now');
    expect(sentSince(from).texts).toEqual([only('withdraw')]);
    expect(await h.click(attacker, home, 'decision.withdraw', { ref: 'PCD 1066', version: before[0], reason: 'Mine now' })).toMatchObject({
      type: MESSAGE,
      value: only('withdraw'),
    });
    expect(await mark('PCD 1066')).toEqual(before);
  });

  it('and is not offered Edit, Submit or Withdraw on their own view of the card', async () => {
    const card = await h.click(attacker, personalChat(attacker), 'decision.show', { ref: 'PCD 1066' });
    expect(card.type).toBe(CARD);
    expect(actionsOf(card.value).map((a) => a.verb).filter((v) => ['decision.edit', 'decision.submit', 'decision.withdraw'].includes(v))).toEqual([]);
  });
});

describe('those allowed still can', () => {
  it('the drafter, with no role, sees the buttons and edits her own decision', async () => {
    const card = await h.click(dana, personalChat(dana), 'decision.show', { ref: 'PCD 1066' });
    expect(actionsOf(card.value).map((a) => a.verb)).toEqual(expect.arrayContaining(['decision.edit', 'decision.submit', 'decision.withdraw']));
    const reply = await h.click(dana, home, 'decision.update', { ref: 'PCD 1066', version: await version('PCD 1066'), title: 'Plans, retitled by their drafter' });
    expect(reply.type).toBe(CARD);
    expect((await h.store.getDecision('PCD 1066'))!.decision.title).toBe('Plans, retitled by their drafter');
  });

  it('a Drafting Officer who did not draft it adds a funding line', async () => {
    await h.say(dora, home, 'fund PCD 1066 | Second service | 2026/27 £5,000 | Core funding');
    expect((await h.store.getDecision('PCD 1066'))!.decision.funding.map((l) => l.service)).toContain('Second service');
  });

  it('an admin submits it from the card', async () => {
    const reply = await h.click(ada, home, 'decision.submit', { ref: 'PCD 1066', version: await version('PCD 1066') });
    expect(reply.type).toBe(CARD);
    expect((await h.store.getDecision('PCD 1066'))!.decision.status).toBe('in_review');
  });
});

describe('a change to what gets published, after submission', () => {
  it('clearing the deferral while the decision maker is awaited resets the Chief Executive’s signature and says so; the decision maker cannot then sign', async () => {
    const before = (await h.store.getDecision('PCD 1067'))!.decision;
    expect(before.status).toBe('awaiting_decision_maker');
    const reply = await h.click(dana, home, 'decision.update', { ref: 'PCD 1067', version: before.version, deferralDate: '', deferralReason: '' });
    expect(reply.type).toBe(CARD);
    expect(cardText(reply.value)).toContain('Chief Executive Officer signature was reset because the Part 1 deferral changed.');
    const after = (await h.store.getDecision('PCD 1067'))!.decision;
    expect(after).toMatchObject({ status: 'awaiting_chief_executive', signatures: {}, part1Deferral: null });
    expect((await h.store.getAudit('PCD 1067')).at(-1)).toMatchObject({ type: 'decision.review_reset', details: { because: ['part1Deferral'], resetSignatures: ['chief-executive'] } });

    const signed = await h.click(dev, home, 'signature.sign', { ref: 'PCD 1067', version: after.version, signature: 'decision-maker', interest: '' });
    expect(signed).toMatchObject({ type: MESSAGE, value: 'The Chief Executive must sign before the Director of Commissioning and Partnerships.' });
    expect((await fetch(`${h.server.url}/decisions/PCD-1067`)).status).toBe(404);
  });

  it('turning on the Part 2 flag after the Chief Executive signed resets that signature too', async () => {
    await decisionAt(h.store, profile, 'PCD 1068', 'awaiting_decision_maker', AT);
    const reply = await h.click(dana, home, 'decision.update', { ref: 'PCD 1068', version: await version('PCD 1068'), part2: 'true' });
    expect(cardText(reply.value)).toContain('Chief Executive Officer signature was reset because the Part 2 flag changed.');
    expect((await h.store.getDecision('PCD 1068'))!.decision).toMatchObject({ hasPart2: true, signatures: {}, status: 'awaiting_chief_executive' });
  });

  it('an outsider cannot clear the deferral at all', async () => {
    await decisionAt(h.store, profile, 'PCD 1069', 'awaiting_decision_maker', AT, DEFERRAL);
    const before = await mark('PCD 1069');
    const reply = await h.click(olly, home, 'decision.update', { ref: 'PCD 1069', version: before[0], deferralDate: '', deferralReason: '' });
    expect(reply).toMatchObject({ type: MESSAGE, value: only('edit', 'PCD 1069') });
    expect(await mark('PCD 1069')).toEqual(before);
  });

  it('after approval, nobody (the drafter and an admin included) can clear the deferral: a correction is a new decision', async () => {
    await decisionAt(h.store, profile, 'PCD 1070', 'approved', AT, DEFERRAL);
    const before = await mark('PCD 1070');
    for (const who of [dana, ada]) {
      const reply = await h.click(who, home, 'decision.update', { ref: 'PCD 1070', version: before[0], deferralDate: '', deferralReason: '' });
      expect(reply).toMatchObject({ type: MESSAGE, value: expect.stringMatching(/^PCD 1070 is approved and cannot change; a correction is a new decision that cites it/) });
    }
    expect(await mark('PCD 1070')).toEqual(before);
    expect((await h.store.getDecision('PCD 1070'))!.decision.part1Deferral).toEqual(DEFERRAL);
    expect((await fetch(`${h.server.url}/decisions/PCD-1070`)).status).toBe(404);
  });
});
