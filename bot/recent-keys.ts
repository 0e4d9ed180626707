/**
 * A set that remembers only the `limit` keys used most recently: for per-conversation and
 * per-user memos that anyone who can send an activity can grow (each new conversation id is a
 * new key). Forgetting a key costs only the work the memo saved, never correctness.
 */
export class RecentKeys {
  // A Set iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly keys = new Set<string>();

  constructor(readonly limit: number) {}

  get size(): number {
    return this.keys.size;
  }

  /** Whether `key` is remembered; a hit makes it the most recently used. */
  has(key: string): boolean {
    if (!this.keys.has(key)) return false;
    this.keys.delete(key);
    this.keys.add(key);
    return true;
  }

  /** Remembers `key`, forgetting the least recently used one beyond the limit. */
  add(key: string): void {
    this.keys.delete(key);
    this.keys.add(key);
    if (this.keys.size > this.limit) this.keys.delete(this.keys.values().next().value as string);
  }
}
