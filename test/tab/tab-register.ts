/**
 * A known register for the tab's tests: 30 approved decisions whose totals and years are set
 * by their number (two with a decision on renewal), one in review waiting for the reviewers'
 * ticks, one awaiting the chief executive, a finance officer's own draft, an approved decision
 * whose Part 1 is deferred past "today", and the role holders. The clock is fixed and passed to
 * the server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Decision, FundingLine, FundingOutcome } from '../../domain/types';
import { startServer, type RunningServer } from '../../app/server';
import type { GovernanceProfile } from '../../domain/profile';
import { LowdbStore } from '../../storage/lowdb-store';
import { testServerOptions } from '../support/server-options';
import type { DecisionHome } from '../../storage/store';
import { seedActors, seedDecision } from '../fixtures/seed-decision';

export const NOW = new Date('2026-11-25T12:00:00.000Z');
export const clock = { now: () => NOW };

export const line = (service: string, year: number, pence: number): FundingLine => ({
  id: service.toLowerCase().replace(/\W+/g, '-'),
  service,
  source: 'Police Grant',
  allocations: [{ year, amount: pence }],
});

/** What was decided about funding ending on 31 March 2027: PCD 3005's renewed, PCD 3008's let end. */
const OUTCOMES: Readonly<Record<number, FundingOutcome>> = {
  5: {
    lineId: 'service-5',
    outcome: 'renewed',
    renewalRef: 'PCD 5005',
    by: seedActors.director,
    at: '2026-10-05T10:00:00.000Z',
  },
  8: {
    lineId: 'service-8',
    outcome: 'ended',
    reason: 'The pilot has done its work',
    by: seedActors.director,
    at: '2026-10-06T10:00:00.000Z',
  },
};

/**
 * PCD 3001..3030: approved, total £(n × 1,000), money in 2024/25, 2025/26 or 2026/27 by n mod 3
 * (so PCD 3002, 3005, …, 3029 end on 31 March 2027, within the funding outlook's 12 months).
 */
export const approved = (n: number): Decision =>
  seedDecision({
    ref: `PCD ${3000 + n}`,
    title: `Approved decision number ${n}`,
    funding: [line(`Service ${n}`, 2024 + (n % 3), n * 100_000)],
    fundingOutcomes: OUTCOMES[n] === undefined ? [] : [OUTCOMES[n]],
    approvedAt: '2026-01-10T10:00:00.000Z',
    updatedAt: `2026-01-${String(10 + (n % 18)).padStart(2, '0')}T10:00:00.000Z`,
  });

const pending = { ticks: {}, signatures: {}, approvedAt: null, decisionMakerRole: 'director' } as const;

export const inReview = seedDecision({
  ref: 'PCD 4001',
  title: 'Youth diversion pilot',
  status: 'in_review',
  ...pending,
  funding: [line('Youth diversion', 2026, 5_000_000)],
  submittedAt: '2026-11-11T09:00:00.000Z',
  waitingSince: '2026-11-11T09:00:00.000Z',
  updatedAt: '2026-11-11T09:00:00.000Z',
});
export const awaitingChief = seedDecision({
  ref: 'PCD 4003',
  title: 'Custody healthcare contract',
  status: 'awaiting_chief_executive',
  ...pending,
  ticks: seedDecision().ticks,
  funding: [line('Custody healthcare', 2026, 9_000_000)],
  waitingSince: '2026-11-20T09:00:00.000Z',
  updatedAt: '2026-11-20T09:00:00.000Z',
});
export const financeDraft = seedDecision({
  ref: 'PCD 4002',
  title: 'Finance officer private draft',
  status: 'draft',
  ...pending,
  decisionMakerRole: null,
  createdBy: seedActors.finance,
  funding: [line('Audit support', 2026, 1_000_000)],
});
export const deferred = seedDecision({
  ref: 'PCD 4004',
  title: 'Deferred secret procurement',
  funding: [line('Secret procurement', 2026, 7_000_000)],
  approvedAt: '2026-11-01T10:00:00.000Z',
  part1Deferral: { until: '2027-06-01', reason: 'Commercial negotiations are ongoing' },
});

export const all: readonly Decision[] = [
  ...Array.from({ length: 30 }, (_, i) => approved(i + 1)),
  inReview,
  financeDraft,
  awaitingChief,
  deferred,
];

export const home: DecisionHome = {
  conversation: {
    conversationId: '19:abc@thread.tacv2;messageid=1700000000001',
    serviceUrl: 'https://smba.trafficmanager.net/uk/',
    tenantId: 'tenant-a',
    channelId: 'msteams',
    conversationType: 'channel',
    botId: '28:bot',
    botName: 'Decision Tracker',
    teamId: '19:team@thread.tacv2',
  },
  cardActivityId: '1700000000555',
};

export interface TabRegister {
  readonly store: LowdbStore;
  close(): Promise<void>;
}

export async function openTabRegister(): Promise<TabRegister> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-tab-'));
  const store = new LowdbStore(dataDir);
  await store.open();
  for (const d of all)
    await store.createDecision(d, [{ type: 'decision.created', details: { ref: d.ref } }], {
      actor: d.createdBy,
      at: d.createdAt,
    });
  await store.setHome(inReview.ref, home);
  await store.setWatchers('PCD 3007', [seedActors.finance.aadObjectId]);
  const assign = (role: string, holder: (typeof seedActors)[keyof typeof seedActors]) =>
    store.addRoleAssignment({
      role,
      holder,
      deputy: false,
      assignedBy: seedActors.director,
      assignedAt: '2026-01-01T09:00:00.000Z',
    });
  await assign('finance', seedActors.finance);
  await assign('drafting-officer', seedActors.draftingOfficer);
  await assign('chief-executive', seedActors.chiefExecutive);
  return {
    store,
    async close() {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The register served by the bot's real server on the fixed clock, for the tab's HTTP tests. */
export async function serveTabRegister(
  profile: GovernanceProfile,
): Promise<{ register: TabRegister; server: RunningServer }> {
  const register = await openTabRegister();
  return { register, server: await startServer(testServerOptions(register.store, profile, { clock })) };
}

/** The Funding outlook's commitments table for this register, as a reader sees it (header row first). */
export const COMMITMENTS_TABLE = [
  [
    'Financial year',
    'Approved',
    'Awaiting decision maker',
    'Awaiting chief executive',
    'In review',
    'Draft',
    'Total',
  ],
  ['2024/25', '£165,000', '£0', '£0', '£0', '£0', '£165,000'],
  ['2025/26', '£145,000', '£0', '£0', '£0', '£0', '£145,000'],
  ['2026/27', '£225,000', '£0', '£90,000', '£50,000', '£10,000', '£375,000'],
  ['All years', '£535,000', '£0', '£90,000', '£50,000', '£10,000', '£685,000'],
];
