/**
 * The outbox part of the Store contract (see store-contract.ts): deliveries enqueued once by key,
 * claimed by exactly one owner, re-claimable after the lease runs out, updated and listed.
 */
import type { Delivery, DeliveryState, Store } from '../../storage/store';

const t0 = Date.UTC(2026, 10, 25, 9, 0);
const iso = (minutes: number): string => new Date(t0 + minutes * 60_000).toISOString();

export function delivery(key: string, patch: Partial<Delivery> = {}): Delivery {
  return {
    key,
    kind: 'reminder',
    ref: 'PCD 1065',
    target: { userAadObjectId: 'user-1' },
    payload: { stage: '6m' },
    state: 'pending',
    attempts: 0,
    dueAt: iso(0),
    nextAttemptAt: iso(0),
    claimedBy: null,
    claimedUntil: null,
    activityId: null,
    lastError: null,
    updatedAt: iso(-60),
    ...patch,
  };
}

const keys = (ds: readonly Delivery[]): string[] => ds.map((d) => d.key).sort();

export function runOutboxContract(store: () => Store, reopen: () => Promise<Store>): void {
  describe('outbox', () => {
    it('enqueues new keys only, returns how many were new, and leaves existing ones as they were', async () => {
      expect(
        await store().enqueueDeliveries([delivery('a'), delivery('b'), delivery('c', { dueAt: iso(60 * 24 * 40) })]),
      ).toBe(3);
      expect(
        await store().enqueueDeliveries([
          delivery('a', { payload: { stage: 'changed' } }),
          delivery('d'),
          delivery('d'),
        ]),
      ).toBe(1);
      expect(await store().enqueueDeliveries([])).toBe(0);
      const all = await store().listDeliveries();
      expect(keys(all)).toEqual(['a', 'b', 'c', 'd']);
      expect(all.find((d) => d.key === 'a')?.payload).toEqual({ stage: '6m' });
      expect(await (await reopen()).listDeliveries()).toEqual(all);
    });

    it('claims due pending deliveries up to the limit, earliest first, and only once', async () => {
      await store().enqueueDeliveries([
        delivery('late', { dueAt: iso(10), nextAttemptAt: iso(10) }),
        delivery('first', { nextAttemptAt: iso(1) }),
        delivery('second', { nextAttemptAt: iso(2) }),
        delivery('third', { nextAttemptAt: iso(3) }),
        delivery('done', { state: 'sent' }),
      ]);
      const claimed = await store().claimDeliveries('worker-1', iso(5), iso(6), 2);
      expect(claimed.map((d) => d.key)).toEqual(['first', 'second']);
      for (const d of claimed)
        expect(d).toMatchObject({ state: 'sending', claimedBy: 'worker-1', claimedUntil: iso(6) });
      expect(keys(await store().claimDeliveries('worker-2', iso(5), iso(6), 10))).toEqual(['third']);
      expect(await store().claimDeliveries('worker-2', iso(5), iso(6), 10)).toEqual([]);
      const sending = await store().listDeliveries({ states: ['sending'] });
      expect(sending.map((d) => [d.key, d.claimedBy]).sort()).toEqual([
        ['first', 'worker-1'],
        ['second', 'worker-1'],
        ['third', 'worker-2'],
      ]);
    });

    it('counts deliveries by state, after claims and updates as after a reopen', async () => {
      expect(await store().countDeliveries()).toEqual({ pending: 0, sending: 0, sent: 0, failed: 0, undeliverable: 0 });
      await store().enqueueDeliveries([
        delivery('p1'),
        delivery('p2'),
        delivery('p3', { dueAt: iso(60 * 24 * 40), nextAttemptAt: iso(60 * 24 * 40) }),
        delivery('s1', { state: 'sent' }),
        delivery('f1', { state: 'failed' }),
      ]);
      await store().claimDeliveries('worker-1', iso(5), iso(6), 1);
      await store().updateDelivery('p2', { state: 'undeliverable' });
      const counts = { pending: 1, sending: 1, sent: 1, failed: 1, undeliverable: 1 };
      expect(await store().countDeliveries()).toEqual(counts);
      expect(await (await reopen()).countDeliveries()).toEqual(counts);
    });

    it('never gives the same delivery to two concurrent claimers', async () => {
      const all = Array.from({ length: 40 }, (_, i) =>
        delivery(`k${String(i).padStart(2, '0')}`, { nextAttemptAt: iso(i % 5) }),
      );
      await store().enqueueDeliveries(all);
      const owners = ['a', 'b', 'c', 'd'];
      const rounds = await Promise.all(owners.map((o) => store().claimDeliveries(o, iso(10), iso(20), 15)));
      const taken = rounds.flat();
      expect(taken).toHaveLength(40);
      expect(new Set(taken.map((d) => d.key)).size).toBe(40);
      rounds.forEach((round, i) => round.forEach((d) => expect(d.claimedBy).toBe(owners[i])));
      const stored = await store().listDeliveries();
      for (const d of taken) expect(stored.find((s) => s.key === d.key)?.claimedBy).toBe(d.claimedBy);
    });

    it('lets another owner claim a delivery whose claim has expired, not before', async () => {
      await store().enqueueDeliveries([delivery('r')]);
      expect(keys(await store().claimDeliveries('crashed', iso(1), iso(3), 10))).toEqual(['r']);
      expect(await store().claimDeliveries('other', iso(2), iso(4), 10)).toEqual([]);
      const again = await (await reopen()).claimDeliveries('other', iso(3), iso(5), 10);
      expect(again.map((d) => [d.key, d.state, d.claimedBy, d.claimedUntil])).toEqual([
        ['r', 'sending', 'other', iso(5)],
      ]);
    });

    it('updates a delivery and lists by reference and state', async () => {
      await store().enqueueDeliveries([delivery('x'), delivery('y', { ref: 'PCD 1066' }), delivery('z')]);
      await store().claimDeliveries('w', iso(1), iso(2), 10);
      await store().updateDelivery('x', {
        state: 'sent',
        activityId: 'act-1',
        attempts: 1,
        claimedBy: null,
        claimedUntil: null,
      });
      await store().updateDelivery('z', {
        state: 'pending',
        attempts: 1,
        lastError: '502 from connector',
        nextAttemptAt: iso(30),
        claimedBy: null,
        claimedUntil: null,
      });
      const x = (await store().listDeliveries()).find((d) => d.key === 'x');
      expect(x).toMatchObject({
        state: 'sent',
        activityId: 'act-1',
        attempts: 1,
        kind: 'reminder',
        payload: { stage: '6m' },
      });
      const byState = async (states: DeliveryState[]): Promise<string[]> =>
        keys(await store().listDeliveries({ states }));
      expect(await byState(['sent'])).toEqual(['x']);
      expect(await byState(['pending', 'sending'])).toEqual(['y', 'z']);
      expect(keys(await store().listDeliveries({ ref: 'pcd 1066' }))).toEqual(['y']);
      expect(keys(await store().listDeliveries({ ref: 'PCD 1065', states: ['pending'] }))).toEqual(['z']);
      // y's lease ran out at iso(2); z waits for its next attempt at iso(30).
      expect(keys(await store().claimDeliveries('w', iso(29), iso(40), 10))).toEqual(['y']);
      expect(keys(await store().claimDeliveries('w', iso(30), iso(40), 10))).toEqual(['z']);
    });

    it('refuses to update a delivery that does not exist with NOT_FOUND', async () => {
      await expect(store().updateDelivery('missing', { state: 'sent' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
}
