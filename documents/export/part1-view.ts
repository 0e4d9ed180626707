/**
 * Part 1 of a decision as the seed lays it out, reduced to the strings each renderer (Markdown,
 * HTML, PDF) prints. Only Part 1: whether a Part 2 exists is shown, never anything from it.
 * Pure: dates are shown in the profile's time zone.
 */
import { DateTime } from 'luxon';
import { decisionTotal, fundingYears, lineTotal, yearTotals } from '../../domain/decision';
import { formatFinancialYear } from '../../domain/financial-year';
import { formatMoney } from '../../domain/money';
import { roleName, type GovernanceProfile } from '../../domain/profile';
import type { Decision, IsoInstant, Signature } from '../../domain/types';
import { UNKNOWN_DEFERRAL_DATE } from '../import/to-decision';

export interface SignatureBlockView {
  readonly heading: string;
  /** The declaration of interest confirmed before signing (decision maker only). */
  readonly interestStatement: string | null;
  readonly interest: string | null;
  readonly statement: string;
  /** Who signed, or null while unsigned. */
  readonly name: string | null;
  readonly date: string | null;
}

export interface FundingTableView {
  /** "2022/23", … */
  readonly years: readonly string[];
  readonly rows: readonly { service: string; amounts: readonly string[]; total: string; source: string }[];
  readonly yearTotals: readonly string[];
  readonly total: string;
}

export interface DeclarationView {
  readonly title: string;
  readonly statement: string;
  readonly ticked: boolean;
  /** "Finance Officer, 22 November 2021" when ticked. */
  readonly confirmedBy: string | null;
}

export interface Part1View {
  /** The body's short name ("MOPAC") and full name. */
  readonly bodyName: string;
  readonly bodyFullName: string;
  /** "MOPAC Decision – PCD 1065". */
  readonly heading: string;
  readonly title: string;
  readonly summary: readonly string[];
  readonly recommendationsIntro: string;
  readonly recommendations: readonly string[];
  readonly decisionMaker: SignatureBlockView;
  readonly partOneHeading: string;
  readonly totalSentence: string;
  readonly funding: FundingTableView | null;
  readonly backgroundPapers: readonly string[];
  readonly publicAccess: string;
  readonly deferred: boolean;
  readonly deferralReason: string;
  readonly deferralUntil: string;
  readonly part2Guidance: string;
  readonly hasPart2: boolean;
  readonly declarations: readonly DeclarationView[];
  readonly chiefExecutive: SignatureBlockView | null;
}

export interface Part1Options {
  /** Replaces the "<body> Decision" heading, e.g. "DMPC Decision". */
  readonly heading?: string;
}

/** "26 November 2021" for an instant, in the profile's zone. */
export function documentDate(at: IsoInstant | string, profile: Pick<GovernanceProfile, 'timeZone'>): string {
  const zoned = /^\d{4}-\d{2}-\d{2}$/.test(at)
    ? DateTime.fromISO(at, { zone: profile.timeZone })
    : DateTime.fromISO(at).setZone(profile.timeZone);
  return zoned.setLocale('en-GB').toFormat('d MMMM yyyy');
}

function signatureBlock(decision: Decision, profile: GovernanceProfile, key: string): SignatureBlockView | null {
  const spec = profile.signatures.find((s) => s.key === key);
  if (!spec) return null;
  const signed: Signature | undefined = decision.signatures[key];
  const role = signed?.role ?? (key === 'decision-maker' ? decision.decisionMakerRole : spec.role);
  return {
    heading: role === null ? spec.title : roleName(profile, role),
    interestStatement: spec.interestStatement,
    interest: spec.interestStatement === null ? null : (signed?.interest ?? null),
    statement: signed?.statement ?? spec.statement,
    name: signed?.by.name ?? null,
    date: signed ? documentDate(signed.at, profile) : null,
  };
}

function fundingTable(decision: Decision): FundingTableView | null {
  if (decision.funding.length === 0) return null;
  const years = fundingYears(decision);
  return {
    years: years.map(formatFinancialYear),
    rows: decision.funding.map((line) => ({
      service: line.service,
      amounts: years.map((y) => {
        const a = line.allocations.find((x) => x.year === y);
        return a ? formatMoney(a.amount) : '';
      }),
      total: formatMoney(lineTotal(line)),
      source: line.source,
    })),
    yearTotals: yearTotals(decision).map((t) => formatMoney(t.amount)),
    total: formatMoney(decisionTotal(decision)),
  };
}

/** Everything Part 1 shows, as strings. */
export function part1View(decision: Decision, profile: GovernanceProfile, options: Part1Options = {}): Part1View {
  const maker = signatureBlock(decision, profile, 'decision-maker') as SignatureBlockView;
  const deferral = decision.part1Deferral;
  return {
    bodyName: profile.name,
    bodyFullName: profile.body,
    heading: `${options.heading ?? `${profile.name} Decision`} – ${decision.ref}`,
    title: decision.title,
    summary: decision.summary
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter((p) => p !== ''),
    recommendationsIntro: `The ${maker.heading} is recommended to:`,
    recommendations: decision.recommendations,
    decisionMaker: maker,
    partOneHeading: 'PART I - NON-CONFIDENTIAL FACTS AND ADVICE',
    totalSentence:
      decision.funding.length === 0
        ? 'This decision commits no funding.'
        : `This decision requests approval of a total financial commitment of ${formatMoney(decisionTotal(decision))}, set out by year and funding source below.`,
    funding: fundingTable(decision),
    backgroundPapers: decision.backgroundPapers,
    publicAccess: `Information in this form (Part 1) is subject to the Freedom of Information Act 2000 (FOIA) and will be made available on the ${profile.name} website following approval.`,
    deferred: deferral !== null,
    deferralReason: deferral?.reason ?? '',
    deferralUntil:
      deferral === null
        ? ''
        : deferral.until === UNKNOWN_DEFERRAL_DATE
          ? 'not yet set'
          : documentDate(deferral.until, profile),
    part2Guidance:
      'Only the facts or advice considered as likely to be exempt from disclosure under the FOIA should be in the separate Part 2 form, together with the legal rationale for non-publication.',
    hasPart2: decision.hasPart2,
    declarations: profile.declarations.map((item) => {
      const tick = decision.ticks[item.key];
      return {
        title: item.title,
        statement: item.statement,
        ticked: tick !== undefined,
        confirmedBy: tick ? `${tick.by.name}, ${documentDate(tick.at, profile)}` : null,
      };
    }),
    chiefExecutive: signatureBlock(decision, profile, 'chief-executive'),
  };
}
