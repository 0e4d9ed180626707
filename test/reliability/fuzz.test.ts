/**
 * Fuzzing /api/messages with fast-check: malformed and hostile activities (missing fields, wrong
 * types, huge text, unicode, invalid card data, forged verbs, other tenants, unknown
 * conversations). The bot never answers 5xx, never crashes, changes nothing, and when it answers
 * 200 to a message in an allowed tenant it says something clear (never the "went wrong" reply).
 * Raw bodies that are not activities at all: fuzz-raw-bodies.test.ts.
 */
import fc from 'fast-check';
import { loadProfile } from '../../app/profile-loader';
import { verbs } from '../../bot/routes';
import { startHarness, type Harness } from '../support/bot-harness';
import { TENANT, channelThread, invoke, message, personalChat, type Person } from '../support/teams-activities';
import {
  admin,
  assignRoles,
  createDraft,
  createInReview,
  drafter,
  outsider,
  reviewerTeam,
  snapshot,
} from './decisions';
import { scale, timeoutMs } from './scale';
import { checkTurnFailures } from '../support/turn-failures';

const profile = loadProfile();
const team = reviewerTeam(profile);
const home = channelThread('1700000000970');
const WENT_WRONG = 'Something went wrong on our side';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    people: [admin, drafter, outsider, ...team.map((t) => t.who)],
    admins: [admin],
    allowedTenants: [TENANT],
  });
  const now = new Date().toISOString();
  await assignRoles(h.store, team, now);
  await createInReview(h.store, profile, 'PCD 8000', now);
  await createDraft(h.store, profile, 'PCD 8001', now);
});
afterAll(async () => h.close());

const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.integer({ min: 4_000, max: 300_000 }).map((n) => 'ж'.repeat(n)),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e',
    '<at>Decision Tracker</at>',
    '<script>alert(1)</script>',
    '${jndi:ldap://x}',
    '{{7*7}}',
    '../../etc/passwd',
  ),
  // Commands that only read, with nonsense arguments.
  fc
    .tuple(
      fc.constantFrom('show', 'history', 'list', 'mine', 'help', 'roles', 'expiring', 'export', 'reminders'),
      fc.string({ unit: 'grapheme', maxLength: 60 }),
    )
    .map(([c, a]) => `${c} ${a}`),
  // Commands that would change something, from someone without the right, or with broken arguments.
  fc
    .tuple(
      fc.constantFrom(
        'role finance',
        'role dmpc',
        'withdraw PCD 8000',
        'withdraw PCD 8001',
        'fund PCD 8000 |',
        'fund | | |',
        'submit',
        'role',
      ),
      fc.string({ maxLength: 40 }),
    )
    .map(([c, a]) => `${c} ${a}`),
);

const wrongValue = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 30 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.object({ maxDepth: 2, maxKeys: 3 }),
);

const cardData = fc.oneof(
  fc.record(
    {
      ref: fc.oneof(fc.constantFrom('PCD 8000', 'PCD 8001', 'PCD 9999', ''), wrongValue),
      version: fc.oneof(fc.integer({ min: -5, max: 50 }), wrongValue),
      item: fc.oneof(fc.constantFrom(...profile.declarations.map((d) => d.key), 'nope'), wrongValue),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      ref: fc.constantFrom('PCD 8000', 'PCD 8001'),
      version: fc.integer({ min: 0, max: 20 }),
      key: fc.oneof(fc.constantFrom('chief-executive', 'decision-maker'), wrongValue),
      reason: fc.oneof(hostileText, wrongValue),
      lineIds: wrongValue,
    },
    { requiredKeys: ['ref'] },
  ),
  fc.dictionary(fc.string({ maxLength: 10 }), wrongValue, { maxKeys: 5 }),
  wrongValue,
);

/**
 * Verbs that change state only for the holder of a role (or an admin, or the creator); the fuzz sends them as others.
 */
const GATED = [
  'declaration.tick',
  'declaration.untick',
  'signature.sign',
  'decision.reject',
  'decision.withdraw',
  'import.approve',
];
const verbName = fc.oneof(
  fc.constantFrom(...GATED, 'card.refresh', 'decision.show', 'decision.edit'),
  fc.string({ maxLength: 30 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'declaration.tick ', 'DECLARATION.TICK'),
);

/** Senders of messages: nobody who may withdraw (the creator, drafting officers) or give roles (admins). */
const people = fc.constantFrom<Person>(
  outsider,
  ...team.filter((t) => t.role !== 'drafting-officer').map((t) => t.who),
);
const tenant = fc.oneof(fc.constant(TENANT), fc.uuid(), fc.constant(''), wrongValue);
const conversation = fc.oneof(
  fc.constant(home.conversationId),
  fc.string({ maxLength: 80 }).map((s) => `19:${s}@thread.tacv2`),
  wrongValue,
);

/** Sets or deletes fields (dotted paths) of an activity with values of the wrong type. */
const mutations = fc.array(
  fc.tuple(
    fc.constantFrom(
      'type',
      'id',
      'from',
      'from.id',
      'from.aadObjectId',
      'recipient',
      'conversation',
      'conversation.id',
      'conversation.tenantId',
      'conversation.conversationType',
      'channelData',
      'channelData.tenant',
      'text',
      'value',
      'value.action',
      'value.action.verb',
      'value.action.data',
      'entities',
      'name',
      'channelId',
      'replyToId',
      'attachments',
    ),
    fc.oneof(fc.constant(undefined), wrongValue),
  ),
  { maxLength: 3 },
);

function mutate(activity: Record<string, unknown>, changes: [string, unknown][]): Record<string, unknown> {
  const copy = structuredClone(activity);
  for (const [path, value] of changes) {
    const keys = path.split('.');
    let target: Record<string, unknown> = copy;
    for (const key of keys.slice(0, -1)) {
      if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    const last = keys.at(-1)!;
    if (value === undefined) delete target[last];
    else target[last] = value;
  }
  return copy;
}

const hostileActivity = fc.oneof(
  fc
    .record({ from: people, text: hostileText, tenant, conv: conversation, changes: mutations, personal: fc.boolean() })
    .map(({ from, text, tenant: t, conv, changes, personal }) => {
      const place = personal
        ? personalChat(from)
        : { ...home, conversationId: typeof conv === 'string' ? conv : home.conversationId };
      const a = message(h.connector.url, from, place, text, { tenant: typeof t === 'string' ? t : TENANT });
      return mutate(a, typeof t === 'string' ? changes : [...changes, ['conversation.tenantId', t]]);
    }),
  fc
    .record({
      from: fc.constant(outsider),
      verb: verbName,
      data: cardData,
      tenant,
      changes: mutations,
      submit: fc.boolean(),
    })
    .map(({ from, verb, data, tenant: t, changes, submit }) => {
      const a = invoke(
        h.connector.url,
        from,
        home,
        verb,
        (typeof data === 'object' && data !== null && !Array.isArray(data) ? data : { value: data }) as Record<
          string,
          unknown
        >,
        undefined,
        { tenant: typeof t === 'string' ? t : TENANT },
      );
      const asSubmit = submit
        ? { ...a, type: 'message', name: undefined, value: { verb, ...(a.value.action.data as object) } }
        : a;
      return mutate(asSubmit as Record<string, unknown>, changes);
    }),
  fc.oneof(wrongValue, fc.array(wrongValue, { maxLength: 3 })).map((v) => ({ raw: v })),
);

test(
  `${scale.fuzzInputs} malformed or hostile activities: no crash, no 5xx, no state change, a 4xx or a clear reply`,
  async () => {
    const before = await snapshot(h.store);
    const statuses = new Map<number, number>();
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(hostileActivity, async (activity) => {
        h.connector.reset();
        const body = 'raw' in activity ? activity.raw : activity;
        const res = await fetch(`${h.server.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body) ?? 'undefined',
        });
        const text = await res.text();
        tried++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500)
          throw new Error(`${res.status} ${text.slice(0, 300)} for ${JSON.stringify(body).slice(0, 1500)}`);
        // Checked per input, so that fast-check shrinks a turn that failed to its smallest cause.
        checkTurnFailures(`for ${JSON.stringify(body).slice(0, 1500)}`);
        expect(text).not.toContain(WENT_WRONG);
        await h.settle();
        for (const sent of h.connector.sent) expect(JSON.stringify(sent.activity)).not.toContain(WENT_WRONG);
      }),
      { numRuns: scale.fuzzInputs },
    );
    expect(tried).toBe(scale.fuzzInputs);
    expect(await snapshot(h.store)).toBe(before);
    expect((await fetch(`${h.server.url}/healthz`)).status).toBe(200);
    console.log(
      `fuzz: ${tried} hostile activities, statuses ${JSON.stringify(Object.fromEntries(statuses))}, 0 crashes, 0 state changes`,
    );
  },
  timeoutMs(40, scale.fuzzInputs),
);

test('the gated verbs the fuzz forges are all real verbs', () => {
  for (const verb of GATED) expect(Object.keys(verbs)).toContain(verb);
});
