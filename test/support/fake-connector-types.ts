/** The fake Bot Connector's types: what it records and how a test scripts its faults. */
import type http from 'node:http';
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

export interface FakeTeam {
  readonly id: string;
  /** The team's channels' conversation ids (a thread `…;messageid=…` belongs to its channel). */
  readonly channelIds: readonly string[];
  readonly members: readonly FakeMember[];
}

/** Who is where in the tenant and where the app is installed: what decides whether a 1:1 chat may start. */
export interface FakeTenant {
  /** Teams the app is installed in, with their channels and members. */
  readonly teams?: readonly FakeTeam[];
  /** MRIs (`29:…`) of users who installed the app personally. */
  readonly personalInstalls?: readonly string[];
  /** MRIs the tenant's app policy blocks: createConversation is refused even with an installation. */
  readonly blocked?: readonly string[];
  /** People in no team with the app (in chats only): on rosters, but no 1:1 chat can start. */
  readonly people?: readonly FakeMember[];
}

export interface Fault {
  /** HTTP status to answer with, e.g. 429, 403, 404, 500. */
  status?: number;
  headers?: Record<string, string>;
  /** Response body; default a connector-style `{ error: { code, message } }`. */
  body?: unknown;
  /** Never answer: the request stays open until the client gives up or the connector closes. */
  hang?: boolean;
  /**
   * With `hang`: accept the request this many ms after it came (as Teams may, after the sender's
   * timeout), so the activity lands in the chat late, and answer it then if the client still waits.
   */
  deliverAfterMs?: number;
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
  /** The HTTP status answered; 'hung' (never answered) or 'late' (accepted after deliverAfterMs). */
  readonly status: number | 'hung' | 'late';
}

export interface SentActivity {
  /** The id the connector gave the new activity. */
  readonly id: string;
  readonly conversationId: string;
  /** Set for replies (POST .../activities/:activityId). */
  readonly replyToId?: string;
  readonly activity: Partial<Activity>;
  readonly at: number;
  /** Accepted late, after a scripted `deliverAfterMs`. */
  readonly late?: boolean;
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

export type RouteMatch = RouteName | ((request: RecordedRequest) => boolean);

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
  /** What Teams would accept but advises against (messages over 80 KB of UTF-16). */
  readonly warnings: string[];
  /** The newest content of a message (its last update, or as sent), or undefined if it was never sent. */
  messageContent(conversationId: string, activityId: string): Partial<Activity> | undefined;
  /** Changes the tenant (teams, installations) from now on. */
  setTenant(tenant: FakeTenant): void;
  /** The next n requests matching `route` (default: any) get `fault` instead of success. */
  failNext(n: number, fault: Fault, route?: RouteMatch): void;
  /** Members for one conversation (or, without an id, every conversation without its own list). */
  setMembers(members: FakeMember[], conversationId?: string): void;
  /** Resolves with check()'s first truthy result, re-checked after each request; rejects after timeoutMs. */
  waitFor<T>(check: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  /** Waits for a sent activity matching the predicate. */
  waitForSent(predicate: (sent: SentActivity) => boolean, timeoutMs?: number): Promise<SentActivity>;
  /** Forgets what was recorded, the send rates and any scripted faults (members and tenant stay). */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeConnectorOptions {
  /** Members of every conversation, as GET .../members returns them. */
  members?: FakeMember[];
  /** Members of particular conversations, overriding `members` and the tenant's channels. */
  conversationMembers?: Record<string, FakeMember[]>;
  /** Teams, installations and people; without it no 1:1 chat can be created. */
  tenant?: FakeTenant;
  /** The clock the rate limits count by (the test's virtual clock); default the real one. */
  now?: () => number;
}
