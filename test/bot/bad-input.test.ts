/** Bad input gets a clear, specific reply in the chat and changes nothing. */
import { startHarness, type Harness } from '../support/bot-harness';
import { BOT, base, channelThread, message, personalChat, person, submitAction } from '../support/teams-activities';

const officer = person('x1', 'Olive Officer');
const home = channelThread('1700000000300');
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ people: [officer], admins: [] });
  await h.say(officer, home, 'new PCD 2000 A decision to test bad input against');
});
afterAll(async () => h.close());

const lastText = () =>
  String([...h.connector.sent].reverse().find((s) => typeof s.activity.text === 'string')?.activity.text ?? '');

async function expectNothingChanged(work: () => Promise<unknown>) {
  const before = JSON.stringify(await h.store.listDecisions());
  const audit = (await h.store.getAudit('PCD 2000')).length;
  await work();
  expect(JSON.stringify(await h.store.listDecisions())).toBe(before);
  expect((await h.store.getAudit('PCD 2000')).length).toBe(audit);
}

test.each([
  ['shwo PCD 2000', /I don't know the command "shwo"\. Did you mean `show`\?/],
  ['frobnicate', /I don't know the command "frobnicate"\. Type `help`/],
  ['show PCD 9999', /There is no decision "PCD 9999"/],
  ['fund PCD 2000 | MAPPA | 2022/23 £abc | Police Grant', /"£abc"/],
  ['fund PCD 2000 | MAPPA | 2022/23 £40,000', /four parts/],
  ['fund PCD 9999 | MAPPA | 2022/23 £40,000 | Police Grant', /There is no decision "PCD 9999"/],
  ['new', /needs a title/],
  ['new PCD 2001', /^Type the title after the reference, e\.g\. `new PCD 2001 Criminal Justice System/],
  ['expiring 0', /^The window is from 1 to 999 months, not 0/],
  ['expiring 1000', /^The window is from 1 to 999 months, not 1000/],
  ['expiring 2.5', /^Give a whole number of months, not "2\.5"/],
  ['expiring soon', /^"soon" is not a number of months: try `expiring`/],
  ['submit PCD 2000', /recommendation/],
  ['list sideways', /"sideways" is not a status/],
  ['withdraw PCD 2000', /reason/],
])('%s', async (text, expected) => {
  await expectNothingChanged(async () => {
    const res = await h.say(officer, home, text);
    expect(res.status).toBe(200);
  });
  expect(lastText()).toMatch(expected);
});

test('history of a draft with one event says so in the singular', async () => {
  await h.say(officer, personalChat(officer), 'history PCD 2000');
  expect(lastText()).toMatch(/Audit chain verifies: 1 event so far, the start of the chain\.$/);
});

describe('references as people type them', () => {
  const lastCard = () => [...h.connector.sent].reverse().find((s) => Array.isArray(s.activity.attachments))?.activity;
  test.each(['2000', 'pcd2000', 'PCD-2000', 'pcd 2000', 'PCD 2000.', '"PCD 2000"', '`PCD 2000`'])(
    'show %s shows PCD 2000',
    async (ref) => {
      const before = h.connector.sent.length;
      await h.say(officer, personalChat(officer), `show ${ref}`);
      expect(h.connector.sent.length).toBe(before + 1);
      expect(JSON.stringify(lastCard())).toContain('PCD 2000');
    },
  );

  test.each([
    ['history', 'Which decision? Type its reference after the command, e.g. `history PCD 1066`.'],
    ['submit', 'Which decision? Type its reference after the command, e.g. `submit PCD 1066`.'],
    [
      'history PCD 2000 please',
      'There is no decision "PCD 2000 please". Did you mean PCD 2000? Type the reference on its own: `history PCD 2000`.',
    ],
    ['history 9999', 'There is no decision "PCD 9999". Type `list` to see the register.'],
    ['withdraw 2000', 'Give a reason after the reference, e.g. `withdraw PCD 2000 Superseded by a new bid`.'],
    ['export PCD-2000 docx', 'I export as md, html or pdf, not "docx", e.g. `export PCD-2000 pdf`.'],
    ['export 2000 docx', 'I export as md, html or pdf, not "docx", e.g. `export 2000 pdf`.'],
  ])('%s is answered with what to type', async (text, answer) => {
    await expectNothingChanged(() => h.say(officer, home, text));
    expect(lastText()).toBe(answer);
  });
});

test('too-long text is refused with the limit', async () => {
  await expectNothingChanged(() => h.say(officer, home, `new ${'x'.repeat(9000)}`));
  expect(lastText()).toMatch(/characters long; I read commands of up to 8,000/);
});

test('a card verb with broken data is refused in words, not a 500', async () => {
  await expectNothingChanged(async () => {
    const reply = await h.click(officer, home, 'declaration.tick', { ref: 'PCD 2000', version: 'soon', item: 42 });
    expect(reply.status).toBe(200);
    expect(String(reply.value)).toMatch(/This card sent something I cannot use/);
  });
});

test('the edit form saved with an empty title says to fill in the title box', async () => {
  const version = (await h.store.getDecision('PCD 2000'))!.decision.version;
  await expectNothingChanged(async () => {
    const reply = await h.click(officer, home, 'decision.update', {
      ref: 'PCD 2000',
      version,
      title: '  ',
      summary: 'Why',
    });
    expect(reply.value).toBe('The title box is empty: every decision needs a title. Fill it in and press Save again.');
  });
});

test('expiring reads "12 months" as 12 months', async () => {
  await h.say(officer, home, 'expiring 12 months');
  expect(lastText()).toBe('No approved funding ends in the next 12 months.');
});

test('a shortened @mention of the bot still reads the command after it', async () => {
  const activity = {
    ...message(h.connector.url, officer, home, ''),
    text: '<at>Decision</at> roles',
    entities: [{ type: 'mention', mentioned: BOT, text: '<at>Decision</at>' }],
  };
  await h.post(activity);
  expect(lastText()).toMatch(/^\*\*Roles under the MOPAC profile\*\*/);
});

test('an Action.Submit with a verb no route knows is answered, not ignored', async () => {
  await expectNothingChanged(() =>
    h.post(submitAction(h.connector.url, officer, home, { verb: 'decision.frobnicate', ref: 'PCD 2000' })),
  );
  expect(lastText()).toBe('This button is not one I know. Type `show <ref>` for a fresh card of the decision.');
});

test('an invoke the bot has no handler for is refused to its sender and posts nothing in the chat', async () => {
  const before = h.connector.sent.length;
  await expectNothingChanged(async () => {
    const res = await h.post({
      ...base(h.connector.url, officer, home),
      type: 'invoke',
      name: 'composeExtension/querySettingUrl',
      value: { commandId: 'settings', parameters: [] },
    });
    expect(res).toEqual({ status: 400, body: { error: 'This bot does not handle that kind of invoke.' } });
  });
  expect(h.connector.sent.length).toBe(before);
});

test('in a channel, a message without the @mention is not for the bot', async () => {
  const before = h.connector.sent.length;
  const activity = { ...message(h.connector.url, officer, home, 'help'), entities: [], text: 'help' };
  await h.post(activity);
  expect(h.connector.sent.length).toBe(before);
});

test('in personal chat, no @mention is needed', async () => {
  await h.say(officer, personalChat(officer), 'help');
  expect(lastText()).toMatch(/Decision Tracker/);
});

describe('activities Teams never sends are refused with a 400, before any turn runs', () => {
  const without = (path: 'channelId' | 'from.id' | 'recipient.id') => {
    const a: Record<string, unknown> = structuredClone(
      message(h.connector.url, officer, personalChat(officer), 'help'),
    );
    const [first, second] = path.split('.') as [string, string | undefined];
    if (second) delete (a[first] as Record<string, unknown>)[second];
    else delete a[first];
    return a;
  };
  test.each([
    ['no channelId', () => without('channelId'), /"channelId"/],
    ['no from.id', () => without('from.id'), /"from\.id"/],
    ['no recipient.id', () => without('recipient.id'), /"recipient\.id"/],
    [
      'entities that are not a list',
      () => ({ ...message(h.connector.url, officer, home, 'help'), entities: 7 }),
      /"entities"/,
    ],
    [
      'attachments that are not a list',
      () => ({ ...message(h.connector.url, officer, personalChat(officer), ''), attachments: 'x' }),
      /"attachments"/,
    ],
    [
      'a replyToId that is not a string',
      () => ({ ...message(h.connector.url, officer, home, 'help'), replyToId: 12 }),
      /"replyToId"/,
    ],
    [
      'an aadObjectId that is not a string',
      () => ({ ...message(h.connector.url, officer, home, 'help'), from: { id: officer.id, aadObjectId: 5 } }),
      /"from\.aadObjectId"/,
    ],
    [
      'a message whose value is null',
      () => ({ ...message(h.connector.url, officer, home, 'help'), value: null }),
      /"value" must not be null/,
    ],
  ])('%s', async (_what, activity, problem) => {
    const before = h.connector.sent.length;
    const res = await h.post(activity());
    expect(res.status).toBe(400);
    expect((res.body as { error: string }).error).toMatch(problem);
    expect(h.connector.sent.length).toBe(before);
  });
});

describe('role changes', () => {
  test('a role can be given by typing the AAD object id, and removed again', async () => {
    const admin = person('x9', 'Adam Admin');
    const h2 = await startHarness({ people: [admin], admins: [admin] });
    try {
      await h2.say(admin, home, 'role finance 00000000-0000-0000-0000-00000000abcd');
      expect((await h2.store.listRoleAssignments()).map((a) => [a.role, a.holder.aadObjectId])).toEqual([
        ['finance', '00000000-0000-0000-0000-00000000abcd'],
      ]);
      await h2.say(admin, home, 'role finance remove 00000000-0000-0000-0000-00000000abcd');
      expect(await h2.store.listRoleAssignments()).toHaveLength(0);
      await h2.say(admin, home, 'role treasurer 00000000-0000-0000-0000-00000000abcd');
      const last = String(
        [...h2.connector.sent].reverse().find((s) => typeof s.activity.text === 'string')?.activity.text,
      );
      expect(last).toMatch(/"treasurer" is not a role\. The roles are: finance, legal/);
    } finally {
      await h2.close();
    }
  });
});
