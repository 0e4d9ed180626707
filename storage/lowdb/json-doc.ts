/**
 * One JSON file through lowdb: `Low` + `JSONFile`, whose steno writer writes a temp file and
 * renames it over the old one, so a reader (or a restart after kill -9) sees the old content or
 * the new, never a torn file. Content is replaced copy-on-write, and readers in the process see
 * the new value only once it is on disk, so memory and disk agree even when a write fails.
 */
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';

export class JsonDoc<T> {
  /** What the file holds: the new content becomes visible only once its write has completed. */
  private committed: T;

  private constructor(
    private readonly low: Low<T>,
    readonly path: string,
  ) {
    this.committed = low.data;
  }

  /**
   * Reads the file, or starts from `initial` if it does not exist yet (nothing is written until
   * replace). `revive` may replace what was read by an equal value (e.g. with shared strings).
   */
  static async open<T>(path: string, initial: T, revive?: (data: T) => T): Promise<JsonDoc<T>> {
    const low = new Low<T>(new JSONFile<T>(path), initial);
    try {
      await low.read();
    } catch (e) {
      throw new Error(`Cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    if (revive) low.data = revive(low.data);
    return new JsonDoc(low, path);
  }

  get data(): T {
    return this.committed;
  }

  /** Writes `next` atomically. Callers serialise their replaces (the store's per-file queue). */
  async replace(next: T): Promise<void> {
    this.low.data = next;
    try {
      await this.low.write();
      this.committed = next;
    } catch (e) {
      this.low.data = this.committed;
      throw e;
    }
  }
}
