/**
 * The PostgreSQL store: the shared Store contract on a fresh schema per test, then what only
 * several replicas on one database can show (two PostgresStore instances = two pools = two replicas).
 */
import { verifyChain } from '../../domain/audit';
import { DomainError } from '../../domain/errors';
import { PostgresStore } from '../../storage/postgres-store';
import type { StoredDecision } from '../../storage/store';
import { delivery } from './store-contract-outbox';
import { alice, at, bob, by, codeOf, contractClock, decisionWith, drafts, runStoreContract } from './store-contract';
import { dropSchema, freshSchemaName, requirePostgres, testDatabaseUrl, withClient } from './postgres-test-db';

beforeAll(requirePostgres);

const replica = (schema: string, clock?: () => Date): PostgresStore =>
  new PostgresStore({ connectionString: testDatabaseUrl, schema, poolSize: 4, ...(clock ? { clock } : {}) });

runStoreContract('postgres', async (clock) => {
  const schema = freshSchemaName();
  const opened: PostgresStore[] = [];
  const openReplica = async (): Promise<PostgresStore> => {
    const store = replica(schema, clock);
    await store.open();
    opened.push(store);
    return store;
  };
  return {
    store: await openReplica(),
    reopen: openReplica,
    cleanup: async () => {
      await Promise.all(opened.map((s) => s.close()));
      await dropSchema(schema);
    },
  };
});

describe('PostgresStore with two replicas on one database', () => {
  let schema: string;
  let one: PostgresStore;
  let two: PostgresStore;

  beforeEach(async () => {
    schema = freshSchemaName();
    one = replica(schema, contractClock);
    two = replica(schema, contractClock);
    await Promise.all([one.open(), two.open()]);
  });

  afterEach(async () => {
    await Promise.all([one.close(), two.close()]);
    await dropSchema(schema);
  });

  /** Reads the decision afresh and writes one change, retrying on STALE_VERSION like a person reloading the card. */
  async function changeWithRetry(store: PostgresStore, ref: string, change: string): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const current = (await store.getDecision(ref)) as StoredDecision;
      try {
        await store.updateDecision(
          { ...current.decision, summary: change },
          current.decision.version,
          drafts(change),
          by(bob),
        );
        return attempt;
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'STALE_VERSION' || attempt > 200) throw error;
      }
    }
  }

  it('records 20 concurrent changes from each replica exactly once, in one linear chain', async () => {
    await one.createDecision(decisionWith('PCD 1065'), drafts('created'), by(alice));
    const writer = async (store: PostgresStore, name: string): Promise<number> => {
      let attempts = 0;
      for (let i = 1; i <= 20; i++) attempts += await changeWithRetry(store, 'PCD 1065', `${name}-${i}`);
      return attempts;
    };
    const attempts = await Promise.all([writer(one, 'one'), writer(two, 'two')]);
    const audit = await two.getAudit('PCD 1065');
    expect(verifyChain(audit)).toEqual({ ok: true, count: 41 });
    const changes = audit.slice(1).map((e) => e.type);
    const expected = ['one', 'two'].flatMap((name) => Array.from({ length: 20 }, (_, i) => `${name}-${i + 1}`));
    expect([...changes].sort()).toEqual([...expected].sort());
    // Each replica's own changes appear in the order it made them.
    for (const name of ['one', 'two'])
      expect(changes.filter((c) => c.startsWith(`${name}-`))).toEqual(expected.filter((c) => c.startsWith(`${name}-`)));
    const final = await one.getDecision('PCD 1065');
    expect(final?.decision.version).toBe(41);
    expect(final?.decision.summary).toBe(changes.at(-1));
    expect(attempts.reduce((a, b) => a + b)).toBeGreaterThanOrEqual(40);
  });

  it('claims each of 1,000 due deliveries exactly once between two replicas claiming at once', async () => {
    const all = Array.from({ length: 1000 }, (_, i) =>
      delivery(`reminder:${String(i).padStart(4, '0')}`, { nextAttemptAt: at(i % 30) }),
    );
    expect(await one.enqueueDeliveries(all)).toBe(1000);
    const drain = async (store: PostgresStore, owner: string): Promise<string[]> => {
      const taken: string[] = [];
      for (;;) {
        const batch = await store.claimDeliveries(owner, at(59), at(90), 25);
        if (batch.length === 0) return taken;
        taken.push(...batch.map((d) => d.key));
      }
    };
    const [byOne, byTwo] = await Promise.all([drain(one, 'replica-1'), drain(two, 'replica-2')]);
    const taken = [...(byOne ?? []), ...(byTwo ?? [])];
    expect(taken).toHaveLength(1000);
    expect(new Set(taken).size).toBe(1000);
    expect(byOne?.length).toBeGreaterThan(0);
    expect(byTwo?.length).toBeGreaterThan(0);
    const stored = await two.listDeliveries({ states: ['sending'] });
    expect(stored).toHaveLength(1000);
    const owner = new Map(stored.map((d) => [d.key, d.claimedBy]));
    for (const key of byOne ?? []) expect(owner.get(key)).toBe('replica-1');
    for (const key of byTwo ?? []) expect(owner.get(key)).toBe('replica-2');
  });

  it('gives one of two replicas creating the same reference at once DUPLICATE_REF', async () => {
    const results = await Promise.allSettled([
      one.createDecision(decisionWith('PCD 1066', { title: 'From one' }), drafts('created'), by(alice)),
      two.createDecision(decisionWith('pcd1066', { title: 'From two' }), drafts('created'), by(bob)),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect((rejected?.reason as DomainError).code).toBe('DUPLICATE_REF');
    expect(verifyChain(await one.getAudit('PCD 1066'))).toEqual({ ok: true, count: 1 });
  });

  it('shares idempotency keys: an invoke retried to the other replica gets the first outcome', async () => {
    const outcomes = await Promise.all([
      one.rememberOnce('invoke-9', { by: 'one' }, at(0)),
      two.rememberOnce('invoke-9', { by: 'two' }, at(0)),
    ]);
    expect(outcomes.filter((o) => o === null)).toHaveLength(1);
    const winner = outcomes[0] === null ? { by: 'one' } : { by: 'two' };
    expect(outcomes.find((o) => o !== null)).toEqual(winner);
    expect(await two.rememberOnce('invoke-9', { by: 'later' }, at(1))).toEqual(winner);
  });
});

describe('PostgresStore details', () => {
  let schema: string;
  let store: PostgresStore;
  let now: Date;

  beforeEach(async () => {
    schema = freshSchemaName();
    now = new Date(at(0));
    store = replica(schema, () => now);
    await store.open();
  });

  afterEach(async () => {
    await store.close();
    await dropSchema(schema);
  });

  it('keeps audit events byte for byte as they were hashed', async () => {
    await store.createDecision(
      decisionWith('PCD 1065'),
      [{ type: 'created', details: { z: 1, a: { y: [2, 1], b: 'é' } } }],
      by(alice),
    );
    const [event] = await store.getAudit('PCD 1065');
    const raw = await withClient(
      async (c) =>
        (await c.query<{ event: string }>(`SELECT event::text AS event FROM "${schema}".audit_events`)).rows[0]?.event,
    );
    expect(raw).toBe(JSON.stringify(event));
    expect(verifyChain(await store.getAudit('PCD 1065')).ok).toBe(true);
  });

  it('answers highestReferenceNumber for a prefix with digits by scanning, as the index cannot', async () => {
    for (const ref of ['PCD 1065', 'DD2 17', 'DD2 9', 'MD2008'])
      await store.createDecision(decisionWith(ref), drafts('created'), by(alice));
    expect(await store.highestReferenceNumber('DD2')).toBe(17);
    expect(await store.highestReferenceNumber('MD2')).toBe(8);
    expect(await store.highestReferenceNumber('PCD')).toBe(1065);
  });

  it('forgets idempotency keys after seven days', async () => {
    expect(await store.rememberOnce('old', { n: 1 }, now.toISOString())).toBeNull();
    now = new Date(now.getTime() + 6 * 24 * 3600_000);
    expect(await store.rememberOnce('old', { n: 2 }, now.toISOString())).toEqual({ n: 1 });
    now = new Date(now.getTime() + 2 * 24 * 3600_000);
    expect(await store.rememberOnce('old', { n: 3 }, now.toISOString())).toBeNull();
  });

  it('stamps an updated delivery with the clock unless the patch says otherwise', async () => {
    await store.enqueueDeliveries([delivery('a'), delivery('b')]);
    await store.updateDelivery('a', { state: 'sent' });
    await store.updateDelivery('b', { state: 'failed', updatedAt: at(7) });
    const [a, b] = await store.listDeliveries();
    expect([a?.updatedAt, b?.updatedAt]).toEqual([now.toISOString(), at(7)]);
  });

  it('refuses a delivery whose due time is not a date with INVALID_INPUT', async () => {
    expect(await codeOf(store.enqueueDeliveries([delivery('bad', { dueAt: 'soon' })]))).toBe('INVALID_INPUT');
    expect(await store.listDeliveries()).toEqual([]);
  });
});
