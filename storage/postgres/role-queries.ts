/** Role assignments in PostgreSQL: one row per (role, holder), listed in the order they were made. */
import type { Pool } from 'pg';
import type { RoleAssignment } from '../store';

export async function listRoleAssignments(pool: Pool): Promise<RoleAssignment[]> {
  const { rows } = await pool.query<{ data: RoleAssignment }>('SELECT data FROM role_assignments ORDER BY id');
  return rows.map((r) => r.data);
}

/** Assigning a role its holder already has replaces that assignment and moves it to the end, as the newest. */
export async function addRoleAssignment(pool: Pool, assignment: RoleAssignment): Promise<void> {
  await pool.query(
    `INSERT INTO role_assignments (role, holder_aad, data) VALUES ($1, $2, $3)
     ON CONFLICT (role, holder_aad) DO UPDATE SET data = EXCLUDED.data, id = EXCLUDED.id`,
    [assignment.role, assignment.holder.aadObjectId, JSON.stringify(assignment)],
  );
}

export async function removeRoleAssignment(pool: Pool, role: string, holderAadObjectId: string): Promise<boolean> {
  const result = await pool.query('DELETE FROM role_assignments WHERE role = $1 AND holder_aad = $2', [
    role,
    holderAadObjectId,
  ]);
  return (result.rowCount ?? 0) > 0;
}
