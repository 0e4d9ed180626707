/** The connector's REST routes the fake serves, its default fault body, and reading a request body. */
import type http from 'node:http';
import type { RouteName } from './fake-connector-types';

export const routes: { method: string; pattern: RegExp; route: RouteName }[] = [
  { method: 'POST', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/?$/, route: 'sendToConversation' },
  { method: 'POST', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, route: 'replyToActivity' },
  { method: 'PUT', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, route: 'updateActivity' },
  { method: 'DELETE', pattern: /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/, route: 'deleteActivity' },
  { method: 'POST', pattern: /^\/v3\/conversations\/?$/, route: 'createConversation' },
  { method: 'GET', pattern: /^\/v3\/conversations\/([^/]+)\/members\/?$/, route: 'getConversationMembers' },
  { method: 'GET', pattern: /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/, route: 'getConversationMember' },
  { method: 'GET', pattern: /^\/v3\/conversations\/([^/]+)\/pagedmembers\/?$/, route: 'getConversationPagedMembers' },
];

export const defaultFaultBody = (status: number) => ({
  error: {
    code: { 403: 'BotDisabledByAdmin', 404: 'ConversationNotFound', 429: 'Throttled' }[status] ?? 'ServiceError',
    message: `fake connector scripted ${status}`,
  },
});

export async function readBody(req: http.IncomingMessage): Promise<unknown> {
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
