/**
 * The mock Teams world of `npm run playground` and the e2e suite: one tenant, the bot, a team
 * with a "Decisions" channel, and six people (the Playground wants currentUser plus exactly 5
 * users) who between them hold the 11 MOPAC roles. `.m365agentsplayground.yml` is this cast
 * rendered by `castYaml`; a test keeps the two in step.
 */

export interface CastPerson {
  /** Short handle for `--as <key>` and tests. */
  readonly key: string;
  /** The Teams user id (what the Playground puts in `from.id`). */
  readonly id: string;
  readonly givenName: string;
  readonly surname: string;
  /** What roles are assigned to. */
  readonly aadObjectId: string;
  /** MOPAC role keys this person holds once roles are seeded. */
  readonly roles: readonly string[];
  /** True for the admin (ADMINS), who is the Playground's default currentUser. */
  readonly admin?: boolean;
}

export const tenantId = '6b1c0a3e-3c52-4d1a-9b1f-0d3c1a5e7f01';
export const bot = { id: 'a5b6c7d8-0000-4000-8000-00000000b075', name: 'Decision Tracker' } as const;
export const team = {
  id: 'team-mopac-id',
  name: 'MOPAC',
  aadGroupId: '6b1c0a3e-3c52-4d1a-9b1f-0d3c1a5e7f02',
  channel: { id: 'channel-decisions-id', name: 'Decisions' },
} as const;
export const personalChat = { id: 'personal-chat-id' } as const;
export const groupChat = { id: 'group-chat-id', name: 'Commissioning' } as const;

/** The admin first (the default currentUser), then the five others. */
export const people: readonly CastPerson[] = [
  {
    key: 'dana',
    id: 'user-dana',
    givenName: 'Dana',
    surname: 'Drafter',
    aadObjectId: '6b1c0a3e-0000-4000-8000-000000000100',
    roles: ['drafting-officer', 'director'],
    admin: true,
  },
  {
    key: 'fiona',
    id: 'user-fiona',
    givenName: 'Fiona',
    surname: 'Finance',
    aadObjectId: '6b1c0a3e-0000-4000-8000-000000000101',
    roles: ['finance', 'commercial'],
  },
  {
    key: 'lee',
    id: 'user-lee',
    givenName: 'Lee',
    surname: 'Legal',
    aadObjectId: '6b1c0a3e-0000-4000-8000-000000000102',
    roles: ['legal', 'data-protection'],
  },
  {
    key: 'erin',
    id: 'user-erin',
    givenName: 'Erin',
    surname: 'Equalities',
    aadObjectId: '6b1c0a3e-0000-4000-8000-000000000103',
    roles: ['equalities', 'public-health'],
  },
  {
    key: 'cal',
    id: 'user-cal',
    givenName: 'Cal',
    surname: 'Chief',
    aadObjectId: '6b1c0a3e-0000-4000-8000-000000000104',
    roles: ['chief-executive', 'director-commissioning'],
  },
  {
    key: 'dee',
    id: 'user-dee',
    givenName: 'Dee',
    surname: 'Deputy',
    aadObjectId: '6b1c0a3e-0000-4000-8000-000000000105',
    roles: ['dmpc'],
  },
];

export const nameOf = (p: CastPerson): string => `${p.givenName} ${p.surname}`;
const emailOf = (p: CastPerson): string => `${p.givenName.toLowerCase()}.${p.surname.toLowerCase()}@mopac.example`;

export const admin: CastPerson = people.find((p) => p.admin)!;

/** The person by key ("fiona"), Teams id, AAD object id or full name, case-insensitive. */
export function findPerson(handle: string): CastPerson | undefined {
  const h = handle.trim().toLowerCase();
  return people.find((p) => [p.key, p.id, p.aadObjectId, nameOf(p)].some((v) => v.toLowerCase() === h));
}

/** The person who holds a role in this cast. */
export function holderOf(role: string): CastPerson {
  const holder = people.find((p) => p.roles.includes(role));
  if (!holder) throw new Error(`Nobody in the Playground cast holds the role "${role}".`);
  return holder;
}

/** Every (role, person) pair, in the order the people are listed. */
export const roleAssignments: readonly { role: string; person: CastPerson }[] = people.flatMap((person) =>
  person.roles.map((role) => ({ role, person })),
);

const q = (s: string): string => JSON.stringify(s);

function userYaml(p: CastPerson): string {
  return `{ id: ${q(p.id)}, name: ${q(nameOf(p))}, userPrincipleName: ${q(emailOf(p))}, aadObjectId: ${q(p.aadObjectId)}, givenName: ${q(p.givenName)}, surname: ${q(p.surname)}, email: ${q(emailOf(p))} }`;
}

/**
 * The Playground configuration with `current` as currentUser (the admin by default) and the
 * other five as users. The Playground's schema spells the key `userPrincipleName`.
 */
export function castYaml(current: CastPerson = admin): string {
  const others = people.filter((p) => p !== current);
  const roleLines = people.map(
    (p) => `#   ${nameOf(p).padEnd(16)} ${p.roles.join(', ')}${p.admin ? ' (admin: ADMINS)' : ''}`,
  );
  return [
    '# Microsoft 365 Agents Playground configuration for `npm run playground` and test/e2e.',
    '# Generated from scripts/playground/cast.ts (castYaml); test/scripts/playground-cast.test.ts',
    '# checks that this file matches it. Roles, once seeded (`npm run playground -- --seed-roles`):',
    ...roleLines,
    'version: "0.1.1"',
    `tenantId: ${q(tenantId)}`,
    `bot: { id: ${q(bot.id)}, name: ${q(bot.name)} }`,
    `currentUser: ${userYaml(current)}`,
    'users:',
    ...others.map((p) => `  - ${userYaml(p)}`),
    `personalChat: { id: ${q(personalChat.id)} }`,
    `groupChat: { id: ${q(groupChat.id)}, name: ${q(groupChat.name)} }`,
    'team:',
    `  id: ${q(team.id)}`,
    `  name: ${q(team.name)}`,
    `  aadGroupId: ${q(team.aadGroupId)}`,
    `  channels: [ { id: ${q(team.channel.id)}, name: ${q(team.channel.name)} } ]`,
    '',
  ].join('\n');
}
