/**
 * Stores made before people were kept: a PostgreSQL schema at migration 2 and a lowdb DATA_DIR
 * without people.json. Both open with their records intact and nobody known, then keep people.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMigrations, migrate } from '../../storage/migrate';
import { createPool } from '../../storage/postgres/pool';
import { LowdbStore } from '../../storage/lowdb-store';
import { PostgresStore } from '../../storage/postgres-store';
import type { RoleAssignment, Store } from '../../storage/store';
import { alice, at, bob, contractClock } from './store-contract-fixtures';
import { dropSchema, freshSchemaName, requirePostgres, testDatabaseUrl } from './postgres-test-db';

const holding: RoleAssignment = { role: 'finance', holder: alice, deputy: false, assignedBy: bob, assignedAt: at(1) };
const person = { aadObjectId: alice.aadObjectId, mri: '29:1alice', name: alice.name };

async function keepsPeopleAfterUpgrade(store: Store, reopen: () => Promise<Store>): Promise<void> {
  expect(await store.listRoleAssignments()).toEqual([holding]);
  expect(await store.listPeople()).toEqual([]);
  await store.savePerson(person);
  await store.close();
  const again = await reopen();
  expect(await again.listPeople([alice.aadObjectId])).toEqual([person]);
  await again.close();
}

test('a PostgreSQL schema at migration 2 gets the people table, its role holders kept', async () => {
  await requirePostgres();
  const schema = freshSchemaName();
  const pool = createPool(testDatabaseUrl, schema, 2);
  try {
    const older = loadMigrations().filter((m) => m.version <= 2);
    expect(older.map((m) => m.version)).toEqual([1, 2]);
    await migrate(pool, schema, older);
    await pool.query('INSERT INTO role_assignments (role, holder_aad, data) VALUES ($1, $2, $3)', [
      holding.role,
      alice.aadObjectId,
      JSON.stringify(holding),
    ]);
    const open = async () => {
      const store = new PostgresStore({ connectionString: testDatabaseUrl, schema, poolSize: 2, clock: contractClock });
      await store.open();
      return store;
    };
    await keepsPeopleAfterUpgrade(await open(), open);
    const { rows } = await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
  } finally {
    await pool.end();
    await dropSchema(schema);
  }
});

test('a lowdb DATA_DIR without people.json opens with nobody known and keeps people from then on', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dt-people-'));
  try {
    const first = new LowdbStore(dir, { clock: contractClock });
    await first.open();
    await first.addRoleAssignment(holding);
    await first.close();
    expect(await readdir(dir)).not.toContain('people.json');
    const open = async () => {
      const store = new LowdbStore(dir, { clock: contractClock });
      await store.open();
      return store;
    };
    await keepsPeopleAfterUpgrade(await open(), open);
    expect(await readdir(dir)).toContain('people.json');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
