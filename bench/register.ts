/**
 * A synthetic register for the benchmarks: decisions made with the real domain operations
 * (created, funded, edited, submitted; two in three also ticked and signed to approval) and
 * their hash-chained audit trails, for a register of any size. People are realistic: eight
 * reviewing roles with three holders each, a chief executive and a decision maker.
 */
import { linkEvents } from '../domain/audit';
import { newDecision } from '../domain/decision';
import type { Result } from '../domain/errors';
import type { GovernanceProfile } from '../domain/profile';
import type { Actor, AuditEvent, Change, Decision, EventDraft } from '../domain/types';
import { addFundingLine, sign, submit, tick, updateDetails } from '../domain/workflow';
import type { ConversationRef, DecisionHome, RoleAssignment } from '../storage/store';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const BOT = { id: '28:decision-tracker-bot', name: 'Decision Tracker' };
export const CHANNEL = '19:commissioning@thread.tacv2';

export interface BenchPerson extends Actor {
  readonly id: string;
}

export const personFor = (key: string, name: string): BenchPerson => ({
  id: `29:${key}`,
  name,
  aadObjectId: `00000000-0000-4000-8000-${key.padStart(12, '0').slice(-12)}`,
});

/** The reviewing roles (the profile's declaration items) and three holders of each. */
export function reviewers(profile: GovernanceProfile): { role: string; holders: BenchPerson[] }[] {
  return profile.declarations.map((item, r) => ({
    role: item.role,
    holders: [0, 1, 2].map((h) => personFor(`${r + 1}${h}`, `${item.title} reviewer ${h + 1}`)),
  }));
}

export const chiefExecutive = personFor('901', 'Chief Executive');
export const decisionMaker = personFor('902', 'Deputy Mayor');
export const director = personFor('903', 'Director of Commissioning');

export function roleAssignments(profile: GovernanceProfile, at: string): RoleAssignment[] {
  const admin = { aadObjectId: director.aadObjectId, name: director.name };
  const out: RoleAssignment[] = [];
  for (const { role, holders } of reviewers(profile)) {
    holders.forEach((holder, i) =>
      out.push({
        role,
        holder: { aadObjectId: holder.aadObjectId, name: holder.name },
        deputy: i > 0,
        assignedBy: admin,
        assignedAt: at,
      }),
    );
  }
  for (const [role, who] of [
    ['chief-executive', chiefExecutive],
    ['dmpc', decisionMaker],
    ['director-commissioning', director],
  ] as const) {
    out.push({
      role,
      holder: { aadObjectId: who.aadObjectId, name: who.name },
      deputy: false,
      assignedBy: admin,
      assignedAt: at,
    });
  }
  return out;
}

export interface RegisterRecord {
  readonly decision: Decision;
  readonly home: DecisionHome;
  readonly audit: AuditEvent[];
}

export const benchRef = (i: number): string => `PCD ${10_000 + i}`;
/**
 * One decision in ten is in review (tickable), submitted an hour before the run so no sign-off
 * nudge is due yet; the others are approved, with funding that ended before 2022, so the bot's
 * scheduler finds nothing to send while the load runs (the reminder scan is timed on its own).
 */
export const REVIEW_EVERY = 10;
export const inReview = (i: number): boolean => i % REVIEW_EVERY === 0;

const unwrap = (r: Result<Change>): Change => {
  if (!r.ok) throw r.error;
  return r.value;
};

const services = [
  'Drug Testing in Police Custody',
  'MAPPA',
  'GPS Tagging',
  "Women's wrap around service",
  'Victim Support',
  'Youth Diversion',
];

export function homeFor(i: number, serviceUrl: string): DecisionHome {
  const conversation: ConversationRef = {
    conversationId: `${CHANNEL};messageid=${1_700_000_000_000 + i}`,
    serviceUrl,
    tenantId: TENANT,
    channelId: 'msteams',
    conversationType: 'channel',
    botId: BOT.id,
    botName: BOT.name,
    teamId: '19:team-general@thread.tacv2',
  };
  return { conversation, cardActivityId: `card-${i}` };
}

/** Decision i of the register, made through the domain operations, with its linked audit trail. */
export function registerRecord(
  i: number,
  profile: GovernanceProfile,
  serviceUrl: string,
  now = new Date(),
): RegisterRecord {
  const ref = benchRef(i);
  const drafter = personFor('801', 'Drafting Officer');
  const origin = inReview(i) ? now.getTime() - 3_600_000 : Date.UTC(2016, 0, 1) + i * 60_000;
  const at = (second: number) => new Date(origin + second * 1000).toISOString();
  const events: { drafts: readonly EventDraft[]; actor: Actor; at: string }[] = [];
  const step = (change: Change, actor: Actor, when: string): Decision => {
    events.push({ drafts: change.events, actor, at: when });
    return change.decision;
  };
  const asDrafter = (minute: number) => ({ actor: drafter, actorRoles: ['drafting-officer'], now: at(minute) });
  let d = step(
    unwrap(
      newDecision({
        ref,
        title: `Commissioning decision ${i}: ${services[i % services.length]}`,
        profile,
        actor: drafter,
        now: at(0),
      }),
    ),
    drafter,
    at(0),
  );
  const lines = 1 + (i % 4);
  for (let l = 0; l < lines; l++) {
    const start = (inReview(i) ? 2027 : 2016) + ((i + l) % 4);
    const years = 1 + ((i + l) % 3);
    const allocations = Array.from({ length: years }, (_, y) => ({
      year: start + y,
      amount: 5_000_000 + ((i * 7919 + l * 104_729) % 90_000_000),
    }));
    const line = {
      id: '',
      service: `${services[(i + l) % services.length]} ${l + 1}`,
      source: l % 2 ? 'Police Grant' : 'Core funding',
      allocations,
    };
    d = step(unwrap(addFundingLine(d, profile, { ...asDrafter(1 + l), line })), drafter, at(1 + l));
  }
  d = step(
    unwrap(
      updateDetails(d, profile, {
        ...asDrafter(10),
        summary:
          `This decision requests funding for ${lines} services in the criminal justice system (register entry ${i}). `.repeat(
            3,
          ),
        recommendations: [
          'Approve the funding set out below.',
          'Delegate the terms of individual grants to the Director of Commissioning and Partnerships.',
        ],
        backgroundPapers: [`PCD ${9_000 + (i % 500)} approved the previous year's funding.`],
      }),
    ),
    drafter,
    at(10),
  );
  d = step(unwrap(submit(d, profile, asDrafter(11))), drafter, at(11));
  if (!inReview(i)) {
    reviewers(profile).forEach(({ role, holders }, r) => {
      const who = holders[i % holders.length] as BenchPerson;
      d = step(
        unwrap(
          tick(d, profile, { item: profile.declarations[r]!.key, actor: who, actorRoles: [role], now: at(20 + r) }),
        ),
        who,
        at(20 + r),
      );
    });
    d = step(
      unwrap(
        sign(d, profile, {
          key: 'chief-executive',
          actor: chiefExecutive,
          actorRoles: ['chief-executive'],
          now: at(40),
        }),
      ),
      chiefExecutive,
      at(40),
    );
    const makerRole = d.decisionMakerRole ?? 'dmpc';
    const maker = makerRole === 'dmpc' ? decisionMaker : director;
    d = step(
      unwrap(sign(d, profile, { key: 'decision-maker', actor: maker, actorRoles: [makerRole], now: at(41) })),
      maker,
      at(41),
    );
  }
  const home = homeFor(i, serviceUrl);
  const audit: AuditEvent[] = [];
  for (const e of events)
    audit.push(
      ...linkEvents(audit.at(-1) ?? null, ref, e.drafts, {
        actor: e.actor,
        at: e.at,
        conversationId: home.conversation.conversationId,
      }),
    );
  return { decision: d, home, audit };
}

/** The version of in-review decision i (created, its lines added, details edited, submitted): what its card carries. */
export const reviewVersion = (i: number): number => 1 + (1 + (i % 4)) + 1 + 1;
