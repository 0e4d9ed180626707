/**
 * A fake Bot Framework connector on 127.0.0.1 for bot tests: the `serviceUrl` the bot sends
 * replies, proactive messages and card updates to. It records every request, answers like the
 * Teams connector (activity ids, conversations, members), and can be scripted to fail:
 * `connector.failNext(2, { status: 429, headers: { 'Retry-After': '1' } }, 'sendToConversation')`,
 * 403 (bot removed), 404 (conversation gone), 500, or `{ hang: true }` to never answer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';

export type RouteName =
  | 'sendToConversation'
  | 'replyToActivity'
  | 'updateActivity'
  | 'deleteActivity'
  | 'createConversation'
  | 'getConversationMembers'
  | 'getConversationMember'
  | 'getConversationPagedMembers'
  | 'unknown';

export interface FakeMember {
  id: string;
  name: string;
  aadObjectId?: string;
  givenName?: string;
  surname?: string;
  email?: string;
  userPrincipalName?: string;
  tenantId?: string;
  userRole?: string;
  [field: string]: unknown;
}

export interface Fault {
  /** HTTP status to answer with, e.g. 429, 403, 404, 500. */
  status?: number;
  headers?: Record<string, string>;
  /** Response body; default a connector-style `{ error: { code, message } }`. */
  body?: unknown;
  /** Never answer: the request stays open until the client gives up or the connector closes. */
  hang?: boolean;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly route: RouteName;
  readonly conversationId?: string;
  readonly activityId?: string;
  readonly userId?: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: unknown;
  readonly at: number;
  /** The HTTP status answered, or 'hung'. */
  readonly status: number | 'hung';
}

export interface SentActivity {
  /** The id the connector gave the new activity. */
  readonly id: string;
  readonly conversationId: string;
  /** Set for replies (POST .../activities/:activityId). */
  readonly replyToId?: string;
  readonly activity: Partial<Activity>;
  readonly at: number;
}

export interface UpdatedActivity {
  readonly activityId: string;
  readonly conversationId: string;
  readonly activity: Partial<Activity>;
  readonly at: number;
}

export interface CreatedConversation {
  readonly id: string;
  readonly parameters: Record<string, unknown>;
  readonly at: number;
}

type RouteMatch = RouteName | ((request: RecordedRequest) => boolean);

export interface FakeConnector {
  /** The serviceUrl to put in activities, ending in '/'. */
  readonly url: string;
  /** Every request, including failed and hung ones, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Activities accepted by sendToConversation, replyToActivity and createConversation. */
  readonly sent: SentActivity[];
  readonly updated: UpdatedActivity[];
  readonly deleted: { activityId: string; conversationId: string; at: number }[];
  readonly conversations: CreatedConversation[];
  /** The next n requests matching `route` (default: any) get `fault` instead of success. */
  failNext(n: number, fault: Fault, route?: RouteMatch): void;
  /** Members for one conversation (or, without an id, every conversation without its own list). */
  setMembers(members: FakeMember[], conversationId?: string): void;
  /** Resolves with check()'s first truthy result, re-checked after each request; rejects after timeoutMs. */
  waitFor<T>(check: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  /** Waits for a sent activity matching the predicate. */
  waitForSent(predicate: (sent: SentActivity) => boolean, timeoutMs?: number): Promise<SentActivity>;
  /** Forgets what was recorded and any scripted faults (members stay). */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeConnectorOptions {
  /** Members of every conversation, as GET .../members returns them. */
  members?: FakeMember[];
  /** Members of particular conversations, overriding `members`. */
  conversationMembers?: Record<string, FakeMember[]>;
}

const routes: { method: string; pattern: RegExp; route: RouteName }[] = [
  { method: 'POST', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/?$/, route: 'sendToConversation' },
  { method: 'POST', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, route: 'replyToActivity' },
  { method: 'PUT', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, route: 'updateActivity' },
  { method: 'DELETE', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, route: 'deleteActivity' },
  { method: 'POST', pattern: /^\/v3\/conversations\/?$/, route: 'createConversation' },
  { method: 'GET', pattern: /^\/v3\/conversations\/([^/]+)\/members\/?$/, route: 'getConversationMembers' },
  { method: 'GET', pattern: /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/, route: 'getConversationMember' },
  { method: 'GET', pattern: /^\/v3\/conversations\/([^/]+)\/pagedmembers\/?$/, route: 'getConversationPagedMembers' },
];

const defaultFaultBody = (status: number) => ({
  error: {
    code: { 403: 'BotDisabledByAdmin', 404: 'ConversationNotFound', 429: 'Throttled' }[status] ?? 'ServiceError',
    message: `fake connector scripted ${status}`,
  },
});

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function startFakeConnector(options: FakeConnectorOptions = {}): Promise<FakeConnector> {
  let defaultMembers = options.members ?? [];
  const membersByConversation = new Map(Object.entries(options.conversationMembers ?? {}));
  const faults: { remaining: number; fault: Fault; match?: RouteMatch }[] = [];
  const waiters = new Set<() => void>();
  const hung = new Set<http.ServerResponse>();
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}-${++counter}`;
  const membersOf = (conversationId: string) => membersByConversation.get(conversationId) ?? defaultMembers;

  const connector = {
    url: '',
    requests: [] as RecordedRequest[],
    sent: [] as SentActivity[],
    updated: [] as UpdatedActivity[],
    deleted: [] as { activityId: string; conversationId: string; at: number }[],
    conversations: [] as CreatedConversation[],
  };

  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };

  const takeFault = (request: RecordedRequest): Fault | undefined => {
    const entry = faults.find(
      (f) => f.match === undefined || (typeof f.match === 'function' ? f.match(request) : f.match === request.route),
    );
    if (!entry) return undefined;
    if (--entry.remaining <= 0) faults.splice(faults.indexOf(entry), 1);
    return entry.fault;
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      const found = routes
        .map((r) => ({ r, m: r.method === method ? r.pattern.exec(url.pathname) : null }))
        .find((x) => x.m);
      const route: RouteName = found?.r.route ?? 'unknown';
      const [first, second] = (found?.m?.slice(1) ?? []).map((s) => decodeURIComponent(s));
      const isMember = route === 'getConversationMember';
      const base = {
        method,
        path: url.pathname + url.search,
        route,
        conversationId: first,
        activityId: isMember ? undefined : second,
        userId: isMember ? second : undefined,
        headers: req.headers,
        body,
        at: Date.now(),
      };

      const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        connector.requests.push({ ...base, status });
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(payload === undefined ? '' : JSON.stringify(payload));
      };

      const fault = takeFault({ ...base, status: 0 });
      if (fault?.hang) {
        connector.requests.push({ ...base, status: 'hung' });
        hung.add(res);
        res.on('close', () => hung.delete(res));
        notify();
        return;
      }
      if (fault) {
        const status = fault.status ?? 500;
        answer(status, fault.body ?? defaultFaultBody(status), fault.headers);
        notify();
        return;
      }

      const activity = (body ?? {}) as Partial<Activity>;
      const at = base.at;
      switch (route) {
        case 'sendToConversation':
        case 'replyToActivity': {
          const id = nextId('activity');
          connector.sent.push({
            id,
            conversationId: first!,
            replyToId: route === 'replyToActivity' ? second : undefined,
            activity,
            at,
          });
          answer(200, { id });
          break;
        }
        case 'updateActivity':
          connector.updated.push({ activityId: second!, conversationId: first!, activity, at });
          answer(200, { id: second });
          break;
        case 'deleteActivity':
          connector.deleted.push({ activityId: second!, conversationId: first!, at });
          answer(200, undefined);
          break;
        case 'createConversation': {
          const parameters = (body ?? {}) as Record<string, unknown>;
          const id = nextId('conversation');
          connector.conversations.push({ id, parameters, at });
          let activityId: string | undefined;
          if (parameters.activity) {
            activityId = nextId('activity');
            connector.sent.push({
              id: activityId,
              conversationId: id,
              activity: parameters.activity as Partial<Activity>,
              at,
            });
          }
          answer(200, { id, activityId, serviceUrl: connector.url });
          break;
        }
        case 'getConversationMembers':
          answer(200, membersOf(first!));
          break;
        case 'getConversationMember': {
          const member = membersOf(first!).find((m) => m.id === second || m.aadObjectId === second);
          if (member) answer(200, member);
          else
            answer(404, {
              error: { code: 'MemberNotFoundInConversation', message: `${second} is not a member of ${first}` },
            });
          break;
        }
        case 'getConversationPagedMembers': {
          const all = membersOf(first!);
          const pageSize = Math.max(1, Number(url.searchParams.get('pageSize') ?? 200) || 200);
          const start = Number(url.searchParams.get('continuationToken') ?? 0) || 0;
          const members = all.slice(start, start + pageSize);
          const next = start + pageSize < all.length ? String(start + pageSize) : undefined;
          answer(200, { members, continuationToken: next });
          break;
        }
        default:
          answer(404, {
            error: { code: 'NotFound', message: `the fake connector has no route for ${method} ${url.pathname}` },
          });
      }
      notify();
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'FakeConnectorError', message: String(error) } }));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  connector.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  const fake: FakeConnector = Object.assign(connector, {
    failNext(n: number, fault: Fault, route?: RouteMatch) {
      if (n > 0) faults.push({ remaining: n, fault, match: route });
    },
    setMembers(members: FakeMember[], conversationId?: string) {
      if (conversationId === undefined) defaultMembers = members;
      else membersByConversation.set(conversationId, members);
    },
    waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const attempt = () => {
          const result = check();
          if (result) {
            waiters.delete(attempt);
            clearTimeout(timer);
            resolve(result);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(attempt);
          const seen =
            connector.requests.map((r) => `${r.method} ${r.path} -> ${r.status}`).join('; ') || 'no requests';
          reject(new Error(`fake connector: condition not met within ${timeoutMs} ms (${seen})`));
        }, timeoutMs);
        waiters.add(attempt);
        attempt();
      });
    },
    waitForSent(predicate: (sent: SentActivity) => boolean, timeoutMs = 5000) {
      return fake.waitFor(() => connector.sent.find(predicate), timeoutMs);
    },
    reset() {
      connector.requests.length = 0;
      connector.sent.length = 0;
      connector.updated.length = 0;
      connector.deleted.length = 0;
      connector.conversations.length = 0;
      faults.length = 0;
    },
    async close() {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return fake;
}
