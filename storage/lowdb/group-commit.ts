/**
 * Group commit for a small whole-file document that many turns add to at once (idempotency keys,
 * people): changes are made to a staged copy at once, and one write carries every change
 * staged before it started. A caller's change is on disk when its `commit()` resolves, as with a
 * write of its own, but a burst of N changes costs a few file writes instead of N (measured: the
 * tick throughput at 10,000 decisions went from 147 to ~270 req/s with these files in memory).
 */
import type { JsonDoc } from './json-doc';

export class GroupCommit<T> {
  private staged: T | null = null;
  private queued: Promise<void> | null = null;

  /**
   * @param doc the document
   * @param enqueue runs a write in the store's queue for this file (one write at a time)
   */
  constructor(
    private readonly doc: JsonDoc<T>,
    private readonly enqueue: (write: () => Promise<void>) => Promise<void>,
  ) {}

  /** The content including staged changes not yet written. */
  get current(): T {
    return this.staged ?? this.doc.data;
  }

  /** Stages a change (synchronously, so check-and-set by callers is atomic) and returns when it is written. */
  change(update: (current: T) => T): Promise<void> {
    this.staged = update(this.current);
    this.queued ??= this.enqueue(async () => {
      this.queued = null; // changes staged from now on go with the next write
      const next = this.current;
      try {
        await this.doc.replace(next);
      } finally {
        // Written (or failed: then the callers see the error; a later write carries the change).
        if (this.staged === next) this.staged = null;
      }
    });
    return this.queued;
  }
}
