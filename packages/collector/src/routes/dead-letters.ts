import { Hono } from 'hono';
import { requireAdmin, requireKey } from '../auth';
import { ApiError } from '../errors';
import { replayDeadLetters } from '../ingest/dead-letters';
import { log } from '../logger';
import { replayInputSchema } from '../schemas/session';
import { parseWith } from '../schemas/validate-input';
import type { AppEnv } from '../types';

/** Dead letters (admin): inspect and replay onto the events Queue. */
export const deadLetterRoutes = new Hono<AppEnv>();

deadLetterRoutes.get(
  '/v1/admin/dead-letters',
  requireKey,
  requireAdmin,
  async (c) => {
    const row = await c.env.DB.prepare(
      `SELECT count(*) AS n, min(failed_at) AS oldest FROM dead_letters`,
    ).first<{ n: number; oldest: number | null }>();
    return c.json({
      count: row?.n ?? 0,
      oldestFailedAt: row?.oldest ? new Date(row.oldest).toISOString() : null,
    });
  },
);

deadLetterRoutes.post(
  '/v1/admin/dead-letters/replay',
  requireKey,
  requireAdmin,
  async (c) => {
    const text = await c.req.text();
    let body: unknown = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      throw new ApiError(400, 'invalid_json', 'the body is not valid JSON');
    }
    const { limit } = parseWith(replayInputSchema, body);
    try {
      const result = await replayDeadLetters(c.env, limit);
      log('info', 'dead_letters_replayed', result);
      return c.json(result);
    } catch (err) {
      log('error', 'dead_letter_replay_failed', {
        message: err instanceof Error ? err.message : String(err),
      });
      throw new ApiError(
        503,
        'unavailable',
        'replay failed; retry later',
        undefined,
        { 'Retry-After': '5' },
      );
    }
  },
);
