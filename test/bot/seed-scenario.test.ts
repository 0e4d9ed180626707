/**
 * PCD 1065 end to end over HTTP, as Teams would drive it: the real server, the lowdb store in a
 * temp folder, a fake Bot Connector recording what the bot sends and updates.
 */
import { startHarness, type Harness } from '../support/bot-harness';
import { cardOf, cardText, findAction } from '../support/card-query';
import { channelThread, person, type Person } from '../support/teams-activities';

const admin = person('a1', 'Alice Admin');
const people = {
  finance: person('f1', 'Fiona Finance'),
  legal: person('l1', 'Leo Legal'),
  equalities: person('e1', 'Eve Equalities'),
  'public-health': person('p1', 'Pat Health'),
  commercial: person('c1', 'Carl Commercial'),
  'data-protection': person('d1', 'Dana Data'),
  'drafting-officer': person('r1', 'Ruth Bloomfield'),
  director: person('b1', 'Dee Director'),
  'chief-executive': person('ce1', 'Chris Executive'),
  dmpc: person('dm1', 'Sophie Linden'),
} satisfies Record<string, Person>;
const everyone = [admin, ...Object.values(people)];
const home = channelThread('1700000000001');
const REF = 'PCD 1065';
const TITLE = 'Criminal Justice System - 2022/23 Commissioning Decisions';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ people: everyone, admins: [admin] });
});
afterAll(async () => {
  await h.close();
});

const lastText = () => {
  const texts = h.connector.sent.filter((s) => typeof s.activity.text === 'string');
  return String(texts[texts.length - 1]?.activity.text ?? '');
};

async function currentVersion(): Promise<number> {
  return (await h.store.getDecision(REF))!.decision.version;
}

async function homeCard() {
  await h.settle();
  const stored = (await h.store.getDecision(REF))!;
  const id = stored.home!.cardActivityId!;
  const updates = h.connector.updated.filter((u) => u.activityId === id);
  const activity = updates.length
    ? updates[updates.length - 1]!.activity
    : h.connector.sent.find((s) => s.id === id)!.activity;
  return cardOf(activity)!;
}

describe('the PCD 1065 scenario', () => {
  test('an admin assigns the MOPAC roles by @mention', async () => {
    for (const [role, who] of Object.entries(people)) {
      const res = await h.say(admin, home, `role ${role} <at>${who.name}</at>`, { mentions: [who] });
      expect(res.status).toBe(200);
      expect(lastText()).toContain(`${who.name} now holds`);
    }
    const roles = await h.store.listRoleAssignments();
    expect(roles).toHaveLength(10);
  });

  test('a non-admin cannot assign roles', async () => {
    await h.say(people.finance, home, `role legal <at>${people.finance.name}</at>`, { mentions: [people.finance] });
    expect(lastText()).toMatch(/Only admins/);
    expect(await h.store.listRoleAssignments()).toHaveLength(10);
  });

  test('new posts one card and makes this thread its home', async () => {
    const before = h.connector.sent.length;
    await h.say(people['drafting-officer'], home, `new ${REF} ${TITLE}`);
    const cards = h.connector.sent.slice(before).filter((s) => cardOf(s.activity));
    expect(cards).toHaveLength(1);
    expect(cards[0]!.conversationId).toBe(home.conversationId);
    expect(cardText(cardOf(cards[0]!.activity))).toContain(TITLE);
    const stored = await h.store.getDecision(REF);
    expect(stored?.home?.cardActivityId).toBe(cards[0]!.id);
    expect(stored?.decision.status).toBe('draft');
  });

  test('a duplicate reference is refused', async () => {
    await h.say(people['drafting-officer'], home, `new ${REF} Another title`);
    expect(lastText()).toContain('PCD 1065 already exists');
  });

  test('the four funding lines add up to £3,740,000', async () => {
    const lines = [
      'Drug Testing in Police Custody | 2022/23 £470,000 | Police Grant',
      'MAPPA | 2022/23 £40,000 | Police Grant',
      'GPS Tagging | 2022/23 £900,000 | Core funding',
      "Women's wrap around service | 2022/23 £920,000, 2023/24 £760,000, 2024/25 £650,000 | Police Grant",
    ];
    for (const line of lines) await h.say(people['drafting-officer'], home, `fund ${REF} | ${line}`);
    expect(lastText()).toContain('£3,740,000');
    const card = await homeCard();
    expect(cardText(card)).toContain('£3,740,000');
    expect(cardText(card)).toContain('£2,330,000');
  });

  test('the recommendations come in through the edit form', async () => {
    const reply = await h.click(people['drafting-officer'], home, 'decision.update', {
      ref: REF,
      version: await currentVersion(),
      title: TITLE,
      summary: 'Funding for projects that break the cycle of re-offending.',
      recommendations:
        '1. Approve the one-year funding of three Criminal Justice System projects in 2022/23.\n2. Approve a three-year budget for the Female Offenders wraparound service.\n3. Delegate responsibility for agreeing the specific terms to the Director of Commissioning and Partnerships.',
      backgroundPapers:
        'PCD 849 was signed in October 2020.\nPCD 948 Pan-London Female Offender Co-Commissioned service 2021/22.\nPCD 498 GPS pilots 2021/22 contract award.',
    });
    expect(reply.status).toBe(200);
    expect(reply.type).toBe('application/vnd.microsoft.card.adaptive');
    expect((await h.store.getDecision(REF))!.decision.recommendations).toHaveLength(3);
  });

  test('submit names the DMPC as decision maker', async () => {
    await h.say(people['drafting-officer'], home, `submit ${REF}`);
    expect(lastText()).toMatch(/Deputy Mayor for Policing and Crime/);
    expect((await h.store.getDecision(REF))!.decision.status).toBe('in_review');
  });

  test('a wrong-role tick is refused and changes nothing', async () => {
    const version = await currentVersion();
    const reply = await h.click(people.legal, home, 'declaration.tick', {
      ref: REF,
      version,
      item: 'financial-advice',
    });
    expect(reply.status).toBe(200);
    expect(reply.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(reply.value)).toBe('Only the Finance role can tick Financial Advice.');
    expect(await currentVersion()).toBe(version);
  });

  test('a click from a stale card is refused and answered with the current card', async () => {
    const reply = await h.click(people.finance, home, 'declaration.tick', {
      ref: REF,
      version: 1,
      item: 'financial-advice',
    });
    expect(reply.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(reply.value)).toMatch(/out of date/);
    expect((await h.store.getDecision(REF))!.decision.ticks['financial-advice']).toBeUndefined();
  });

  test('the card carries each reviewer a Tick with its version; a repeated click is a no-op', async () => {
    const card = await homeCard();
    const action = findAction(card, 'declaration.tick', (d) => d.item === 'finance');
    expect(action).toBeDefined();
    const first = await h.click(people.finance, home, 'declaration.tick', action!.data);
    expect(first.type).toBe('application/vnd.microsoft.card.adaptive');
    const afterFirst = await currentVersion();
    const again = await h.click(people.finance, home, 'declaration.tick', action!.data);
    expect(again.status).toBe(200);
    expect(await currentVersion()).toBe(afterFirst);
    const audit = await h.store.getAudit(REF);
    expect(audit.filter((e) => e.type === 'declaration.ticked' && e.details.item === 'finance')).toHaveLength(1);
  });

  test('the other seven reviewers tick and it waits for the Chief Executive', async () => {
    const items: [string, Person][] = [
      ['legal', people.legal],
      ['equalities', people.equalities],
      ['public-health', people['public-health']],
      ['commercial', people.commercial],
      ['GDPR/Data Privacy', people['data-protection']], // an item may also be named by its title
      ['drafting-officer', people['drafting-officer']],
      ['director', people.director],
    ];
    for (const [item, who] of items) {
      const reply = await h.click(who, home, 'declaration.tick', { ref: REF, version: await currentVersion(), item });
      expect(reply.type).toBe('application/vnd.microsoft.card.adaptive');
    }
    expect((await h.store.getDecision(REF))!.decision.status).toBe('awaiting_chief_executive');
  });

  test('the DMPC cannot sign before the Chief Executive', async () => {
    const reply = await h.click(people.dmpc, home, 'signature.sign', {
      ref: REF,
      version: await currentVersion(),
      key: 'decision-maker',
      interest: '',
    });
    expect(String(reply.value)).toMatch(/Chief Executive must sign before/);
  });

  test('the Chief Executive signs, then the DMPC with a declaration of interest: approved', async () => {
    await h.click(people['chief-executive'], home, 'signature.sign', {
      ref: REF,
      version: await currentVersion(),
      signature: 'chief-executive',
    });
    const reply = await h.click(people.dmpc, home, 'signature.sign', {
      ref: REF,
      version: await currentVersion(),
      key: 'decision-maker',
      interest: 'None',
    });
    expect(reply.type).toBe('application/vnd.microsoft.card.adaptive');
    const d = (await h.store.getDecision(REF))!.decision;
    expect(d.status).toBe('approved');
    expect(d.signatures['decision-maker']?.statement).toContain('The above request has my approval.');
    expect(d.signatures['decision-maker']?.by.name).toBe('Sophie Linden');
    expect(cardText(await homeCard())).toMatch(/Approved/);
  });

  test('one card, updated in place: no second card was posted to the home thread', async () => {
    await h.settle();
    const cardsHome = h.connector.sent.filter((s) => s.conversationId === home.conversationId && cardOf(s.activity));
    expect(cardsHome).toHaveLength(1);
    expect(h.connector.updated.length).toBeGreaterThan(0);
  });

  test('an approved decision is immutable', async () => {
    const version = await currentVersion();
    await h.say(people['drafting-officer'], home, `fund ${REF} | MAPPA | 2022/23 £50,000 | Police Grant`);
    expect(lastText()).toMatch(/approved and cannot change/);
    expect(await currentVersion()).toBe(version);
  });

  test('history lists the events and verifies the chain', async () => {
    await h.say(admin, home, `history ${REF}`);
    expect(lastText()).toMatch(/Audit chain verifies/);
  });

  test('a restart on the same DATA_DIR keeps it all', async () => {
    await h.restart();
    const d = (await h.store.getDecision(REF))!.decision;
    expect(d.status).toBe('approved');
    expect(await h.store.listRoleAssignments()).toHaveLength(10);
    await h.say(admin, home, `history ${REF}`);
    expect(lastText()).toMatch(/Audit chain verifies/);
  });
});
