/**
 * In-process measurements: the reminder scan (domain dueReminders) over 100,000 funding lines,
 * the sign-off nudge scan over 10,000 pending decisions, and the largest decision card the bot
 * can send (cards/decision-card.ts, cardBytes).
 */
import { cardBytes, decisionCard } from '../cards/decision-card';
import { LIMITS } from '../domain/decision';
import { summarize } from '../domain/decision-summary';
import type { GovernanceProfile } from '../domain/profile';
import { dueReminders } from '../domain/reminder-schedule';
import type { Decision, FundingLine } from '../domain/types';
import { MAX_FUNDING_LINES } from '../domain/workflow-edit';
import { NudgeMemo, scanNudges } from '../scheduler/nudge-scan';
import type { Store } from '../storage/store';
import { REVIEW_EVERY, inReview, registerRecord, reviewers, roleAssignments } from './register';

export interface ScanResult {
  readonly fundingLines: number;
  readonly decisions: number;
  readonly due: number;
  /** Median of the timed runs. */
  readonly ms: number;
  readonly runsMs: number[];
}

/** Approved decisions with four lines each, ending in every month of 2024/25–2027/28; timed at 30 September 2024. */
export function reminderScan(profile: GovernanceProfile, lines = 100_000, runs = 5): ScanResult {
  const templates = Array.from(
    { length: 60 },
    (_, i) => registerRecord(i, profile, 'http://127.0.0.1:1/').decision,
  ).filter((_, i) => !inReview(i));
  const perDecision = 4;
  const decisions: Decision[] = [];
  for (let n = 0; n * perDecision < lines; n++) {
    const t = templates[n % templates.length] as Decision;
    const funding: FundingLine[] = Array.from({ length: perDecision }, (_, l) => ({
      id: `service-${l + 1}`,
      service: `Service ${l + 1}`,
      source: 'Police Grant',
      allocations: [{ year: 2023 + ((n + l) % 4), amount: 1_000_000 + n }],
    }));
    decisions.push({ ...t, ref: `PCD ${200_000 + n}`, funding });
  }
  const now = '2024-09-30T08:30:00.000Z';
  // The scheduler's scan runs on summaries (what Store.listSummaries gives it).
  const summaries = decisions.map(summarize);
  dueReminders(summaries, profile, now); // warm up
  const runsMs: number[] = [];
  let due = 0;
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    due = dueReminders(summaries, profile, now).length;
    runsMs.push(Math.round((performance.now() - started) * 10) / 10);
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return {
    fundingLines: decisions.length * perDecision,
    decisions: decisions.length,
    due,
    ms: sorted[Math.floor(sorted.length / 2)] as number,
    runsMs,
  };
}

export interface NudgeScanResult {
  readonly pending: number;
  readonly nudges: number;
  /** The scheduler's first scan (nothing remembered yet), decisions recording when their wait began. */
  readonly firstMs: number;
  /** Median of the scans after it (each wait's round remembered until the next falls due, its nudges once queued). */
  readonly laterMs: number;
  readonly laterRunsMs: number[];
  /** Records from before waitingSince: the first scan reads every audit trail, later ones remember. */
  readonly legacyFirstMs: number;
  readonly legacyLaterMs: number;
}

/**
 * The scheduler's nudge scan (scanNudges) over `pending` decisions in review, all overdue (each
 * offers a nudge to every holder of a role it waits for), read from an in-memory store (what lowdb
 * answers from; PostgreSQL adds the query), as the scheduler runs it: one memo across scans.
 */
export async function nudgeScan(profile: GovernanceProfile, pending = 10_000, runs = 5): Promise<NudgeScanResult> {
  const templates = Array.from({ length: 10 }, (_, k) =>
    registerRecord(k * REVIEW_EVERY, profile, 'http://127.0.0.1:1/'),
  );
  const records = Array.from({ length: pending }, (_, n) => {
    const t = templates[n % templates.length]!;
    const ref = `PCD ${300_000 + n}`;
    // Each wait began at its own moment, a minute apart, as in a real register.
    const since = new Date(Date.parse(t.decision.waitingSince!) - n * 60_000).toISOString();
    return {
      decision: { ...t.decision, ref, waitingSince: since },
      audit: t.audit.map((e) => ({ ...e, ref, at: e.type === 'decision.submitted' ? since : e.at })),
    };
  });
  const assignments = roleAssignments(profile, '2024-01-01T00:00:00.000Z');
  const storeOf = (decisions: readonly Decision[]): Store => {
    const summaries = decisions.map(summarize);
    const audits = new Map(records.map((r) => [r.decision.ref, r.audit]));
    return {
      listSummaries: async () => summaries,
      listRoleAssignments: async () => assignments,
      getAudit: async (ref: string) => audits.get(ref) ?? [],
    } as unknown as Store;
  };
  const now = new Date(Date.now() + 10 * 86_400_000);
  const minute = (k: number) => new Date(now.getTime() + k * 60_000).toISOString();
  const time = async (run: () => Promise<unknown>): Promise<number> => {
    const started = performance.now();
    await run();
    return Math.round((performance.now() - started) * 10) / 10;
  };
  await scanNudges(storeOf(records.map((r) => r.decision)), profile, minute(0)); // warm up
  const current = storeOf(records.map((r) => r.decision));
  const memo = new NudgeMemo();
  let nudges = 0;
  // As the scheduler does: what a scan found goes into the outbox, and the memo is told.
  const scan = async (store: Store, at: string, remembered: NudgeMemo) => {
    const found = await scanNudges(store, profile, at, remembered);
    remembered.markQueued(found);
    return found;
  };
  const firstMs = await time(async () => (nudges = (await scan(current, minute(1), memo)).length));
  const laterRunsMs: number[] = [];
  for (let r = 0; r < runs; r++) laterRunsMs.push(await time(() => scan(current, minute(2 + r), memo)));
  const legacy = storeOf(records.map(({ decision: { waitingSince: _absent, ...old } }) => old));
  const legacyMemo = new NudgeMemo();
  const legacyFirstMs = await time(() => scan(legacy, minute(10), legacyMemo));
  const legacyLaterMs = await time(() => scan(legacy, minute(11), legacyMemo));
  const laterMs = [...laterRunsMs].sort((a, b) => a - b)[Math.floor(runs / 2)]!;
  return { pending, nudges, firstMs, laterMs, laterRunsMs, legacyFirstMs, legacyLaterMs };
}

export interface CardResult {
  readonly largestBytes: number;
  readonly case: string;
}

/** The longest texts the domain allows, the most funding lines over ten years, every viewer and state. */
export function largestCard(profile: GovernanceProfile): CardResult {
  const text = (n: number, word: string) => `${word} `.repeat(Math.ceil(n / (word.length + 1))).slice(0, n);
  const at = '2024-01-01T00:00:00.000Z';
  const holders = roleAssignments(profile, at);
  const funding: FundingLine[] = Array.from({ length: MAX_FUNDING_LINES }, (_, l) => ({
    id: `line-${l}`,
    service: text(LIMITS.service, `Service${l}`),
    source: text(LIMITS.source, 'Source'),
    allocations: Array.from({ length: 10 }, (_, y) => ({ year: 2022 + y, amount: 123_456_789 + l })),
  }));
  const big = (d: Decision): Decision => ({
    ...d,
    title: text(LIMITS.title, 'Title'),
    summary: text(LIMITS.summary, 'Summary'),
    recommendations: Array.from({ length: LIMITS.recommendations }, () => text(LIMITS.recommendation, 'Recommend')),
    backgroundPapers: Array.from({ length: LIMITS.backgroundPapers }, (_, p) =>
      text(LIMITS.backgroundPaper, `PCD ${p + 100}`),
    ),
    funding,
  });
  const cases: [string, Decision][] = [
    ['in review', big(registerRecord(0, profile, 'http://127.0.0.1:1/').decision)],
    ['approved', big(registerRecord(1, profile, 'http://127.0.0.1:1/').decision)],
  ];
  const viewers = [
    null,
    ...reviewers(profile).map((r) => ({ aadObjectId: r.holders[0]!.aadObjectId, roles: [r.role] })),
  ];
  let largest: CardResult = { largestBytes: 0, case: '' };
  for (const [state, decision] of cases) {
    for (const viewer of viewers) {
      const bytes = cardBytes(
        decisionCard({ decision, profile, holders, viewer, notice: text(LIMITS.reason, 'Notice') }),
      );
      if (bytes > largest.largestBytes)
        largest = {
          largestBytes: bytes,
          case: `${state}, ${viewer ? `viewer holding ${viewer.roles[0]}` : 'shared card'}`,
        };
    }
  }
  return largest;
}

export interface CardRenderResult {
  /** CPU ms to render the shared card of an in-review decision of the bench register (median of the rounds). */
  readonly sharedMs: number;
  /** The same decision as one reviewer sees it: the card a tick's reply carries. */
  readonly viewerMs: number;
  /** A view asked for again unchanged (Teams' card.refresh from a holder whose view was made): a recent card. */
  readonly repeatMs?: number;
  readonly bytes: number;
}

/**
 * What rendering the decision card from its template costs on its own (adaptivecards-templating,
 * no I/O, warmed up): a tick renders it twice, the clicker's view for the reply and the shared card.
 */
export function cardRender(profile: GovernanceProfile, rounds = 9, perRound = 200): CardRenderResult {
  const decision = registerRecord(0, profile, 'http://127.0.0.1:1/').decision;
  const holders = roleAssignments(profile, '2024-01-01T00:00:00.000Z');
  const reviewer = reviewers(profile)[0]!;
  const viewer = { aadObjectId: reviewer.holders[0]!.aadObjectId, roles: [reviewer.role] };
  const cpuMs = (render: () => void): number => {
    const before = process.cpuUsage();
    for (let i = 0; i < perRound; i++) render();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / perRound;
  };
  // Each render is of a version not rendered before, as after each tick: none is served from the recent cards.
  let version = decision.version;
  const shared = () => decisionCard({ decision: { ...decision, version: ++version }, profile, holders, viewer: null });
  const own = () => decisionCard({ decision: { ...decision, version: ++version }, profile, holders, viewer });
  const again = () => decisionCard({ decision: { ...decision }, profile, holders, viewer });
  cpuMs(shared);
  cpuMs(own);
  cpuMs(again);
  const sharedRuns: number[] = [];
  const viewerRuns: number[] = [];
  const repeatRuns: number[] = [];
  for (let r = 0; r < rounds; r++) {
    sharedRuns.push(cpuMs(shared));
    viewerRuns.push(cpuMs(own));
    repeatRuns.push(cpuMs(again));
  }
  const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! * 1000) / 1000;
  return {
    sharedMs: median(sharedRuns),
    viewerMs: median(viewerRuns),
    repeatMs: median(repeatRuns),
    bytes: cardBytes(shared()),
  };
}
