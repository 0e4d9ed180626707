/**
 * Sharing repeated values between the records the lowdb store keeps in memory. JSON.parse makes a
 * new copy of every string and object it reads, so 100,000 summaries carried 100,000 copies of the
 * same drafter, the same eight declaration keys and the same service names (about 3 KB a decision
 * on the heap; about 1 KB with them shared), and 100,000 conversation references the same service
 * URL, tenant and bot. Only values with few distinct forms are shared, so the tables stay small.
 */
import type { ConversationRef } from '../store';

const EMPTY: readonly never[] = Object.freeze([]);

export class Interner {
  private readonly strings = new Map<string, string>();
  private readonly values = new Map<string, unknown>();
  private readonly numbered = new Map<string, number>();
  private readonly byNumber: string[] = [];

  string<T extends string | null>(value: T): T {
    if (value === null) return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known as T;
    this.strings.set(value, value);
    return value;
  }

  /** A number for the string, the same every time (for records packed as JSON: `at` gives it back). */
  number(value: string): number {
    let n = this.numbered.get(value);
    if (n === undefined) {
      n = this.byNumber.push(value) - 1;
      this.numbered.set(value, n);
    }
    return n;
  }

  at(n: number): string {
    const value = this.byNumber[n];
    if (value === undefined) throw new Error(`No string numbered ${n}`);
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
