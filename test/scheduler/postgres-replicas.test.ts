/**
 * The scheduler on PostgreSQL, as several bot replicas behind one endpoint run it: the PCD 1065
 * reminders on a fake clock, and three replicas scanning and dispatching the same due reminders at
 * the same moment, each with its own store connection and adapter: every reminder is sent once.
 */
import { PostgresStore } from '../../storage/postgres-store';
import { dropSchema, freshSchemaName, requirePostgres, testDatabaseUrl } from '../storage/postgres-test-db';
import { HOME_THREAD, newAdapter, startWorld, type FakeClock, type SchedulerWorld } from './scheduler-support';

let world: SchedulerWorld;
let schema: string;
const replicas: PostgresStore[] = [];

beforeAll(requirePostgres);
beforeEach(() => {
  schema = freshSchemaName();
});
afterEach(async () => {
  for (const r of replicas.splice(0)) await r.close();
  await world?.close();
  await dropSchema(schema);
});

const postgres = (clock: FakeClock) =>
  new PostgresStore({ connectionString: testDatabaseUrl, schema, poolSize: 4, clock: clock.now });

test('PCD 1065 on PostgreSQL: nothing at 08:59, three cards at 09:00, nothing more the same day', async () => {
  world = await startWorld({ at: '2022-09-30T07:59:00Z', makeStore: postgres });
  const scheduler = world.scheduler();
  expect(await scheduler.runOnce()).toMatchObject({ queued: 0 });
  world.clock.set('2022-09-30T08:00:00Z');
  expect(await scheduler.runOnce()).toMatchObject({ queued: 3, sent: 3 });
  world.clock.set('2022-09-30T16:00:00Z');
  expect(await scheduler.runOnce()).toMatchObject({ queued: 0, sent: 0 });
  expect(world.connector.sent.map((s) => s.conversationId)).toContain(HOME_THREAD);
  expect(world.connector.sent).toHaveLength(3);
});

test('three replicas running at the same moment send each reminder exactly once', async () => {
  world = await startWorld({ at: '2022-09-30T08:00:00Z', makeStore: postgres, personalChats: true });
  const schedulers = [0, 1, 2].map(() => {
    const store = postgres(world.clock);
    replicas.push(store);
    return world.scheduler({ store, adapter: newAdapter() });
  });
  for (const r of replicas) await r.open();
  const results = await Promise.all(schedulers.map((s) => s.runOnce()));
  expect(results.reduce((n, r) => n + r.sent, 0)).toBe(3);
  expect(results.reduce((n, r) => n + r.queued, 0)).toBe(3);
  expect(world.connector.sent).toHaveLength(3);
  expect(new Set(world.connector.sent.map((s) => s.conversationId)).size).toBe(3);
  expect((await world.deliveries()).every((d) => d.state === 'sent')).toBe(true);
});
