/**
 * Moves a whole register from one store to another (lowdb ↔ PostgreSQL) without loss: decisions
 * with their audit chains verbatim (hashes kept), role assignments in order, conversations, the
 * people the bot knows (both ids), the outbox and the idempotency keys still in force. Then it
 * reopens the target and checks that every record arrived unchanged and that every audit chain
 * there verifies.
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { verifyChain } from '../../domain/audit';
import { refKey } from '../../domain/reference';
import type { AuditEvent } from '../../domain/types';
import { IDEMPOTENCY_DAYS } from '../postgres/idempotency-queries';
import type { Delivery, StoredDecision } from '../store';
import type { CopyEndpoint, IdempotencyEntry } from './copy-endpoint';

export interface CopyOptions {
  readonly openSource: () => Promise<CopyEndpoint>;
  readonly openTarget: () => Promise<CopyEndpoint>;
  /** Copy into a target that already holds records, replacing those with the same keys. */
  readonly force: boolean;
  /** Idempotency keys recorded more than IDEMPOTENCY_DAYS before this are expired and not copied. */
  readonly now: Date;
  readonly log: (line: string) => void;
}

export interface CopyCounts {
  decisions: number;
  auditEvents: number;
  roleAssignments: number;
  conversations: number;
  people: number;
  deliveries: number;
  idempotencyKeys: number;
  expiredIdempotencyKeys: number;
}

export interface CopyReport {
  readonly counts: CopyCounts;
  readonly chainsVerified: number;
  readonly chainsTotal: number;
  /** Empty when the copy is verified. */
  readonly problems: readonly string[];
}

/** Thrown when the target holds records and force is not set; nothing has been written. */
export class TargetNotEmptyError extends Error {}

/** Count and digest of a chain's hashes: equal for two chains exactly when they hold the same events. */
interface ChainFingerprint {
  readonly count: number;
  readonly digest: string;
}

const fingerprint = (audit: readonly AuditEvent[]): ChainFingerprint => ({
  count: audit.length,
  digest: createHash('sha256')
    .update(audit.map((e) => `${e.seq}:${e.hash}`).join('\n'))
    .digest('hex'),
});

const DELIVERY_BATCH = 500;

export async function copyStore(options: CopyOptions): Promise<CopyReport> {
  const source = await options.openSource();
  let copied: Copied;
  let targetDescription: string;
  try {
    const target = await options.openTarget();
    targetDescription = target.description;
    try {
      options.log(`Copying ${source.description} → ${target.description}`);
      await refuseNonEmpty(target, options.force);
      copied = await copyAll(source, target, options);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
  const target = await options.openTarget();
  try {
    const report = await verify(target, copied);
    const c = report.counts;
    const n = (x: number): string => x.toLocaleString('en-GB');
    options.log(`decisions: ${n(c.decisions)} (audit events: ${n(c.auditEvents)})`);
    options.log(`role assignments: ${n(c.roleAssignments)}`);
    options.log(`conversations: ${n(c.conversations)}`);
    options.log(`people: ${n(c.people)}`);
    options.log(`deliveries: ${n(c.deliveries)}`);
    options.log(
      `idempotency keys: ${n(c.idempotencyKeys)}${c.expiredIdempotencyKeys > 0 ? ` (${n(c.expiredIdempotencyKeys)} expired, not copied)` : ''}`,
    );
    options.log(`audit chains verified: ${n(report.chainsVerified)}/${n(report.chainsTotal)}`);
    for (const problem of report.problems.slice(0, 20)) options.log(`problem: ${problem}`);
    if (report.problems.length > 20) options.log(`… and ${n(report.problems.length - 20)} more problems`);
    options.log(
      report.problems.length === 0
        ? `Copy verified: every record is in ${targetDescription}.`
        : `Copy NOT verified: ${n(report.problems.length)} problems.`,
    );
    return report;
  } finally {
    await target.close();
  }
}

async function refuseNonEmpty(target: CopyEndpoint, force: boolean): Promise<void> {
  const held = {
    decisions: (await target.store.listDecisions()).length,
    'role assignments': (await target.store.listRoleAssignments()).length,
    conversations: (await target.listConversations()).length,
    people: (await target.store.listPeople()).length,
    deliveries: (await target.store.listDeliveries()).length,
    'idempotency keys': (await target.listIdempotencyKeys()).length,
  };
  const nonEmpty = Object.entries(held).filter(([, count]) => count > 0);
  if (nonEmpty.length === 0 || force) return;
  throw new TargetNotEmptyError(
    `${target.description} is not empty (${nonEmpty.map(([what, count]) => `${count} ${what}`).join(', ')}): ` +
      'copy into an empty store, or add --force to write over the records with the same keys.',
  );
}

interface Copied {
  readonly counts: CopyCounts;
  readonly decisions: ReadonlyMap<string, { stored: StoredDecision; chain: ChainFingerprint }>;
  readonly roles: Awaited<ReturnType<CopyEndpoint['store']['listRoleAssignments']>>;
  readonly conversations: Awaited<ReturnType<CopyEndpoint['listConversations']>>;
  readonly people: Awaited<ReturnType<CopyEndpoint['store']['listPeople']>>;
  readonly deliveries: readonly Delivery[];
  readonly idempotency: readonly IdempotencyEntry[];
}

async function copyAll(source: CopyEndpoint, target: CopyEndpoint, options: CopyOptions): Promise<Copied> {
  const counts: CopyCounts = {
    decisions: 0,
    auditEvents: 0,
    roleAssignments: 0,
    conversations: 0,
    people: 0,
    deliveries: 0,
    idempotencyKeys: 0,
    expiredIdempotencyKeys: 0,
  };
  const decisions = new Map<string, { stored: StoredDecision; chain: ChainFingerprint }>();
  const all = await source.store.listDecisions();
  for (const stored of all) {
    const audit = await source.store.getAudit(stored.decision.ref);
    await target.importDecision(stored, audit);
    decisions.set(refKey(stored.decision.ref), { stored, chain: fingerprint(audit) });
    counts.decisions++;
    counts.auditEvents += audit.length;
    if (counts.decisions % 1000 === 0)
      options.log(`… ${counts.decisions.toLocaleString('en-GB')}/${all.length.toLocaleString('en-GB')} decisions`);
  }

  const roles = await source.store.listRoleAssignments();
  for (const assignment of roles) await target.store.addRoleAssignment(assignment);
  counts.roleAssignments = roles.length;

  const conversations = await source.listConversations();
  for (const { key, ref } of conversations) await target.store.saveConversation(key, ref);
  counts.conversations = conversations.length;

  const people = await source.store.listPeople();
  for (const person of people) await target.store.savePerson(person);
  counts.people = people.length;

  const deliveries = await source.store.listDeliveries();
  for (let i = 0; i < deliveries.length; i += DELIVERY_BATCH) {
    const batch = deliveries.slice(i, i + DELIVERY_BATCH);
    const added = await target.store.enqueueDeliveries(batch);
    // Only with --force can a key exist already: overwrite it with the source's record.
    if (added < batch.length) for (const { key, ...rest } of batch) await target.store.updateDelivery(key, rest);
  }
  counts.deliveries = deliveries.length;

  const cutoff = options.now.getTime() - IDEMPOTENCY_DAYS * 24 * 60 * 60 * 1000;
  const idempotency: IdempotencyEntry[] = [];
  for (const entry of await source.listIdempotencyKeys()) {
    if (Date.parse(entry.at) < cutoff) {
      counts.expiredIdempotencyKeys++;
      continue;
    }
    await target.store.rememberOnce(entry.key, entry.outcome, entry.at);
    idempotency.push(entry);
  }
  counts.idempotencyKeys = idempotency.length;
  return { counts, decisions, roles, conversations, people, deliveries, idempotency };
}

async function verify(target: CopyEndpoint, copied: Copied): Promise<CopyReport> {
  const problems: string[] = [];
  const inTarget = await target.store.listDecisions();
  let chainsVerified = 0;
  for (const stored of inTarget) {
    const audit = await target.store.getAudit(stored.decision.ref);
    const verdict = verifyChain(audit);
    if (verdict.ok) chainsVerified++;
    else problems.push(`${stored.decision.ref}: audit chain broken at event ${verdict.brokenAt} (${verdict.reason})`);
    const original = copied.decisions.get(refKey(stored.decision.ref));
    if (original === undefined) continue;
    if (!isDeepStrictEqual(stored, original.stored))
      problems.push(`${stored.decision.ref}: the decision differs from the source`);
    if (!isDeepStrictEqual(fingerprint(audit), original.chain))
      problems.push(`${stored.decision.ref}: the audit trail differs from the source`);
  }
  const targetRefs = new Set(inTarget.map((s) => refKey(s.decision.ref)));
  for (const { stored } of copied.decisions.values())
    if (!targetRefs.has(refKey(stored.decision.ref))) problems.push(`${stored.decision.ref}: missing from the target`);

  const roles = await target.store.listRoleAssignments();
  for (const a of copied.roles) {
    if (!roles.some((b) => isDeepStrictEqual(a, b)))
      problems.push(`role ${a.role} of ${a.holder.name}: missing or different in the target`);
  }
  for (const { key, ref } of copied.conversations) {
    if (!isDeepStrictEqual(await target.store.getConversation(key), ref))
      problems.push(`conversation ${key}: missing or different in the target`);
  }
  for (const person of copied.people) {
    const [there] = await target.store.listPeople([person.aadObjectId]);
    if (!isDeepStrictEqual(there, person)) problems.push(`person ${person.name}: missing or different in the target`);
  }
  const deliveries = new Map((await target.store.listDeliveries()).map((d) => [d.key, d]));
  for (const d of copied.deliveries)
    if (!isDeepStrictEqual(deliveries.get(d.key), d))
      problems.push(`delivery ${d.key}: missing or different in the target`);
  const keys = new Map((await target.listIdempotencyKeys()).map((e) => [e.key, e]));
  for (const e of copied.idempotency) {
    if (!isDeepStrictEqual(keys.get(e.key)?.outcome, e.outcome))
      problems.push(`idempotency key ${e.key}: missing or different in the target`);
  }
  return { counts: copied.counts, chainsVerified, chainsTotal: inTarget.length, problems };
}
