/**
 * outbox/: deliveries by key, kept by the month they were first due (outbox-month.ts: a snapshot
 * and a journal of changes per month), so a file stays small however long the bot runs and a
 * change is one append. All deliveries are read at open; those still to be sent (pending or
 * sending) are kept with their times as numbers, so a claim looks only at them and parses nothing.
 * The store runs every outbox operation through one queue, so a claim sees and takes each delivery
 * exactly once; the DATA_DIR lock keeps other processes out.
 */
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError, ErrorCode } from '../../domain/errors';
import { refKey } from '../../domain/reference';
import type { IsoInstant } from '../../domain/types';
import { noDeliveries, type Delivery, type DeliveryState } from '../store';
import { DEFAULT_COMPACTION, OutboxMonth, type CompactionPolicy } from './outbox-month';

/** When a delivery still to be sent may be claimed: from `at` (its next attempt), once free (its claim over). */
interface Claimable {
  readonly at: number;
  readonly free: number;
}

const MONTH_FILE = /^(\d{4}-\d{2})\.(json|journal)$/u;

export class OutboxFiles {
  private readonly months = new Map<string, OutboxMonth>();
  /** Delivery key → month of its file. */
  private readonly monthOf = new Map<string, string>();
  /** Deliveries that may still be claimed (pending or sending), by key. */
  private readonly open = new Map<string, Claimable>();

  /** @param onCompactError a journal could not be folded into its snapshot (the write itself is on disk) */
  constructor(
    private readonly dir: string,
    private readonly onCompactError: (error: unknown) => void,
    private readonly policy: CompactionPolicy = DEFAULT_COMPACTION,
  ) {}

  async load(): Promise<void> {
    const names = await readdir(this.dir);
    await Promise.all(
      names.filter((n) => n.startsWith('.') && n.endsWith('.tmp')).map((n) => unlink(join(this.dir, n))),
    );
    const months = new Set(names.map((n) => MONTH_FILE.exec(n)?.[1]).filter((m) => m !== undefined));
    for (const month of [...months].sort()) {
      const file = await OutboxMonth.open(this.dir, month, this.policy);
      this.months.set(month, file);
      for (const d of file.deliveries.values()) this.track(d, month);
    }
  }

  async enqueue(deliveries: readonly Delivery[]): Promise<number> {
    const byMonth = new Map<string, Delivery[]>();
    const seen = new Set<string>();
    for (const d of deliveries) {
      if (this.monthOf.has(d.key) || seen.has(d.key)) continue;
      seen.add(d.key);
      const list = byMonth.get(monthOf(d.dueAt)) ?? [];
      list.push(d);
      byMonth.set(monthOf(d.dueAt), list);
    }
    let added = 0;
    for (const [month, list] of byMonth) {
      await this.writeMonth(month, list);
      added += list.length;
    }
    return added;
  }

  async claim(owner: string, now: IsoInstant, leaseUntil: IsoInstant, limit: number): Promise<Delivery[]> {
    const t = Date.parse(now);
    const due: { key: string; at: number }[] = [];
    for (const [key, { at, free }] of this.open) if (at <= t && free <= t) due.push({ key, at });
    due.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1));
    const claimed = due.slice(0, Math.max(0, limit)).map(({ key }): Delivery => ({
      ...this.get(key),
      state: 'sending',
      claimedBy: owner,
      claimedUntil: leaseUntil,
      updatedAt: now,
    }));
    await this.writeChanged(claimed);
    return claimed;
  }

  async update(key: string, patch: Partial<Omit<Delivery, 'key'>>, now: IsoInstant): Promise<void> {
    if (!this.monthOf.has(key)) throw new DomainError(ErrorCode.NotFound, `There is no delivery ${key}.`);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const next: Delivery = { ...this.get(key), updatedAt: now, ...defined, key };
    await this.writeChanged([next]);
  }

  list(filter: { ref?: string; states?: readonly DeliveryState[] } = {}): Delivery[] {
    const ref = filter.ref === undefined ? null : refKey(filter.ref);
    const states = filter.states ? new Set(filter.states) : null;
    const out: Delivery[] = [];
    for (const file of this.months.values()) {
      for (const d of file.deliveries.values()) {
        if ((ref === null || refKey(d.ref) === ref) && (states === null || states.has(d.state))) out.push(d);
      }
    }
    return out.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || (a.key < b.key ? -1 : 1));
  }

  /** Deliveries by state, counted in memory. */
  count(): Record<DeliveryState, number> {
    const counts = noDeliveries();
    for (const file of this.months.values()) for (const d of file.deliveries.values()) counts[d.state]++;
    return counts;
  }

  private get(key: string): Delivery {
    const month = this.monthOf.get(key);
    const d = month === undefined ? undefined : this.months.get(month)?.deliveries.get(key);
    if (!d) throw new Error(`Outbox index out of step: ${key}`);
    return d;
  }

  /** Writes changed deliveries to their months, one append per month touched. */
  private async writeChanged(changed: readonly Delivery[]): Promise<void> {
    const byMonth = new Map<string, Delivery[]>();
    for (const d of changed) {
      const month = this.monthOf.get(d.key) as string;
      byMonth.set(month, [...(byMonth.get(month) ?? []), d]);
    }
    for (const [month, list] of byMonth) await this.writeMonth(month, list);
  }

  private async writeMonth(month: string, list: readonly Delivery[]): Promise<void> {
    let file = this.months.get(month);
    if (!file) {
      file = await OutboxMonth.open(this.dir, month, this.policy);
      this.months.set(month, file);
    }
    await file.write(list, this.onCompactError);
    for (const d of list) this.track(d, month);
  }

  private track(d: Delivery, month: string): void {
    this.monthOf.set(d.key, month);
    if (d.state === 'pending' || d.state === 'sending') {
      const free = d.state === 'pending' || d.claimedUntil === null ? -Infinity : Date.parse(d.claimedUntil);
      this.open.set(d.key, { at: Date.parse(d.nextAttemptAt), free });
    } else this.open.delete(d.key);
  }
}

function monthOf(instant: IsoInstant): string {
  const t = Date.parse(instant);
  if (Number.isNaN(t))
    throw new DomainError(ErrorCode.InvalidInput, `The delivery's due time "${instant}" is not a date and time.`);
  return new Date(t).toISOString().slice(0, 7);
}
