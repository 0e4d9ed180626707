/** How many records of each kind the schema holds: for store:copy's empty-target check and its report. */
import type { Pool } from 'pg';

export interface RecordCounts {
  readonly decisions: number;
  readonly auditEvents: number;
  readonly roleAssignments: number;
  readonly conversations: number;
  readonly deliveries: number;
  readonly idempotencyKeys: number;
}

export async function countRecords(pool: Pool): Promise<RecordCounts> {
  const { rows } = await pool.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM decisions)::int AS decisions,
            (SELECT count(*) FROM audit_events)::int AS audit_events,
            (SELECT count(*) FROM role_assignments)::int AS role_assignments,
            (SELECT count(*) FROM conversations)::int AS conversations,
            (SELECT count(*) FROM deliveries)::int AS deliveries,
            (SELECT count(*) FROM idempotency)::int AS idempotency`,
  );
  const r = rows[0] ?? {};
  return {
    decisions: r.decisions ?? 0,
    auditEvents: r.audit_events ?? 0,
    roleAssignments: r.role_assignments ?? 0,
    conversations: r.conversations ?? 0,
    deliveries: r.deliveries ?? 0,
    idempotencyKeys: r.idempotency ?? 0,
  };
}
