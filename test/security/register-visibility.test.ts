/**
 * Issue 17, item 6: the register leaked drafts and deferred decisions. Each test is what a member
 * asks for over HTTP, as Teams would deliver it, and what they must not get: another person's
 * draft, a decision in sign-off, or a deferred Part 1 (its title or the reason it is deferred), in
 * `register`, `register csv` and its download link, `list`, `expiring`, `export <ref>`, or the
 * public register. Admins and the profile's governance roles see everything; a link carries the
 * scope its requester had, and a link altered to a wider scope is refused.
 *
 * Decided (see README): `show` and `history` stay open to every member of the tenant, since
 * officers look things up and the card is what the decision's channel already sees; an export
 * is a file that can leave Teams, so before publication only those who see unpublished decisions
 * get one. Part 2 is never held by the bot, only whether there is one.
 */
import { loadProfile } from '../../app/profile-loader';
import { startHarness, type Harness } from '../support/bot-harness';
import { actionsOf, cardOf, cardText } from '../support/card-query';
import { channelThread, personalChat, type Person } from '../support/teams-activities';
import { ada, cass, dana, decisionAt, dora, everyone, fran, giveRoles, olly } from './decisions';

const profile = loadProfile();
const NOW = new Date('2026-11-25T12:00:00.000Z');
const AT = NOW.toISOString();
const home = channelThread('1700000017600');
const SECRET_REASON = 'Tender live until the contract is signed';
/** Published: approved with no deferral. Everything else is not. */
const PUBLISHED = 'PCD 1083';
const HIDDEN = ['PCD 1080', 'PCD 1081', 'PCD 1082'];
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ people: everyone, admins: [ada], clock: { now: () => NOW } });
  await giveRoles(h.store, AT);
  await decisionAt(h.store, profile, 'PCD 1080', 'draft', AT);
  await decisionAt(h.store, profile, 'PCD 1081', 'in_review', AT);
  await decisionAt(h.store, profile, 'PCD 1082', 'approved', AT, { until: '2027-03-31', reason: SECRET_REASON });
  await decisionAt(h.store, profile, PUBLISHED, 'approved', AT);
});
afterAll(async () => h.close());

/** The text of the bot's last reply to `who`'s command. */
async function ask(who: Person, text: string, place = home): Promise<{ text: string; card: unknown }> {
  const from = h.connector.sent.length;
  await h.say(who, place, text);
  const sent = h.connector.sent.slice(from).map((s) => s.activity);
  const card = sent.map(cardOf).find((c) => c !== undefined);
  return { text: sent.map((a) => String(a.text ?? '')).join('\n'), card };
}

function linkIn(text: string): string {
  const link = /\]\(http:\/\/localhost:\d+(\/exports\/[^)\s]+)\)/.exec(text);
  if (!link) throw new Error(`no download link in: ${text}`);
  return link[1]!;
}

async function get(path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${h.server.url}${path}`);
  return { status: res.status, body: await res.text() };
}

const refsIn = (text: string) => ['PCD 1080', 'PCD 1081', 'PCD 1082', PUBLISHED, 'PCD 1084'].filter((ref) => text.includes(ref) || text.includes(`Secret plans ${ref}`));

describe('a member with no governance role', () => {
  it.each([
    ['with no role at all', olly],
    ['holding a reviewer role (Finance)', fran],
  ])('%s gets only the published decisions in `register csv`, and is told why', async (_who, member) => {
    const reply = await ask(member, 'register csv');
    expect(reply.text).toContain('**The register** (1 decision)');
    expect(reply.text).toContain('It holds the published decisions and the ones you drafted; only Drafting Officer role holders, Director/Head of Service role holders, Chief Executive role holders or admins see every decision.');
    const csv = await get(linkIn(reply.text));
    expect(csv.status).toBe(200);
    expect(refsIn(csv.body)).toEqual([PUBLISHED]);
    expect(csv.body).not.toContain(SECRET_REASON);
  });

  it('cannot widen the link to everything by rewriting its scope', async () => {
    const path = linkIn((await ask(olly, 'register csv')).text);
    const [payload = '', signature = ''] = path.slice('/exports/'.length).split('.');
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    for (const scope of [{ s: 'all', u: undefined }, { s: 'published', u: ada.aadObjectId }, { s: 'published', u: dana.aadObjectId }]) {
      const widened = Buffer.from(JSON.stringify({ ...body, ...scope })).toString('base64url');
      const res = await get(`/exports/${widened}.${signature}`);
      expect(res.status).toBe(404);
      expect(refsIn(res.body)).toEqual([]);
    }
  });

  it('sees only the published decisions in `register` and `list`, whatever status is asked for', async () => {
    for (const command of ['register', 'list', 'list all', 'list pending']) {
      const reply = await ask(olly, command);
      expect(refsIn(`${reply.text}\n${cardText(reply.card)}`)).toEqual(command === 'list pending' ? [] : [PUBLISHED]);
    }
    expect((await ask(olly, 'list draft')).text).toMatch(/^No decisions you can see are draft\. It holds the published decisions/);
  });

  it('does not see a deferred decision’s funding in `expiring`', async () => {
    expect(refsIn((await ask(olly, 'expiring 6')).text)).toEqual([PUBLISHED]);
    expect(refsIn((await ask(ada, 'expiring 6')).text)).toEqual(['PCD 1082', PUBLISHED]);
  });

  it('cannot `export` another person’s draft, a decision in sign-off or a deferred Part 1, and is told who can', async () => {
    for (const ref of HIDDEN) {
      const reply = await ask(olly, `export ${ref} md`);
      expect(reply.text).toBe(
        `${ref} is not published, so only its drafter (Dana Drafter), a Drafting Officer, a Director/Head of Service, a Chief Executive or an admin can export it. Type \`show ${ref}\` to see its card.`,
      );
      expect(reply.text).not.toContain('/exports/');
    }
    const published = await get(linkIn((await ask(olly, `export ${PUBLISHED} md`)).text));
    expect(published.status).toBe(200);
    expect(published.body).toContain(`Secret plans ${PUBLISHED}`);
  });

  it('can still look a draft up with `show` (the documented decision): its card, without the drafter’s buttons', async () => {
    const reply = await ask(olly, 'show PCD 1080', personalChat(olly));
    expect(cardText(reply.card)).toContain('Secret plans PCD 1080');
    expect(actionsOf(reply.card).map((a) => a.verb).filter((v) => ['decision.edit', 'decision.submit', 'decision.withdraw'].includes(v))).toEqual([]);
  });
});

describe('the drafter of a decision, with no role', () => {
  it('sees his own draft in the register and may export it, but still no one else’s', async () => {
    await ask(olly, 'new PCD 1084 Secret plans PCD 1084');
    expect((await h.store.getDecision('PCD 1084'))!.decision.createdBy.aadObjectId).toBe(olly.aadObjectId);
    const csv = await get(linkIn((await ask(olly, 'register csv')).text));
    expect(refsIn(csv.body)).toEqual([PUBLISHED, 'PCD 1084']);
    expect((await get(linkIn((await ask(olly, 'export PCD 1084 html')).text))).status).toBe(200);
    expect((await ask(dana, 'export PCD 1084 md')).text).toMatch(/^PCD 1084 is not published, so only its drafter \(Olly Outsider\)/);
  });
});

describe('admins and governance roles', () => {
  it.each([
    ['an admin', ada],
    ['the Chief Executive (a register role)', cass],
    ['a Drafting Officer', dora],
  ])('%s gets every decision in `register csv`, and may export any', async (_who, member) => {
    const csv = await get(linkIn((await ask(member, 'register csv')).text));
    expect(refsIn(csv.body)).toEqual(expect.arrayContaining([...HIDDEN, PUBLISHED]));
    expect((await get(linkIn((await ask(member, 'export PCD 1082 md')).text))).body).toContain(SECRET_REASON);
  });

  it('a link gives what its requester could see when they asked: a role granted later does not widen an earlier link', async () => {
    const before = linkIn((await ask(fran, 'register csv')).text);
    const by = { aadObjectId: ada.aadObjectId, name: ada.name };
    await h.store.addRoleAssignment({ role: 'chief-executive', holder: { aadObjectId: fran.aadObjectId, name: fran.name }, deputy: true, assignedBy: by, assignedAt: AT });
    try {
      const after = linkIn((await ask(fran, 'register csv')).text);
      expect(refsIn((await get(before)).body)).toEqual([PUBLISHED]);
      expect(refsIn((await get(after)).body)).toEqual(expect.arrayContaining(HIDDEN));
    } finally {
      await h.store.removeRoleAssignment('chief-executive', fran.aadObjectId);
    }
  });
});

describe('the public register (GET /decisions)', () => {
  it('lists and serves only published decisions', async () => {
    const register = await get('/decisions');
    expect(refsIn(register.body)).toEqual([PUBLISHED]);
    for (const ref of HIDDEN) expect((await get(`/decisions/${ref.replace(' ', '-')}`)).status).toBe(404);
  });
});
