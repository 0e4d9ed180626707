/**
 * The cards made lately, by what they were made from: the same view model gives the same card, so
 * a repeat is served without expanding the template again. Teams asks for a card's per-user view
 * (card.refresh) from every pending holder's client after each change, the clicker's own among
 * them, and holders of the same roles see the same card: with this, each view of a decision's
 * version is expanded once. Bounded, the least recently used let go first. The cards given out are
 * shared: nobody may change one.
 */
export class RecentCards<T> {
  private readonly made = new Map<string, T>();
  private hits = 0;
  private misses = 0;

  constructor(private readonly capacity: number) {}

  /** The value made from `key` lately, or `make()`'s, kept for next time. */
  get(key: string, make: () => T): T {
    const cached = this.made.get(key);
    if (cached !== undefined) {
      this.hits++;
      // The most recently used go last, so the first key is always the one to let go.
      this.made.delete(key);
      this.made.set(key, cached);
      return cached;
    }
    this.misses++;
    const value = make();
    this.made.set(key, value);
    if (this.made.size > this.capacity) this.made.delete(this.made.keys().next().value as string);
    return value;
  }

  /** Values served from here and made anew since start-up, and how many are held now. */
  stats(): { readonly hits: number; readonly misses: number; readonly size: number } {
    return { hits: this.hits, misses: this.misses, size: this.made.size };
  }
}
