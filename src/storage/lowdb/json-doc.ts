/**
 * One JSON file through lowdb: `Low` + `JSONFile`, whose steno writer writes a temp file and
 * renames it over the old one, so a reader (or a restart after kill -9) sees the old content or
 * the new, never a torn file. Content is replaced copy-on-write: memory keeps the old value if
 * the write fails, so memory and disk agree.
 */
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';

export class JsonDoc<T> {
  private constructor(
    private readonly low: Low<T>,
    readonly path: string,
  ) {}

  /** Reads the file, or starts from `initial` if it does not exist yet (nothing is written until replace). */
  static async open<T>(path: string, initial: T): Promise<JsonDoc<T>> {
    const low = new Low<T>(new JSONFile<T>(path), initial);
    try {
      await low.read();
    } catch (e) {
      throw new Error(`Cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    return new JsonDoc(low, path);
  }

  get data(): T {
    return this.low.data;
  }

  async replace(next: T): Promise<void> {
    const prev = this.low.data;
    this.low.data = next;
    try {
      await this.low.write();
    } catch (e) {
      this.low.data = prev;
      throw e;
    }
  }
}
