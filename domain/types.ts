/**
 * Plain data shapes of the domain. Money is integer pence; instants are ISO-8601 strings in UTC
 * ("2022-09-30T08:00:00.000Z"); calendar dates are ISO dates ("2023-03-31") meaning a day in the
 * governance profile's time zone (Europe/London for MOPAC). A financial year is named by the
 * calendar year it starts in: 2022 is "2022/23".
 */

export type Pence = number;
export type IsoInstant = string;
export type IsoDate = string;

/** A person as Teams identifies them: the AAD object id is the identity, the name is for display. */
export interface Actor {
  readonly aadObjectId: string;
  readonly name: string;
}

/** A role held by a person (a deputy acts for the role's holder), as an admin assigned it. */
export interface RoleAssignment {
  readonly role: string;
  readonly holder: Actor;
  readonly deputy: boolean;
  readonly assignedBy: Actor;
  readonly assignedAt: IsoInstant;
}

export interface Allocation {
  /** Start year of the financial year: 2022 for 2022/23. */
  readonly year: number;
  readonly amount: Pence;
}

export interface FundingLine {
  /** Stable key within the decision, derived from the service name (see lineId in decision.ts). */
  readonly id: string;
  readonly service: string;
  readonly source: string;
  /** Sorted by year, one entry per year. */
  readonly allocations: readonly Allocation[];
}

export type DecisionStatus =
  | 'draft'
  | 'in_review'
  | 'awaiting_chief_executive'
  | 'awaiting_decision_maker'
  | 'approved'
  | 'rejected'
  | 'withdrawn';

export interface Tick {
  readonly item: string;
  readonly by: Actor;
  readonly at: IsoInstant;
}

export interface Signature {
  /** The profile's signature key: "chief-executive" or "decision-maker". */
  readonly key: string;
  /** The role the signer signed as, e.g. "dmpc". */
  readonly role: string;
  readonly by: Actor;
  readonly at: IsoInstant;
  /** The exact statement signed, copied from the profile at the time of signing. */
  readonly statement: string;
  /** Declared personal or prejudicial interest; "None" when nothing was declared. Decision maker only. */
  readonly interest?: string;
}

export interface Closure {
  readonly reason: string;
  readonly by: Actor;
  readonly at: IsoInstant;
}

export interface Part1Deferral {
  readonly until: IsoDate;
  readonly reason: string;
}

/** What was decided about a funding line when its reminders came: renewed by a new decision, or ended. */
export interface FundingOutcome {
  readonly lineId: string;
  readonly outcome: 'renewed' | 'ended';
  readonly by: Actor;
  readonly at: IsoInstant;
  readonly reason?: string;
  /** For a renewal: the reference of the new draft. */
  readonly renewalRef?: string;
}

export interface Decision {
  readonly ref: string;
  readonly profileId: string;
  readonly title: string;
  readonly summary: string;
  readonly recommendations: readonly string[];
  /** Free text, one paper each; references cited in them (e.g. "PCD 849") are derived, see citedRefs. */
  readonly backgroundPapers: readonly string[];
  readonly part1Deferral: Part1Deferral | null;
  readonly hasPart2: boolean;
  readonly funding: readonly FundingLine[];
  readonly status: DecisionStatus;
  /** Role key of the decision maker from the scheme of delegation; set on submit, kept current after. */
  readonly decisionMakerRole: string | null;
  /** Keyed by declaration item key. */
  readonly ticks: Readonly<Record<string, Tick>>;
  /** Keyed by signature key. */
  readonly signatures: Readonly<Record<string, Signature>>;
  readonly rejection: Closure | null;
  readonly withdrawal: Closure | null;
  readonly fundingOutcomes: readonly FundingOutcome[];
  /** Reference of the decision this one renews or corrects, if any. */
  readonly renews: string | null;
  /** True for a decision brought in from a document rather than drafted here. */
  readonly imported: boolean;
  /**
   * For an imported decision: the decisions its document cites anywhere in its text ("follows
   * MD2841 and …"), normalised, in order, without itself. The text outside the summary,
   * recommendations and background papers is not kept, so its citations are. See citedRefs.
   */
  readonly documentCites?: readonly string[];
  readonly createdBy: Actor;
  readonly createdAt: IsoInstant;
  readonly updatedAt: IsoInstant;
  readonly submittedAt: IsoInstant | null;
  readonly approvedAt: IsoInstant | null;
  /** Incremented by every change; cards carry it so a stale card is refused. */
  readonly version: number;
  /**
   * The version at which the status, the substance (title, summary, recommendations, funding) or
   * what gets published (Part 1 deferral, Part 2) last changed. A card older than this is stale; a
   * card that only missed other reviewers' ticks is not, so reviewers clicking together all land.
   * Absent on records made before it existed: then any change makes a card stale.
   */
  readonly stageVersion?: number;
  /**
   * When the decision's current wait for a declaration or signature began: set by every change
   * that starts a new wait (submission, a review reset, the last tick, an untick, a signature), so
   * it equals the time of the latest such event in the audit trail. Absent on records made before
   * it existed: then the audit trail says when the wait began.
   */
  readonly waitingSince?: IsoInstant;
}

/** What a domain operation asks to be recorded; the store adds sequence and hashes. */
export interface EventDraft {
  readonly type: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** Who, when and from where a change came. */
export interface Provenance {
  readonly actor: Actor;
  readonly at: IsoInstant;
  /** The Teams conversation the change came from, if any. */
  readonly conversationId?: string;
}

/** One link of a decision's append-only, SHA-256 hash-chained audit trail. */
export interface AuditEvent {
  readonly ref: string;
  readonly seq: number;
  readonly type: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly actor: Actor;
  readonly at: IsoInstant;
  readonly conversationId: string | null;
  readonly prevHash: string;
  readonly hash: string;
}

/** The result of a successful domain operation. */
export interface Change {
  readonly decision: Decision;
  readonly events: readonly EventDraft[];
  /** Sentences for the person, e.g. "Financial Advice tick was reset because the funding changed." */
  readonly notices: readonly string[];
}
