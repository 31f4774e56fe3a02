import { log } from '../logger';
import { clearFromOutbox } from './outbox';
import { queueMessage, sendAll } from './queue-messages';

/**
 * Consumes the dead-letter queue: every message that failed all its
 * retries is kept in D1 until an operator replays it. Insert-or-ignore on
 * the message id makes a redelivered dead letter land once.
 */
export async function storeDeadLetters(
  batch: MessageBatch<unknown>,
  env: Env,
): Promise<void> {
  const now = Date.now();
  const statements = batch.messages.map((m) =>
    env.DB.prepare(
      `INSERT OR IGNORE INTO dead_letters (message_id, body, attempts, failed_at)
       VALUES (?, ?, ?, ?)`,
    ).bind(m.id, JSON.stringify(m.body), m.attempts, now),
  );
  // Now durable here, a message must not also be resent from the outbox.
  const outboxIds = batch.messages.flatMap((m) => {
    const id = (m.body as { outboxId?: unknown } | null)?.outboxId;
    return typeof id === 'string' ? [id] : [];
  });
  await env.DB.batch([...statements, clearFromOutbox(env.DB, outboxIds)]);
  log('warn', 'dead_letters_stored', { count: statements.length });
  batch.ackAll();
}

/** Most dead letters one replay call re-enqueues (one sendBatch). */
export const MAX_REPLAY_MESSAGES = 100;

/**
 * Puts up to `limit` stored dead letters back on the events Queue, oldest
 * first, and deletes them once the send resolved. Safe to repeat: the
 * consumer ignores events it already stored.
 */
export async function replayDeadLetters(
  env: Env,
  limit: number,
): Promise<{ replayed: number; remaining: number }> {
  const { results } = await env.DB.prepare(
    'SELECT seq, body FROM dead_letters ORDER BY seq LIMIT ?',
  )
    .bind(limit)
    .all<{ seq: number; body: string }>();
  if (results.length > 0) {
    await sendAll(
      env.EVENTS,
      results.map((r) => queueMessage(JSON.parse(r.body), r.body)),
    );
    const last = results[results.length - 1]?.seq ?? 0;
    await env.DB.prepare('DELETE FROM dead_letters WHERE seq <= ?')
      .bind(last)
      .run();
  }
  const left = await env.DB.prepare(
    'SELECT count(*) AS n FROM dead_letters',
  ).first<{ n: number }>();
  return { replayed: results.length, remaining: left?.n ?? 0 };
}
