/**
 * The register tab's queries and the funding outlook's data, timed in the process that serves them
 * (server time: the store query and the page's rows, no HTTP): the first page in the default order,
 * a filtered and sorted page for a viewer who sees only published decisions, and the summaries of
 * every decision an admin may see (what the outlook page aggregates). Run against a pre-filled store
 * with no other load.
 */
import { viewerScope } from '../domain/authority';
import { bandsHighestFirst } from '../domain/delegation';
import type { GovernanceProfile } from '../domain/profile';
import type { Store } from '../storage/store';
import { scopeOn } from '../storage/summary-query';
import { parseRegisterQuery, registerFor } from '../tab/register-query';
import { director, reviewers } from './register';

export interface Timing {
  readonly p50: number;
  readonly p99: number;
  readonly runs: number;
}

export interface RegisterTimes {
  /** The register's first page, default order (reference), as an admin sees it. */
  readonly firstPage: Timing;
  /** Approved, reference or title holding "5", by total descending, as a reviewer (published only) sees it. */
  readonly filtered: Timing;
  readonly filteredMatches: number;
  /** The summaries of every decision an admin may see: the funding outlook's data. */
  readonly outlook: Timing;
  readonly outlookRows: number;
}

async function time(runs: number, task: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 3; i++) await task(); // warm up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await task();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => Math.round((ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)] ?? 0) * 10) / 10;
  return { p50: at(0.5), p99: at(0.99), runs };
}

export async function registerQueries(store: Store, profile: GovernanceProfile, runs = 40): Promise<RegisterTimes> {
  const today = new Date().toISOString().slice(0, 10);
  const admin = viewerScope(profile, { aadObjectId: director.aadObjectId, roles: [], isAdmin: true });
  const { role, holders } = reviewers(profile)[0]!;
  const published = viewerScope(profile, { aadObjectId: holders[0]!.aadObjectId, roles: [role], isAdmin: false });
  const firstQuery = parseRegisterQuery({}, profile);
  const filteredQuery = parseRegisterQuery({ status: 'approved', q: '5', sort: 'total', dir: 'desc' }, profile);
  let filteredMatches = 0;
  let outlookRows = 0;
  const firstPage = await time(runs, () => registerFor(store, profile, admin, today, firstQuery));
  const filtered = await time(runs, async () => {
    filteredMatches = (await registerFor(store, profile, published, today, filteredQuery)).count;
  });
  const outlook = await time(Math.ceil(runs / 4), async () => {
    const all = await store.querySummaries({
      scope: scopeOn(admin, today, profile.timeZone),
      bands: bandsHighestFirst(profile),
    });
    outlookRows = all.rows.length;
  });
  return { firstPage, filtered, filteredMatches, outlook, outlookRows };
}
