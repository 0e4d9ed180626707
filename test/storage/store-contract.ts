/**
 * The contract every Store adapter passes (lowdb and PostgreSQL). Call it from an adapter's test
 * file with a factory that makes an empty, open store:
 *   runStoreContract('lowdb', async () => ({ store, reopen, cleanup }))
 * - store: open, on empty storage of its own.
 * - reopen(): a new, open Store on the same storage (the test closes the previous one first).
 * - cleanup(): closes whatever is still open and removes the storage.
 */
import { verifyChain } from '../../domain/audit';
import { DomainError } from '../../domain/errors';
import type { DecisionHome, Delivery, Store } from '../../storage/store';
import { runFilterContract } from './store-contract-filters';
import { runOutboxContract } from './store-contract-outbox';
import { runRecordsContract } from './store-contract-records';
import { runSummariesContract } from './store-contract-summaries';
import { alice, at, bob, by, codeOf, contractClock, conversation, decisionWith, drafts } from './store-contract-fixtures';

export interface StoreUnderTest {
  readonly store: Store;
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
}

/**
 * Makes an empty, open store whose clock is `clock`: every store compares with "now" (it prunes
 * idempotency keys after 7 days), so it must read the contract's clock, not the machine's.
 */
export type MakeStore = (clock: () => Date) => Promise<StoreUnderTest>;

export * from './store-contract-fixtures';

export function runStoreContract(name: string, makeStore: MakeStore): void {
  describe(`Store contract: ${name}`, () => {
    let t: StoreUnderTest;
    let store: Store;
    beforeEach(async () => {
      t = await makeStore(contractClock);
      store = t.store;
    });
    afterEach(async () => {
      await t.cleanup();
    });
    const reopen = async (): Promise<Store> => {
      await store.close();
      store = await t.reopen();
      return store;
    };

    describe('decisions', () => {
      it('creates a decision with its first audit events, and finds it by reference in any spelling', async () => {
        const home: DecisionHome = { conversation: conversation('conv-1'), cardActivityId: 'act-1' };
        const created = await store.createDecision(
          decisionWith('PCD 1065'),
          drafts('created', 'imported'),
          by(alice),
          home,
        );
        expect(created.decision.ref).toBe('PCD 1065');
        expect(created.home).toEqual(home);
        expect(created.watchers).toEqual([]);
        expect((await store.getDecision('PCD 1065'))?.decision).toEqual(created.decision);
        expect((await store.getDecision('pcd1065'))?.decision.ref).toBe('PCD 1065');
        expect(await store.getDecision('PCD 1066')).toBeNull();
        expect((await store.listDecisions()).map((s) => s.decision.ref)).toEqual(['PCD 1065']);
        const audit = await store.getAudit('PCD 1065');
        expect(audit.map((e) => [e.seq, e.type, e.actor.aadObjectId, e.conversationId])).toEqual([
          [1, 'created', alice.aadObjectId, 'conv-1'],
          [2, 'imported', alice.aadObjectId, 'conv-1'],
        ]);
        expect(verifyChain(audit)).toEqual({ ok: true, count: 2 });
      });

      it('lists every decision', async () => {
        for (const n of [1, 2, 3]) await store.createDecision(decisionWith(`PCD ${n}`), drafts('created'), by(alice));
        expect((await store.listDecisions()).map((s) => s.decision.ref).sort()).toEqual(['PCD 1', 'PCD 2', 'PCD 3']);
      });

      it('refuses a reference that exists in another spelling with DUPLICATE_REF, changing nothing', async () => {
        await store.createDecision(decisionWith('PCD 1065', { title: 'First' }), drafts('created'), by(alice));
        expect(
          await codeOf(store.createDecision(decisionWith('pcd1065', { title: 'Second' }), drafts('created'), by(bob))),
        ).toBe('DUPLICATE_REF');
        expect(await codeOf(store.createDecision(decisionWith(' PCD  1065 '), drafts('created'), by(bob)))).toBe(
          'DUPLICATE_REF',
        );
        expect((await store.listDecisions()).map((s) => s.decision.title)).toEqual(['First']);
        expect((await store.getAudit('PCD 1065')).map((e) => e.actor.name)).toEqual([alice.name]);
      });

      it('updates with the current version: version + 1 and the events appended to the chain', async () => {
        await store.createDecision(decisionWith('PCD 1065'), drafts('created'), by(alice));
        const updated = await store.updateDecision(
          decisionWith('PCD 1065', { title: 'New title' }),
          1,
          drafts('edited', 'ticks-reset'),
          by(bob, 5),
        );
        expect(updated.decision.version).toBe(2);
        expect(updated.decision.title).toBe('New title');
        expect((await store.getDecision('PCD 1065'))?.decision).toEqual(updated.decision);
        const audit = await store.getAudit('PCD 1065');
        expect(audit.map((e) => [e.seq, e.type, e.actor.name, e.at])).toEqual([
          [1, 'created', alice.name, at(0)],
          [2, 'edited', bob.name, at(5)],
          [3, 'ticks-reset', bob.name, at(5)],
        ]);
        expect(verifyChain(audit).ok).toBe(true);
      });

      it('keeps the reference as it was first written when an update names it in another spelling', async () => {
        await store.createDecision(decisionWith('PCD 1065'), drafts('created'), by(alice));
        const updated = await store.updateDecision(
          decisionWith('pcd  1065', { title: 'T2' }),
          1,
          drafts('edited'),
          by(bob, 1),
        );
        expect(updated.decision.ref).toBe('PCD 1065');
        expect((await (await reopen()).getDecision('PCD 1065'))?.decision).toMatchObject({
          ref: 'PCD 1065',
          title: 'T2',
          version: 2,
        });
        expect((await store.getAudit('PCD 1065')).map((e) => e.ref)).toEqual(['PCD 1065', 'PCD 1065']);
      });

      it('refuses a stale version with STALE_VERSION and changes neither the decision nor its audit', async () => {
        await store.createDecision(decisionWith('PCD 1065'), drafts('created'), by(alice));
        await store.updateDecision(decisionWith('PCD 1065', { title: 'Second' }), 1, drafts('edited'), by(alice, 1));
        const before = await store.getDecision('PCD 1065');
        const auditBefore = await store.getAudit('PCD 1065');
        const stale = store.updateDecision(
          decisionWith('PCD 1065', { title: 'Stale' }),
          1,
          drafts('edited'),
          by(bob, 2),
        );
        expect(await codeOf(stale)).toBe('STALE_VERSION');
        expect(await store.getDecision('PCD 1065')).toEqual(before);
        expect(await store.getAudit('PCD 1065')).toEqual(auditBefore);
        expect(await codeOf(store.updateDecision(decisionWith('PCD 1065'), 3, drafts('edited'), by(bob)))).toBe(
          'STALE_VERSION',
        );
      });

      it('refuses to update or read the audit of a decision that does not exist with NOT_FOUND', async () => {
        expect(await codeOf(store.updateDecision(decisionWith('PCD 404'), 1, drafts('edited'), by(bob)))).toBe(
          'NOT_FOUND',
        );
        expect(await codeOf(store.getAudit('PCD 404'))).toBe('NOT_FOUND');
      });

      it('lets exactly one of several concurrent updates with the same version win', async () => {
        await store.createDecision(decisionWith('PCD 1065'), drafts('created'), by(alice));
        const results = await Promise.allSettled(
          [1, 2, 3, 4, 5].map((n) =>
            store.updateDecision(decisionWith('PCD 1065', { title: `Title ${n}` }), 1, drafts(`edit-${n}`), by(bob, n)),
          ),
        );
        const won = results.filter(
          (r): r is PromiseFulfilledResult<Awaited<ReturnType<Store['updateDecision']>>> => r.status === 'fulfilled',
        );
        expect(won).toHaveLength(1);
        for (const r of results)
          if (r.status === 'rejected') expect((r.reason as DomainError).code).toBe('STALE_VERSION');
        const stored = await store.getDecision('PCD 1065');
        expect(stored?.decision).toEqual(won[0]?.value.decision);
        const audit = await store.getAudit('PCD 1065');
        expect(audit.map((e) => e.type)).toEqual(['created', `edit-${won[0]?.value.decision.title.slice(6)}`]);
        expect(verifyChain(audit).ok).toBe(true);
      });

      it('keeps every chain valid after many interleaved writes, and after reopening', async () => {
        const refs = ['PCD 1', 'PCD 2', 'PCD 3'];
        await Promise.all(refs.map((ref) => store.createDecision(decisionWith(ref), drafts('created'), by(alice))));
        await Promise.all(
          refs.map(async (ref) => {
            for (let v = 1; v <= 15; v++)
              await store.updateDecision(
                decisionWith(ref, { summary: `v${v}` }),
                v,
                drafts('edited', 'noted'),
                by(bob, v),
              );
          }),
        );
        const check = async (s: Store): Promise<void> => {
          for (const ref of refs) {
            const audit = await s.getAudit(ref);
            expect(verifyChain(audit)).toEqual({ ok: true, count: 31 });
            expect((await s.getDecision(ref))?.decision).toMatchObject({ version: 16, summary: 'v15' });
          }
        };
        await check(store);
        await check(await reopen());
      });

      it('sets home and watchers without a version bump or audit event, kept across reopen', async () => {
        await store.createDecision(decisionWith('PCD 1065'), drafts('created'), by(alice));
        const home: DecisionHome = { conversation: conversation('conv-9'), cardActivityId: 'act-9' };
        await store.setHome('pcd 1065', home);
        await store.setWatchers('PCD 1065', [alice.aadObjectId, bob.aadObjectId]);
        const check = async (s: Store): Promise<void> => {
          const stored = await s.getDecision('PCD 1065');
          expect(stored?.home).toEqual(home);
          expect([...(stored?.watchers ?? [])].sort()).toEqual([alice.aadObjectId, bob.aadObjectId].sort());
          expect(stored?.decision.version).toBe(1);
          expect(await s.getAudit('PCD 1065')).toHaveLength(1);
        };
        await check(store);
        await check(await reopen());
        await store.setWatchers('PCD 1065', []);
        expect((await store.getDecision('PCD 1065'))?.watchers).toEqual([]);
        expect(await codeOf(store.setHome('PCD 404', home))).toBe('NOT_FOUND');
        expect(await codeOf(store.setWatchers('PCD 404', []))).toBe('NOT_FOUND');
      });

      it('reports the highest reference number per prefix', async () => {
        expect(await store.highestReferenceNumber('PCD')).toBeNull();
        for (const ref of ['PCD 1065', 'PCD 998', 'PCD 1100', 'MD 2008', 'Decision 44/2020']) {
          await store.createDecision(decisionWith(ref), drafts('created'), by(alice));
        }
        expect(await store.highestReferenceNumber('PCD')).toBe(1100);
        expect(await store.highestReferenceNumber('pcd')).toBe(1100);
        expect(await store.highestReferenceNumber('MD')).toBe(2008);
        expect(await store.highestReferenceNumber('DD')).toBeNull();
      });
    });

    runRecordsContract(() => store, reopen);
    runFilterContract(() => store, reopen);
    runSummariesContract(() => store, reopen);
    runOutboxContract(() => store, reopen);

    describe('open and close', () => {
      it('keeps everything across close and reopen', async () => {
        await store.createDecision(decisionWith('PCD 1065'), drafts('created'), by(alice));
        await store.updateDecision(decisionWith('PCD 1065', { title: 'T2' }), 1, drafts('edited'), by(bob));
        await store.addRoleAssignment({
          role: 'dmpc',
          holder: alice,
          deputy: false,
          assignedBy: bob,
          assignedAt: at(0),
        });
        await store.saveConversation('user:alice', conversation('a:1'));
        await store.rememberOnce('invoke-1', { ok: true }, at(0));
        const decision = await store.getDecision('PCD 1065');
        const audit = await store.getAudit('PCD 1065');
        const s = await reopen();
        expect(s.isOpen).toBe(true);
        expect(await s.getDecision('PCD 1065')).toEqual(decision);
        expect(await s.getAudit('PCD 1065')).toEqual(audit);
        expect(await s.listRoleAssignments()).toHaveLength(1);
        expect(await s.getConversation('user:alice')).toEqual(conversation('a:1'));
        expect(await s.rememberOnce('invoke-1', { ok: false }, at(1))).toEqual({ ok: true });
      });

      it('refuses every operation on a closed store with STORE_CLOSED', async () => {
        await store.createDecision(decisionWith('PCD 1065'), drafts('created'), by(alice));
        await store.close();
        expect(store.isOpen).toBe(false);
        const delivery = { key: 'k' } as Delivery;
        const calls: Array<() => Promise<unknown>> = [
          () => store.getDecision('PCD 1065'),
          () => store.listDecisions(),
          () => store.createDecision(decisionWith('PCD 1'), drafts('created'), by(alice)),
          () => store.updateDecision(decisionWith('PCD 1065'), 1, drafts('edited'), by(alice)),
          () => store.setHome('PCD 1065', { conversation: conversation('c'), cardActivityId: null }),
          () => store.setWatchers('PCD 1065', []),
          () => store.getAudit('PCD 1065'),
          () => store.highestReferenceNumber('PCD'),
          () => store.listRoleAssignments(),
          () =>
            store.addRoleAssignment({ role: 'dmpc', holder: alice, deputy: false, assignedBy: bob, assignedAt: at(0) }),
          () => store.removeRoleAssignment('dmpc', alice.aadObjectId),
          () => store.saveConversation('k', conversation('c')),
          () => store.getConversation('k'),
          () => store.enqueueDeliveries([delivery]),
          () => store.claimDeliveries('me', at(0), at(1), 10),
          () => store.updateDelivery('k', { state: 'sent' }),
          () => store.listDeliveries(),
          () => store.rememberOnce('k', {}, at(0)),
        ];
        for (const call of calls) expect(await codeOf(call())).toBe('STORE_CLOSED');
      });
    });
  });
}
