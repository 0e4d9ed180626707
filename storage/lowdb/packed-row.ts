/**
 * The lowdb store's in-memory index row for one decision, compact: what the register's query and
 * the list filters read is kept as columns (strings with few forms and small lists shared through
 * the Interner), and the rest of the summary as one JSON array (no key names), parsed only when
 * the summary itself is wanted (a page's rows, a list's matches). As objects, 100,000 summaries
 * took about 1.1 KB each on the heap; see bench/fixes.md for what this saves.
 */
import { fundedYears, part1PublishedBy, type DecisionSummary } from '../../domain/decision-summary';
import type { Actor, Allocation, DecisionStatus, FundingLine, IsoDate, IsoInstant, Pence } from '../../domain/types';
import { earliestLastFundedYear, latestFundedYear, type FilterColumns } from '../decision-filter';
import type { RowAccess, SummaryColumns } from '../summary-query';
import { refOrderKey, type RefOrderKey } from '../summary-query';
import type { Interner } from './interner';

/** Part 1's publication as the columns tell it: never (not approved), from approval, or "read the summary". */
const enum Publication {
  Never = 0,
  Approved = 1,
  Deferred = 2,
}

/** The summary's other fields, in this order, as one JSON array. */
type Rest = [
  version: number,
  stageVersion: number | null,
  recommendationCount: number,
  hasPart2: boolean,
  imported: boolean,
  renews: string | null,
  rejection: DecisionSummary['rejection'],
  withdrawal: DecisionSummary['withdrawal'],
  part1Deferral: DecisionSummary['part1Deferral'],
  fundingOutcomes: DecisionSummary['fundingOutcomes'],
  createdAt: IsoInstant,
  submittedAt: IsoInstant | null,
  approvedAt: IsoInstant | null,
  waitingSince: IsoInstant | null,
  funding: PackedFunding | DecisionSummary['funding'],
];

/**
 * Funding lines as arrays: the id, service and source as the Interner's numbers (few distinct),
 * then each allocation's year and amount. Lines with any other field are kept as they are.
 */
type PackedFunding = (readonly number[])[];

const sameKeys = (o: object, keys: readonly string[]): boolean => {
  const own = Object.keys(o);
  return own.length === keys.length && own.every((k, i) => k === keys[i]);
};

function packFunding(funding: readonly FundingLine[], interner: Interner): PackedFunding | readonly FundingLine[] {
  const lineKeys = ['id', 'service', 'source', 'allocations'];
  const plain = funding.every(
    (l) =>
      sameKeys(l, lineKeys) &&
      typeof l.id === 'string' &&
      typeof l.service === 'string' &&
      typeof l.source === 'string' &&
      l.allocations.every(
        (a) => sameKeys(a, ['year', 'amount']) && Number.isFinite(a.year) && Number.isFinite(a.amount),
      ),
  );
  if (!plain || funding.length === 0) return funding;
  return funding.map((l) => [
    interner.number(l.id),
    interner.number(l.service),
    interner.number(l.source),
    ...l.allocations.flatMap((a) => [a.year, a.amount]),
  ]);
}

function unpackFunding(funding: PackedFunding | FundingLine[], interner: Interner): FundingLine[] {
  if (!Array.isArray(funding[0])) return funding as FundingLine[];
  return (funding as PackedFunding).map((l) => {
    const allocations: Allocation[] = [];
    for (let i = 3; i < l.length; i += 2) allocations.push({ year: l[i] as number, amount: l[i + 1] as number });
    return {
      id: interner.at(l[0] as number),
      service: interner.at(l[1] as number),
      source: interner.at(l[2] as number),
      allocations,
    };
  });
}

/**
 * The string as one flat piece. JSON.stringify builds its answer as a tree of pieces (a V8 cons
 * string: about a third more memory at this size); reading it as a number flattens it in place.
 */
function flat(s: string): string {
  void Number(s);
  return s;
}

export class PackedRow implements SummaryColumns, FilterColumns {
  readonly order: RefOrderKey;
  ref!: string;
  title!: string;
  status!: DecisionStatus;
  total!: Pence;
  decisionMakerRole!: string | null;
  updatedAt!: IsoInstant;
  createdBy!: Actor;
  profileId!: string;
  ticked!: readonly string[];
  signed!: readonly string[];
  /** Financial years with money, ascending (shared: few distinct lists). */
  years!: readonly number[];
  lastYearMin!: number | null;
  lastYearMax!: number | null;
  publication!: Publication;
  watchers!: readonly string[];
  rest!: string;
  private interner!: Interner;

  constructor(
    readonly file: string,
    key: string,
    summary: DecisionSummary,
    watchers: readonly string[],
    interner: Interner,
  ) {
    const order = refOrderKey(summary.ref, key);
    this.order = { ...order, prefix: interner.string(order.prefix) };
    this.set(summary, watchers, interner);
  }

  /** Replaces what the row holds (the reference, and so the file and order, never change). */
  set(s: DecisionSummary, watchers: readonly string[], interner: Interner): void {
    this.ref = s.ref;
    this.title = s.title;
    this.status = interner.string(s.status);
    this.total = s.total;
    this.decisionMakerRole = interner.string(s.decisionMakerRole);
    this.updatedAt = s.updatedAt;
    this.createdBy = interner.value(s.createdBy);
    this.profileId = interner.string(s.profileId);
    // Keys are plain words (profile keys): joined with a character they cannot hold, they key the list.
    this.ticked = interner.value(s.ticked, `t\u0000${s.ticked.join('\u0000')}`);
    this.signed = interner.value(s.signed, `s\u0000${s.signed.join('\u0000')}`);
    const years = fundedYears(s);
    this.years = interner.value(years, `y${years.join(',')}`);
    this.lastYearMin = earliestLastFundedYear(s);
    this.lastYearMax = latestFundedYear(s);
    this.publication =
      s.status !== 'approved' || s.approvedAt === null
        ? Publication.Never
        : s.part1Deferral === null
          ? Publication.Approved
          : Publication.Deferred;
    this.watchers = interner.watchers(watchers);
    const rest: Rest = [
      s.version,
      s.stageVersion ?? null,
      s.recommendationCount,
      s.hasPart2,
      s.imported,
      s.renews,
      s.rejection,
      s.withdrawal,
      s.part1Deferral,
      s.fundingOutcomes,
      s.createdAt,
      s.submittedAt,
      s.approvedAt,
      s.waitingSince ?? null,
      packFunding(s.funding, interner),
    ];
    this.rest = flat(JSON.stringify(rest));
    this.interner = interner;
  }

  /** The summary, made afresh (the caller may keep it). */
  summary(): DecisionSummary {
    const [
      v,
      stage,
      recs,
      hasPart2,
      imported,
      renews,
      rejection,
      withdrawal,
      part1Deferral,
      outcomes,
      created,
      ...more
    ] = JSON.parse(this.rest) as Rest;
    const [submittedAt, approvedAt, waitingSince, funding] = more;
    return {
      ref: this.ref,
      profileId: this.profileId,
      title: this.title,
      status: this.status,
      version: v,
      ...(stage === null ? {} : { stageVersion: stage }),
      total: this.total,
      decisionMakerRole: this.decisionMakerRole,
      funding: unpackFunding(funding as PackedFunding | FundingLine[], this.interner),
      fundingOutcomes: outcomes,
      ticked: this.ticked,
      signed: this.signed,
      recommendationCount: recs,
      rejection,
      withdrawal,
      part1Deferral,
      hasPart2,
      renews,
      imported,
      createdBy: this.createdBy,
      createdAt: created,
      updatedAt: this.updatedAt,
      submittedAt,
      approvedAt,
      ...(waitingSince === null ? {} : { waitingSince }),
    };
  }

  earliestLastFundedYear(): number | null {
    return this.lastYearMin;
  }

  latestFundedYear(): number | null {
    return this.lastYearMax;
  }
}

/** How the shared query (summary-query.ts) reads a packed row. */
export const packedAccess: RowAccess<PackedRow> & { readonly years: (row: PackedRow) => Iterable<number> } = {
  published: (row: PackedRow, today: IsoDate, timeZone: string): boolean =>
    row.publication === Publication.Never
      ? false
      : row.publication === Publication.Approved || part1PublishedBy(row.summary(), today, timeZone),
  hasMoneyIn: (row, year) => row.years.includes(year),
  summary: (row) => row.summary(),
  years: (row) => row.years,
};
