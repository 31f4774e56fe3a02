import { log } from '../logger';
import type { CollectMessage } from './message';
import { queueMessage, sendAll } from './queue-messages';

/**
 * The outbox makes a 202 durable where the Queue itself is not: a local
 * `wrangler dev` keeps undelivered messages in memory, so a restart loses
 * them. With `OUTBOX=on` the collect route writes each message here
 * before sending it, the consumer deletes it once stored, and rows left
 * behind are sent again. Cloudflare Queues persist a message before
 * `send` resolves, so production leaves the outbox off and pays no D1
 * write per beacon. Sending twice is safe: the consumer is idempotent.
 */

/** Rows older than this are presumed lost in the Queue and sent again. */
export const OUTBOX_RESEND_AFTER_MS = 60_000;

/** How often one isolate looks for rows to send again. */
const OUTBOX_SWEEP_INTERVAL_MS = 30_000;

/** Rows sent again per sweep; a Queue sendBatch takes at most 100. */
const OUTBOX_SWEEP_ROWS = 100;

// The first sweep of an isolate sends every row: rows present then were
// written by a process that is gone (a restart or a rebuild).
let lastSweepAt: number | undefined;

/** True when the outbox is switched on for this deployment. */
export function outboxEnabled(env: { OUTBOX?: string }): boolean {
  return env.OUTBOX === 'on';
}

/** The statement that records a message before it is sent. */
export function recordInOutbox(
  db: D1Database,
  message: CollectMessage & { outboxId: string },
): D1PreparedStatement {
  return db
    .prepare('INSERT INTO outbox (id, body, created_at) VALUES (?, ?, ?)')
    .bind(message.outboxId, JSON.stringify(message), message.receivedAt);
}

/** The statement that deletes the rows of stored or dead-lettered messages. */
export function clearFromOutbox(
  db: D1Database,
  ids: readonly string[],
): D1PreparedStatement {
  return db
    .prepare('DELETE FROM outbox WHERE id IN (SELECT value FROM json_each(?))')
    .bind(JSON.stringify(ids));
}

/**
 * Sends again what the outbox still holds: everything on an isolate's
 * first sweep, then rows older than OUTBOX_RESEND_AFTER_MS, at most every
 * OUTBOX_SWEEP_INTERVAL_MS. A resent row is re-stamped so that it waits
 * another period before the next try.
 */
export async function sweepOutbox(env: Env, now = Date.now()): Promise<void> {
  if (lastSweepAt !== undefined && now - lastSweepAt < OUTBOX_SWEEP_INTERVAL_MS)
    return;
  const cutoff = lastSweepAt === undefined ? now : now - OUTBOX_RESEND_AFTER_MS;
  lastSweepAt = now;

  for (;;) {
    const { results } = await env.DB.prepare(
      'SELECT id, body FROM outbox WHERE created_at <= ? ORDER BY created_at LIMIT ?',
    )
      .bind(cutoff, OUTBOX_SWEEP_ROWS)
      .all<{ id: string; body: string }>();
    if (results.length === 0) return;

    await sendAll(
      env.EVENTS,
      results.map((r) => queueMessage(JSON.parse(r.body), r.body)),
    );
    await env.DB.prepare(
      `UPDATE outbox SET created_at = ?
       WHERE id IN (SELECT value FROM json_each(?))`,
    )
      .bind(now + 1, JSON.stringify(results.map((r) => r.id)))
      .run();
    log('info', 'outbox_resent', { rows: results.length });
    if (results.length < OUTBOX_SWEEP_ROWS) return;
  }
}
