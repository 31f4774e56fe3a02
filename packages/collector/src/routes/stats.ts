import { Hono } from 'hono';
import { portalOf, requireKey } from '../auth';
import type { AppEnv } from '../types';

/** GET /v1/stats: what the collector dropped (by reason) and stored. */
export const statsRoutes = new Hono<AppEnv>();

statsRoutes.get('/v1/stats', requireKey, async (c) => {
  const portalId = portalOf(c);
  const [drops, stored] = await c.env.DB.batch<{
    reason?: string;
    n: number;
  }>([
    c.env.DB.prepare(
      `SELECT reason, sum(count) AS n FROM drop_counts
       WHERE portal_id = ? GROUP BY reason ORDER BY reason`,
    ).bind(portalId),
    c.env.DB.prepare(
      'SELECT coalesce(sum(stored), 0) AS n FROM ingest_counts WHERE portal_id = ?',
    ).bind(portalId),
  ]);
  const dropped: Record<string, number> = {};
  for (const row of drops?.results ?? []) {
    if (row.reason) dropped[row.reason] = row.n;
  }
  // Drops that name no known portal (bad bodies, unknown portal ids) are
  // counted apart; only the admin sees them.
  const unattributed: Record<string, number> = {};
  if (c.get('isAdmin')) {
    const { results } = await c.env.DB.prepare(
      `SELECT reason, sum(count) AS n FROM drop_counts
       WHERE portal_id = '*' GROUP BY reason ORDER BY reason`,
    ).all<{ reason: string; n: number }>();
    for (const row of results) unattributed[row.reason] = row.n;
  }
  return c.json({
    portal: portalId,
    stored: stored?.results[0]?.n ?? 0,
    dropped,
    ...(c.get('isAdmin') ? { unattributed } : {}),
  });
});
