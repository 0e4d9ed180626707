/**
 * A fake Bot Framework connector on 127.0.0.1 for bot tests: the `serviceUrl` the bot sends
 * replies, proactive messages and card updates to. It records every request, answers like the
 * Teams connector (activity ids, conversations, members), refuses what Teams refuses
 * (teams-rules.ts: rates, sizes, 1:1 chats with users the app cannot reach), and can be scripted
 * to fail:
 * `connector.failNext(2, { status: 429, headers: { 'Retry-After': '1' } }, 'sendToConversation')`,
 * 403 (bot removed), 404 (conversation gone), 500, `{ hang: true }` to never answer, or
 * `{ hang: true, deliverAfterMs: 500 }` to accept the request late, after the sender gave up.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import type {
  CreatedConversation,
  Fault,
  FakeTenant,
  FakeConnector,
  FakeConnectorOptions,
  FakeMember,
  RecordedRequest,
  RouteMatch,
  RouteName,
  SentActivity,
  UpdatedActivity,
} from './fake-connector-types';
import { defaultFaultBody, readBody, routes } from './fake-connector-routes';
import {
  channelMembers,
  rateKey,
  refuseCreateConversation,
  refuseSize,
  SendRates,
  tenantPeople,
  type Refusal,
} from './teams-rules';

export type * from './fake-connector-types';

export async function startFakeConnector(options: FakeConnectorOptions = {}): Promise<FakeConnector> {
  let defaultMembers = options.members ?? [];
  let tenant: FakeTenant = options.tenant ?? {};
  const membersByConversation = new Map(Object.entries(options.conversationMembers ?? {}));
  const rates = new SendRates(options.now ?? Date.now);
  const faults: { remaining: number; fault: Fault; match?: RouteMatch }[] = [];
  const waiters = new Set<() => void>();
  const hung = new Set<http.ServerResponse>();
  const lateTimers = new Set<NodeJS.Timeout>();
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}-${++counter}`;
  const membersOf = (conversationId: string) =>
    membersByConversation.get(conversationId) ??
    membersByConversation.get(rateKey(conversationId)) ??
    channelMembers(tenant, conversationId) ??
    defaultMembers;
  /** Teams gives a user's 1:1 chat with the bot one id: the one their own messages come from. */
  const personalChatOf = (mri: string) => {
    const member = [...tenantPeople(tenant), ...defaultMembers].find((m) => m.id === mri);
    return `a:personal-${member?.aadObjectId ?? mri}`;
  };

  const connector = {
    url: '',
    requests: [] as RecordedRequest[],
    sent: [] as SentActivity[],
    updated: [] as UpdatedActivity[],
    deleted: [] as { activityId: string; conversationId: string; at: number }[],
    conversations: [] as CreatedConversation[],
    warnings: [] as string[],
  };
  const warn = (text: string) => {
    connector.warnings.push(text);
    console.warn(`fake Teams connector: ${text}`);
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

      // A late acceptance was recorded when the request came ('late'); its answer goes out only if
      // the client still waits.
      let late = false;
      const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        if (!late) connector.requests.push({ ...base, status });
        if (res.destroyed || res.writableEnded) return;
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(payload === undefined ? '' : JSON.stringify(payload));
      };

      const fault = takeFault({ ...base, status: 0 });
      if (fault?.hang) {
        const after = fault.deliverAfterMs;
        connector.requests.push({ ...base, status: after === undefined ? 'hung' : 'late' });
        hung.add(res);
        res.on('close', () => hung.delete(res));
        if (after !== undefined) {
          const timer = setTimeout(() => {
            lateTimers.delete(timer);
            late = true;
            accept();
          }, after);
          lateTimers.add(timer);
        }
        notify();
        return;
      }
      if (fault) {
        const status = fault.status ?? 500;
        answer(status, fault.body ?? defaultFaultBody(status), fault.headers);
        notify();
        return;
      }
      accept();

      /** What the connector does with a request it takes: record its effect and answer. */
      function accept() {
        const activity = (body ?? {}) as Partial<Activity>;
        const at = late ? Date.now() : base.at;
        const mark = late ? { late: true } : {};
        const refused = late ? null : teamsRefusal();
        if (refused) {
          answer(refused.status, refused.body, refused.headers);
          notify();
          return;
        }
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
              ...mark,
            });
            answer(200, { id });
            break;
          }
          case 'updateActivity':
            connector.updated.push({ activityId: second!, conversationId: first!, activity, at });
            answer(200, { id: second });
            break;
          case 'deleteActivity':
            // Teams deletes only a message that is there.
            if (!connector.sent.some((m) => m.id === second && m.conversationId === first)) {
              answer(404, {
                error: { code: 'ActivityNotFoundInConversation', message: `no activity ${second} in ${first}` },
              });
              break;
            }
            connector.deleted.push({ activityId: second!, conversationId: first!, at });
            answer(200, undefined);
            break;
          case 'createConversation': {
            const parameters = (body ?? {}) as Record<string, unknown>;
            const id = personalChatOf((parameters.members as { id: string }[])[0]!.id);
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
      }

      /** What Teams would refuse this request with, if anything (teams-rules.ts). */
      function teamsRefusal(): Refusal | null {
        switch (route) {
          case 'sendToConversation':
          case 'replyToActivity':
          case 'updateActivity':
            return refuseSize(body, warn) ?? rates.take(first!);
          case 'createConversation': {
            const activity = (body as { activity?: unknown } | undefined)?.activity;
            return refuseCreateConversation(body, tenant) ?? (activity ? refuseSize(activity, warn) : null);
          }
          default:
            return null;
        }
      }
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
    messageContent(conversationId: string, activityId: string) {
      const update = connector.updated.findLast(
        (u) => u.conversationId === conversationId && u.activityId === activityId,
      );
      return (
        update?.activity ??
        connector.sent.find((m) => m.conversationId === conversationId && m.id === activityId)?.activity
      );
    },
    setTenant(next: FakeTenant) {
      tenant = next;
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
      connector.warnings.length = 0;
      faults.length = 0;
      rates.reset();
    },
    async close() {
      for (const timer of lateTimers) clearTimeout(timer);
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return fake;
}
