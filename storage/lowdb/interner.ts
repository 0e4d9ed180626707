/**
 * Sharing repeated values between the records the lowdb store keeps in memory. JSON.parse makes a
 * new copy of every string and object it reads, so 100,000 summaries carried 100,000 copies of the
 * same drafter, the same eight declaration keys and the same service names (about 3 KB a decision
 * on the heap; about 1 KB with them shared), and 100,000 conversation references the same service
 * URL, tenant and bot. Only values with few distinct forms are shared, so the tables stay small.
 */
import type { DecisionSummary } from '../../domain/decision-summary';
import type { FundingLine } from '../../domain/types';
import type { ConversationRef } from '../store';

const EMPTY: readonly never[] = Object.freeze([]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class Interner {
  private readonly strings = new Map<string, string>();
  private readonly values = new Map<string, unknown>();

  string<T extends string | null>(value: T): T {
    if (value === null) return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known as T;
    this.strings.set(value, value);
    return value;
  }

  /** The one copy of a JSON value equal to this one (compared by its JSON text, or by `key` when given). */
  value<T>(value: T, key: string = JSON.stringify(value)): T {
    if (Array.isArray(value) && value.length === 0) return EMPTY as T;
    const known = this.values.get(key);
    if (known !== undefined) return known as T;
    this.values.set(key, value);
    return value;
  }

  /**
   * The summary with its repeated parts shared. It is changed in place (no copy: at 100,000 the
   * copies were garbage enough to double the memory of a start): only values are replaced by equal
   * ones, so whoever else holds it sees no difference.
   */
  summary(s: DecisionSummary): DecisionSummary {
    const m = s as Mutable<DecisionSummary>;
    m.profileId = this.string(s.profileId);
    m.decisionMakerRole = this.string(s.decisionMakerRole);
    for (const line of s.funding as Mutable<FundingLine>[]) {
      line.id = this.string(line.id);
      line.service = this.string(line.service);
      line.source = this.string(line.source);
    }
    if (s.fundingOutcomes.length === 0) m.fundingOutcomes = EMPTY;
    // Keys are plain words (profile keys): joined with a character they cannot hold, they key the list.
    m.ticked = this.value(s.ticked, `t\u0000${s.ticked.join('\u0000')}`);
    m.signed = this.value(s.signed, `s\u0000${s.signed.join('\u0000')}`);
    m.createdBy = this.value(s.createdBy);
    return s;
  }

  watchers(watchers: readonly string[]): readonly string[] {
    return watchers.length === 0 ? EMPTY : watchers.map((w) => this.string(w));
  }

  conversation(c: ConversationRef): ConversationRef {
    return {
      conversationId: c.conversationId,
      serviceUrl: this.string(c.serviceUrl),
      tenantId: this.string(c.tenantId),
      channelId: this.string(c.channelId),
      conversationType: this.string(c.conversationType),
      botId: this.string(c.botId),
      botName: this.string(c.botName),
      teamId: this.string(c.teamId),
    };
  }
}
