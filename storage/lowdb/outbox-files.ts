/**
 * outbox/<yyyy-mm>.json: deliveries by key, in the file of the month they were first due, so a
 * file stays small however long the bot runs. All deliveries are read at open; those still to be
 * sent (pending or sending) are kept in a set so a claim looks only at them. The store runs every
 * outbox operation through one queue, so a claim sees and takes each delivery exactly once; the
 * DATA_DIR lock keeps other processes out.
 */
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError, ErrorCode } from '../../domain/errors';
import { refKey } from '../../domain/reference';
import type { IsoInstant } from '../../domain/types';
import { noDeliveries, type Delivery, type DeliveryState } from '../store';
import { JsonDoc } from './json-doc';

interface MonthFile {
  readonly deliveries: Readonly<Record<string, Delivery>>;
}

const OPEN_STATES: ReadonlySet<DeliveryState> = new Set(['pending', 'sending']);

export class OutboxFiles {
  private readonly months = new Map<string, JsonDoc<MonthFile>>();
  /** Delivery key → month of its file. */
  private readonly monthOf = new Map<string, string>();
  /** Keys of deliveries that may still be claimed. */
  private readonly open = new Set<string>();

  constructor(private readonly dir: string) {}

  async load(): Promise<void> {
    const names = await readdir(this.dir);
    await Promise.all(
      names.filter((n) => n.startsWith('.') && n.endsWith('.tmp')).map((n) => unlink(join(this.dir, n))),
    );
    for (const name of names.filter((n) => /^\d{4}-\d{2}\.json$/.test(n)).sort()) {
      const month = name.slice(0, 7);
      const doc = await JsonDoc.open<MonthFile>(join(this.dir, name), { deliveries: {} });
      this.months.set(month, doc);
      for (const d of Object.values(doc.data.deliveries)) this.track(d, month);
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
      for (const d of list) this.track(d, month);
      added += list.length;
    }
    return added;
  }

  async claim(owner: string, now: IsoInstant, leaseUntil: IsoInstant, limit: number): Promise<Delivery[]> {
    const t = Date.parse(now);
    const due = [...this.open]
      .map((key) => this.get(key))
      .filter(
        (d) =>
          Date.parse(d.nextAttemptAt) <= t &&
          (d.state === 'pending' || d.claimedUntil === null || Date.parse(d.claimedUntil) <= t),
      )
      .sort((a, b) => Date.parse(a.nextAttemptAt) - Date.parse(b.nextAttemptAt) || (a.key < b.key ? -1 : 1))
      .slice(0, Math.max(0, limit));
    const claimed = due.map((d): Delivery => ({
      ...d,
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
    for (const doc of this.months.values()) {
      for (const d of Object.values(doc.data.deliveries)) {
        if ((ref === null || refKey(d.ref) === ref) && (states === null || states.has(d.state))) out.push(d);
      }
    }
    return out.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || (a.key < b.key ? -1 : 1));
  }

  /** Deliveries by state, counted in memory. */
  count(): Record<DeliveryState, number> {
    const counts = noDeliveries();
    for (const doc of this.months.values()) for (const d of Object.values(doc.data.deliveries)) counts[d.state]++;
    return counts;
  }

  private get(key: string): Delivery {
    const month = this.monthOf.get(key);
    const d = month === undefined ? undefined : this.months.get(month)?.data.deliveries[key];
    if (!d) throw new Error(`Outbox index out of step: ${key}`);
    return d;
  }

  /** Writes changed deliveries to their files, one atomic write per month touched. */
  private async writeChanged(changed: readonly Delivery[]): Promise<void> {
    const byMonth = new Map<string, Delivery[]>();
    for (const d of changed) {
      const month = this.monthOf.get(d.key) as string;
      byMonth.set(month, [...(byMonth.get(month) ?? []), d]);
    }
    for (const [month, list] of byMonth) {
      await this.writeMonth(month, list);
      for (const d of list) this.track(d, month);
    }
  }

  private async writeMonth(month: string, list: readonly Delivery[]): Promise<void> {
    let doc = this.months.get(month);
    if (!doc) {
      doc = await JsonDoc.open<MonthFile>(join(this.dir, `${month}.json`), { deliveries: {} });
      this.months.set(month, doc);
    }
    const deliveries = { ...doc.data.deliveries };
    for (const d of list) deliveries[d.key] = d;
    await doc.replace({ deliveries });
  }

  private track(d: Delivery, month: string): void {
    this.monthOf.set(d.key, month);
    if (OPEN_STATES.has(d.state)) this.open.add(d.key);
    else this.open.delete(d.key);
  }
}

function monthOf(instant: IsoInstant): string {
  const t = Date.parse(instant);
  if (Number.isNaN(t))
    throw new DomainError(ErrorCode.InvalidInput, `The delivery's due time "${instant}" is not a date and time.`);
  return new Date(t).toISOString().slice(0, 7);
}
