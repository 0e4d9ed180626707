/**
 * The shape an activity must have before botbuilder and teams-ai see it: what every activity
 * Teams sends has (type, serviceUrl, channelId, conversation.id, from.id, recipient.id), and the
 * right types for the optional fields the bot reads or echoes back. teams-ai's turn state throws
 * on a missing channelId, from.id or recipient.id, and botbuilder's serializer on a reply whose
 * replyToId is not a string: such a request is the sender's fault, so it is a 400, not a turn
 * that fails halfway.
 */
type Fields = Record<string, unknown>;

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmptyString = (v: unknown) => typeof v === 'string' && v !== '';

/** Optional fields that, when present, must be strings. */
const STRING_FIELDS = ['id', 'text', 'name', 'replyToId', 'locale', 'textFormat'] as const;
const ACCOUNT_STRING_FIELDS = ['name', 'aadObjectId', 'role'] as const;
const CONVERSATION_STRING_FIELDS = ['tenantId', 'conversationType', 'name'] as const;

function accountProblem(a: Fields, field: 'from' | 'recipient'): string | null {
  const account = a[field];
  if (!isObject(account) || !nonEmptyString(account.id)) return `The activity has no "${field}.id".`;
  for (const key of ACCOUNT_STRING_FIELDS)
    if (account[key] !== undefined && account[key] !== null && typeof account[key] !== 'string')
      return `The activity's "${field}.${key}" must be a string.`;
  return null;
}

const listOfObjects = (v: unknown) => Array.isArray(v) && v.every(isObject);

/** Why the body is not an activity we can handle, or null when it is one. */
export function activityProblem(body: unknown): string | null {
  if (!isObject(body)) return 'The body must be a Bot Framework activity (a JSON object).';
  const a = body;
  if (!nonEmptyString(a.type)) return 'The activity has no "type".';
  if (typeof a.serviceUrl !== 'string' || !/^https?:\/\//.test(a.serviceUrl))
    return 'The activity has no http(s) "serviceUrl".';
  if (!nonEmptyString(a.channelId)) return 'The activity has no "channelId".';
  const conversation = a.conversation;
  if (!isObject(conversation) || !nonEmptyString(conversation.id)) return 'The activity has no "conversation.id".';
  for (const key of CONVERSATION_STRING_FIELDS)
    if (conversation[key] !== undefined && conversation[key] !== null && typeof conversation[key] !== 'string')
      return `The activity's "conversation.${key}" must be a string.`;
  const account = accountProblem(a, 'from') ?? accountProblem(a, 'recipient');
  if (account) return account;
  for (const key of STRING_FIELDS)
    if (a[key] !== undefined && a[key] !== null && typeof a[key] !== 'string')
      return `The activity's "${key}" must be a string.`;
  if (a.entities !== undefined && a.entities !== null && !listOfObjects(a.entities))
    return 'The activity\'s "entities" must be a list of objects.';
  if (a.attachments !== undefined && a.attachments !== null && !listOfObjects(a.attachments))
    return 'The activity\'s "attachments" must be a list of objects.';
  if (a.channelData !== undefined && a.channelData !== null && !isObject(a.channelData))
    return 'The activity\'s "channelData" must be an object.';
  // teams-ai's Action.Submit route reads value.verb from any message whose value is an "object": null included.
  if (a.type === 'message' && a.value === null) return 'A message\'s "value" must not be null.';
  if (a.type === 'invoke' && a.name === 'adaptiveCard/action' && !(isObject(a.value) && isObject(a.value.action)))
    return 'A card action invoke must carry "value.action" (an object).';
  return null;
}
