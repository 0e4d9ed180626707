/** Conversations the bot has seen, by key (e.g. a user's AAD object id), for proactive messages. */
import type { Pool } from 'pg';
import type { ConversationRef } from '../store';

export async function saveConversation(pool: Pool, key: string, ref: ConversationRef): Promise<void> {
  // The same reference again (a restarted bot sees its conversations again) writes no new row version.
  await pool.query(
    'INSERT INTO conversations (key, data) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data WHERE conversations.data IS DISTINCT FROM EXCLUDED.data',
    [key, JSON.stringify(ref)],
  );
}

export async function getConversation(pool: Pool, key: string): Promise<ConversationRef | null> {
  const { rows } = await pool.query<{ data: ConversationRef }>('SELECT data FROM conversations WHERE key = $1', [key]);
  return rows[0]?.data ?? null;
}

export async function listConversations(pool: Pool): Promise<Array<{ key: string; ref: ConversationRef }>> {
  const { rows } = await pool.query<{ key: string; data: ConversationRef }>(
    'SELECT key, data FROM conversations ORDER BY key COLLATE "C"',
  );
  return rows.map((r) => ({ key: r.key, ref: r.data }));
}
