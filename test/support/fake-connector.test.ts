/** The fake connector answers botbuilder's own Teams calls, records them, and fails on cue. */
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TeamsInfo,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { startFakeConnector, type FakeConnector } from './fake-connector';

const members = [
  { id: '29:alice', name: 'Alice Admin', aadObjectId: '00000000-0000-0000-0000-0000000000a1' },
  { id: '29:fiona', name: 'Fiona Finance', aadObjectId: '00000000-0000-0000-0000-0000000000f1' },
  { id: '29:leo', name: 'Leo Legal', aadObjectId: '00000000-0000-0000-0000-0000000000c1' },
];
const conversationId = '19:commissioning@thread.tacv2;messageid=1700000000001';

/** The part of botbuilder's ConnectorClient (botframework-connector) used here. */
interface ReplyingClient {
  conversations: {
    replyToActivity(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<{ id: string }>;
  };
}

let connector: FakeConnector;
let adapter: CloudAdapter;
const reference = (): Partial<ConversationReference> => ({
  channelId: 'msteams',
  serviceUrl: connector.url,
  conversation: { id: conversationId, isGroup: true, conversationType: 'channel', name: '', tenantId: 'tenant' },
  bot: { id: '28:bot', name: 'Decision Tracker' },
});
/** Runs logic in a proactive turn, as the bot's reminder and card code does. */
const inTurn = (logic: (context: TurnContext) => Promise<void>) =>
  adapter.continueConversationAsync('', reference(), logic);

beforeAll(() => {
  adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' }),
  );
});
beforeEach(async () => {
  connector = await startFakeConnector({ members });
});
afterEach(async () => {
  await connector.close();
});

describe('fake connector', () => {
  it('serves on 127.0.0.1 with a serviceUrl ending in /', () => {
    expect(connector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('records sends, replies and in-place updates from botbuilder', async () => {
    await inTurn(async (context) => {
      const card = await context.sendActivity('the decision card');
      expect(card?.id).toBe('activity-1');
      await context.updateActivity({ id: card!.id, type: 'message', text: 'the card, updated' });
    });
    expect(connector.sent).toEqual([
      expect.objectContaining({
        id: 'activity-1',
        conversationId,
        activity: expect.objectContaining({ text: 'the decision card' }),
      }),
    ]);
    expect(connector.updated).toEqual([
      expect.objectContaining({
        activityId: 'activity-1',
        conversationId,
        activity: expect.objectContaining({ text: 'the card, updated' }),
      }),
    ]);
    // In a proactive turn botbuilder replies to the turn's own (generated) activity id.
    expect(connector.requests.map((r) => [r.method, r.route, r.status])).toEqual([
      ['POST', 'replyToActivity', 200],
      ['PUT', 'updateActivity', 200],
    ]);

    // A reply to a known activity, through botbuilder's ConnectorClient: POST .../activities/:replyToId.
    await inTurn(async (context) => {
      const client = context.turnState.get(adapter.ConnectorClientKey) as ReplyingClient;
      const reply = await client.conversations.replyToActivity(conversationId, 'activity-1', {
        type: 'message',
        text: 'a reply',
      });
      expect(reply.id).toBe('activity-2');
    });
    expect(connector.sent[1]).toMatchObject({
      id: 'activity-2',
      replyToId: 'activity-1',
      activity: { text: 'a reply' },
    });
  });

  it('answers the Teams members calls from the configured members', async () => {
    await inTurn(async (context) => {
      expect((await TeamsInfo.getMember(context, '29:fiona')).aadObjectId).toBe('00000000-0000-0000-0000-0000000000f1');
      const firstPage = await TeamsInfo.getPagedMembers(context, 2);
      expect(firstPage.members.map((m) => m.name)).toEqual(['Alice Admin', 'Fiona Finance']);
      const secondPage = await TeamsInfo.getPagedMembers(context, 2, firstPage.continuationToken);
      expect(secondPage.members.map((m) => m.name)).toEqual(['Leo Legal']);
      expect(secondPage.continuationToken).toBeUndefined();
      await expect(TeamsInfo.getMember(context, '29:nobody')).rejects.toThrow();
    });
    connector.setMembers([members[0]!], 'a:personal');
    const res = await fetch(`${connector.url}v3/conversations/a%3Apersonal/members`);
    expect(await res.json()).toEqual([members[0]]);
    expect(connector.requests.at(-1)).toMatchObject({ route: 'getConversationMembers', conversationId: 'a:personal' });
  });

  it('creates a 1:1 chat only as Teams does: an MRI, isGroup false, the tenant, and the app installed in reach', async () => {
    connector.setTenant({
      teams: [{ id: '19:team', channelIds: ['19:commissioning@thread.tacv2'], members: members.slice(0, 2) }],
      personalInstalls: ['29:leo'],
      blocked: ['29:alice'],
    });
    const create = async (parameters: object) => {
      const res = await fetch(`${connector.url}v3/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(parameters),
      });
      return {
        status: res.status,
        body: (await res.json()) as { id?: string; activityId?: string; error?: { message: string } },
      };
    };
    const ok = { isGroup: false, tenantId: 'tenant', channelData: { tenant: { id: 'tenant' } } };
    expect(await create({ ...ok, members: [{ id: members[1]!.aadObjectId }] })).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/is not a Teams user id/) } },
    });
    expect((await create({ ...ok, channelData: {}, members: [{ id: '29:fiona' }] })).status).toBe(400);
    expect((await create({ ...ok, isGroup: true, members: [{ id: '29:fiona' }] })).status).toBe(400);
    expect((await create({ ...ok, members: [{ id: '29:nobody' }] })).status).toBe(403);
    expect((await create({ ...ok, members: [{ id: '29:alice' }] })).status).toBe(403); // blocked by policy
    const leo = await create({ ...ok, members: [{ id: '29:leo' }] }); // installed personally
    expect(leo).toMatchObject({ status: 200, body: { id: `a:personal-${members[2]!.aadObjectId}` } });
    const fiona = await create({ ...ok, members: [{ id: '29:fiona' }], activity: { type: 'message', text: 'hi' } });
    expect(fiona).toMatchObject({ status: 200, body: { id: `a:personal-${members[1]!.aadObjectId}` } });
    expect(connector.conversations.map((c) => c.id)).toEqual([leo.body.id, fiona.body.id]);
    expect(connector.sent).toEqual([
      expect.objectContaining({ id: fiona.body.activityId, conversationId: fiona.body.id }),
    ]);
  });

  it('throttles past 7 sends a second per conversation, updates included, with a Retry-After', async () => {
    let now = 1_000_000;
    await connector.close();
    connector = await startFakeConnector({ members, now: () => now });
    const url = (c: string) => `${connector.url}v3/conversations/${encodeURIComponent(c)}/activities`;
    const send = (c: string) =>
      fetch(url(c), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"message"}' });
    const update = (c: string) =>
      fetch(`${url(c)}/activity-1`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{"type":"message"}',
      });
    for (let i = 0; i < 6; i++) expect((await send(conversationId)).status).toBe(200);
    // Another thread of the same channel counts with it; another conversation does not.
    expect((await update('19:commissioning@thread.tacv2;messageid=2')).status).toBe(200);
    const throttled = await send(conversationId);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect((await send('a:personal-1')).status).toBe(200);
    now += 1000;
    expect((await send(conversationId)).status).toBe(200);
    // 60 in 30 seconds: paced at 7 a second, the 61st waits for the window.
    for (let sent = 8; sent < 60; sent++) {
      if (sent % 7 === 0) now += 1000;
      expect((await send(conversationId)).status).toBe(200);
    }
    now += 1000;
    const overHalfMinute = await send(conversationId);
    expect(overHalfMinute.status).toBe(429);
    expect(Number(overHalfMinute.headers.get('retry-after'))).toBeGreaterThan(1);
  });

  it('refuses a message over 100 KB of UTF-16 with 413 MessageSizeTooBig, and warns over 80 KB', async () => {
    const post = (text: string) =>
      fetch(`${connector.url}v3/conversations/c1/activities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text }),
      });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      // 45,000 ASCII characters are 45 KB of UTF-8 but 90 KB of UTF-16: accepted, with a warning.
      expect((await post('x'.repeat(45_000))).status).toBe(200);
      expect(connector.warnings).toEqual([expect.stringMatching(/^a message of 9\d{4} bytes of UTF-16/)]);
      const tooBig = await post('x'.repeat(52_000));
      expect(tooBig.status).toBe(413);
      expect(((await tooBig.json()) as { error: { code: string } }).error.code).toBe('MessageSizeTooBig');
    } finally {
      warn.mockRestore();
    }
    expect(connector.sent).toHaveLength(1);
  });

  it('fails scripted requests with the given status and headers, then recovers', async () => {
    connector.failNext(1, { status: 429, headers: { 'Retry-After': '1' } }, 'sendToConversation');
    const url = `${connector.url}v3/conversations/${encodeURIComponent(conversationId)}/activities`;
    const post = () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'hi' }),
      });
    const throttled = await post();
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(((await throttled.json()) as { error: { code: string } }).error.code).toBe('Throttled');
    expect(connector.sent).toHaveLength(0);
    expect((await post()).status).toBe(200);
    expect(connector.sent).toHaveLength(1);
    expect(connector.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('surfaces 403 and 404 to botbuilder as errors, only on the routes scripted', async () => {
    connector.failNext(1, { status: 403 }, (r) => r.method === 'POST');
    connector.failNext(1, { status: 404 }, (r) => r.route === 'updateActivity' && r.activityId === 'gone');
    await inTurn(async (context) => {
      await expect(context.sendActivity('to a bot that was removed')).rejects.toMatchObject({ statusCode: 403 });
      await expect(context.updateActivity({ id: 'gone', type: 'message', text: 'x' })).rejects.toMatchObject({
        statusCode: 404,
      });
      await context.updateActivity({ id: 'gone', type: 'message', text: 'x' });
    });
    expect(connector.requests.map((r) => `${r.route} ${r.status}`)).toEqual([
      'replyToActivity 403',
      'updateActivity 404',
      'updateActivity 200',
    ]);
    expect(connector.sent).toEqual([]);
  });

  it('hangs a request until the client gives up, and closes cleanly with it open', async () => {
    connector.failNext(1, { hang: true });
    const url = `${connector.url}v3/conversations/c1/activities`;
    await expect(
      fetch(url, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow();
    expect(connector.requests).toEqual([expect.objectContaining({ route: 'sendToConversation', status: 'hung' })]);
    connector.failNext(1, { hang: true });
    const pending = fetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }).catch(
      (e: unknown) => e,
    );
    await connector.waitFor(() => connector.requests.length === 2);
    await connector.close();
    // fetch rejects (TypeError "fetch failed", from Node's own realm) when the socket is destroyed.
    expect(await pending).toMatchObject({ message: 'fetch failed' });
    connector = await startFakeConnector();
  });

  it('delivers a hung request late when told to: after a client that gave up, and to one still waiting', async () => {
    const url = `${connector.url}v3/conversations/c1/activities`;
    const post = (signal?: AbortSignal) =>
      fetch(url, {
        method: 'POST',
        body: JSON.stringify({ type: 'message', text: 'late' }),
        headers: { 'content-type': 'application/json' },
        signal,
      });
    connector.failNext(1, { hang: true, deliverAfterMs: 150 });
    await expect(post(AbortSignal.timeout(50))).rejects.toThrow();
    expect(connector.sent).toHaveLength(0);
    await connector.waitFor(() => connector.sent.length === 1, 2000);
    expect(connector.sent[0]).toMatchObject({ conversationId: 'c1', late: true, activity: { text: 'late' } });

    connector.failNext(1, { hang: true, deliverAfterMs: 50 });
    const answered = await post();
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as { id: string }).id).toBe(connector.sent[1]!.id);
    expect(connector.requests.map((r) => r.status)).toEqual(['late', 'late']);
  });

  it('deletes only a message that is there', async () => {
    await inTurn(async (context) => {
      const sent = await context.sendActivity('to be deleted');
      await context.deleteActivity(sent!.id!);
      await expect(context.deleteActivity('activity-99')).rejects.toMatchObject({ statusCode: 404 });
    });
    expect(connector.deleted).toEqual([expect.objectContaining({ activityId: 'activity-1', conversationId })]);
  });

  it('waits for an activity, or times out naming what it saw', async () => {
    const waiting = connector.waitForSent((s) => s.activity.text === 'second', 2000);
    await inTurn(async (context) => {
      await context.sendActivity('first');
      await context.sendActivity('second');
    });
    expect((await waiting).id).toBe('activity-2');
    await expect(connector.waitFor(() => connector.updated.length > 0, 50)).rejects.toThrow(
      /condition not met within 50 ms \(POST \/v3\/conversations\/\S+\/activities\/\S+ -> 200; POST .+ -> 200\)$/,
    );
  });

  it('answers unknown routes with 404 and records them', async () => {
    const res = await fetch(`${connector.url}v3/teams/19%3Ateam/conversations`);
    expect(res.status).toBe(404);
    expect(connector.requests).toEqual([expect.objectContaining({ route: 'unknown', status: 404 })]);
    connector.reset();
    expect(connector.requests).toEqual([]);
  });
});
