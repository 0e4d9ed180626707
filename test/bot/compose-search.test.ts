/**
 * Decisions in the compose box: the message extension's search (`composeExtension/query`) and
 * pick (`composeExtension/selectItem`), driven over HTTP as Teams sends them, against a known
 * register. What a person finds follows the register's rules; the inserted card is the shared
 * base card, read-only except for the pending role holders its refresh names.
 */
import { startHarness, type Harness } from '../support/bot-harness';
import { base, type Person, type Place } from '../support/teams-activities';
import { all, awaitingChief, clock, deferred, financeDraft, inReview } from '../tab/tab-register';
import { seedActors } from '../fixtures/seed-decision';
import { SEARCH_COMMAND } from '../../bot/search-routes';

type Json = Record<string, unknown>;
const as = (key: string, actor: { aadObjectId: string; name: string }): Person => ({ id: `29:${key}`, ...actor });
const chief = as('chief', seedActors.chiefExecutive);
const finance = as('finance', seedActors.finance);
const member = as('member', { aadObjectId: '00000000-0000-4000-8000-000000000999', name: 'Mo Member' });
const groupChat: Place = { conversationId: '19:group-chat@thread.v2', conversationType: 'groupChat' };
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ people: [chief, finance, member], admins: [], clock });
  for (const d of all)
    await h.store.createDecision(d, [{ type: 'decision.created', details: { ref: d.ref } }], {
      actor: d.createdBy,
      at: d.createdAt,
    });
  for (const [role, holder] of [
    ['chief-executive', seedActors.chiefExecutive],
    ['finance', seedActors.finance],
  ] as const)
    await h.store.addRoleAssignment({
      role,
      holder,
      deputy: false,
      assignedBy: seedActors.director,
      assignedAt: '2026-01-01T09:00:00.000Z',
    });
});
afterAll(async () => h.close());

/** The compose box asking: `initialRun` when it opens, then what the person typed. */
async function search(from: Person, text: string | null, queryOptions: Json = { skip: 0, count: 25 }) {
  const parameters = text === null ? [{ name: 'initialRun', value: 'true' }] : [{ name: 'query', value: text }];
  const res = await h.post({
    ...base(h.connector.url, from, groupChat),
    type: 'invoke',
    name: 'composeExtension/query',
    value: { commandId: SEARCH_COMMAND, parameters, queryOptions },
  });
  expect(res.status).toBe(200);
  return (res.body as { composeExtension: Json }).composeExtension;
}

async function pick(from: Person, value: unknown) {
  const res = await h.post({
    ...base(h.connector.url, from, groupChat),
    type: 'invoke',
    name: 'composeExtension/selectItem',
    value,
  });
  expect(res.status).toBe(200);
  return (res.body as { composeExtension: Json }).composeExtension;
}

const refsIn = (result: Json) =>
  (result.attachments as { preview: { content: { tap: { value: { ref: string } } } } }[]).map(
    (a) => a.preview.content.tap.value.ref,
  );

test('opening the compose box lists the decisions the person may see, most recently changed first, in pages', async () => {
  const first = await search(member, null);
  expect(first).toEqual(expect.objectContaining({ type: 'result', attachmentLayout: 'list' }));
  const refs = refsIn(first);
  expect(refs).toHaveLength(25);
  const rest = refsIn(await search(member, null, { skip: 25, count: 25 }));
  // A member sees the 30 approved and published decisions: no draft, nothing in sign-off, nothing deferred.
  expect([...refs, ...rest].sort()).toEqual(Array.from({ length: 30 }, (_, i) => `PCD ${3001 + i}`).sort());
  const updated = [...refs, ...rest].map((ref) => all.find((d) => d.ref === ref)!.updatedAt);
  expect(updated).toEqual([...updated].sort().reverse());

  const chiefRefs = [...refsIn(await search(chief, null)), ...refsIn(await search(chief, null, { skip: 25 }))];
  expect(chiefRefs).toHaveLength(all.length);
  expect(chiefRefs).toEqual(expect.arrayContaining([inReview.ref, financeDraft.ref, awaitingChief.ref, deferred.ref]));
});

test('each result shows reference, title, status and total, and picking it asks for that decision', async () => {
  const [result] = (await search(member, 'number 7')).attachments as Json[];
  expect(result).toEqual({
    contentType: 'application/vnd.microsoft.card.hero',
    content: { title: 'PCD 3007: Approved decision number 7', text: 'Approved · £7,000' },
    preview: {
      contentType: 'application/vnd.microsoft.card.thumbnail',
      content: {
        title: 'PCD 3007: Approved decision number 7',
        text: 'Approved · £7,000',
        tap: { type: 'invoke', value: { ref: 'PCD 3007' } },
      },
    },
  });
});

test('a reference typed in any form finds that decision; words search titles; no match says what to try', async () => {
  for (const typed of ['pcd3012', 'PCD-3012', '3012'])
    expect(refsIn(await search(member, typed))).toEqual(['PCD 3012']);
  expect(refsIn(await search(chief, 'CUSTODY health'))).toEqual([awaitingChief.ref]);
  const none = await search(member, 'custody');
  expect(none).toEqual({
    type: 'message',
    text: expect.stringContaining('No decision you can see matches "custody". Try its reference'),
  });
  // The finance officer sees their own draft, nobody else's unpublished decisions.
  expect(refsIn(await search(finance, 'private draft'))).toEqual([financeDraft.ref]);
  expect((await search(member, 'private draft')).type).toBe('message');
  expect((await search(member, deferred.ref)).type).toBe('message');
});

test('picking inserts a read-only card, refreshed into an actionable view for the pending signer', async () => {
  const picked = await pick(chief, { ref: awaitingChief.ref });
  expect(picked.type).toBe('result');
  const attachment = (picked.attachments as { contentType: string; content: Json; preview: Json }[])[0]!;
  expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
  const card = attachment.content;
  expect(JSON.stringify(card)).toContain(awaitingChief.ref);
  // No buttons for a person with nothing to do (the home card's shared view shows them all).
  expect(JSON.stringify(card)).not.toMatch(/"verb":"(signature\.sign|decision\.reject|decision\.withdraw)"/);
  expect(card.refresh).toEqual({
    action: expect.objectContaining({
      type: 'Action.Execute',
      verb: 'card.refresh',
      data: expect.objectContaining({ ref: awaitingChief.ref }),
    }),
    userIds: [chief.id],
  });
  // Teams runs the refresh for the chief executive wherever the card was inserted: their own view can sign.
  const refreshData = ((card.refresh as Json).action as Json).data as Json;
  const view = await h.click(chief, groupChat, 'card.refresh', refreshData);
  expect(view.status).toBe(200);
  expect(JSON.stringify(view.value)).toContain('"verb":"signature.sign"');
  // The same server checks as on the home card: a member's forged signature is refused and changes nothing.
  const before = (await h.store.getDecision(awaitingChief.ref))!.decision.version;
  const forged = await h.click(member, groupChat, 'signature.sign', { ref: awaitingChief.ref, version: before });
  expect(forged.type).toBe('application/vnd.microsoft.activity.message');
  expect((await h.store.getDecision(awaitingChief.ref))!.decision.version).toBe(before);
});

test('a search command this version does not have is answered in the compose box, and nothing is posted', async () => {
  const before = h.connector.sent.length;
  const res = await h.post({
    ...base(h.connector.url, member, groupChat),
    type: 'invoke',
    name: 'composeExtension/query',
    value: { commandId: 'searchSomethingElse', parameters: [{ name: 'query', value: 'x' }] },
  });
  expect(res).toEqual({
    status: 200,
    body: {
      composeExtension: {
        type: 'message',
        text: 'This search is not one I know. Ask your Teams admin to update the Decision Tracker app.',
      },
    },
  });
  expect(h.connector.sent.length).toBe(before);
});

test('a forged or stale pick is answered in the compose box and inserts nothing', async () => {
  expect(await pick(member, { ref: financeDraft.ref })).toEqual({
    type: 'message',
    text: expect.stringMatching(
      /^PCD 4002 is not published, so only its drafter \(Finance Officer\).* can share it\.$/,
    ),
  });
  expect(await pick(member, { ref: 'PCD 9999' })).toEqual({
    type: 'message',
    text: 'There is no decision "PCD 9999". Search again by its reference or words from its title.',
  });
  for (const value of [null, 'PCD 3001', { ref: 42 }, {}]) expect((await pick(member, value)).type).toBe('message');
});
