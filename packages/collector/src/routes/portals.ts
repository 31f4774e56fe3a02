import { Hono } from 'hono';
import { requireAdmin, requireKey, sha256Hex } from '../auth';
import { ApiError } from '../errors';
import { forgetPortal } from '../ingest/portal-cache';
import { log } from '../logger';
import { portalInputSchema } from '../schemas/portal';
import { parseJsonBody } from '../schemas/validate-input';
import type { AppEnv } from '../types';

/** Random bytes in a new API key: 256 bits. */
const API_KEY_BYTES = 32;

function newApiKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(API_KEY_BYTES));
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0'));
  return `ak_${hex.join('')}`;
}

/** POST /v1/portals (admin): registers a site and issues its API key. */
export const portalRoutes = new Hono<AppEnv>();

portalRoutes.post('/v1/portals', requireKey, requireAdmin, async (c) => {
  const input = await parseJsonBody(c, portalInputSchema);

  const existing = await c.env.DB.prepare(
    'SELECT 1 AS found FROM portals WHERE id = ?',
  )
    .bind(input.id)
    .first();
  if (existing) {
    throw new ApiError(409, 'conflict', 'the portal already exists', 'id');
  }

  const apiKey = newApiKey();
  const now = Date.now();
  const domains = input.domains.map((d) => d.toLowerCase());
  try {
    await c.env.DB.batch([
      c.env.DB.prepare(
        'INSERT INTO portals (id, name, domains, created_at) VALUES (?, ?, ?, ?)',
      ).bind(input.id, input.name, JSON.stringify(domains), now),
      c.env.DB.prepare(
        'INSERT INTO api_keys (key_hash, portal_id, created_at) VALUES (?, ?, ?)',
      ).bind(await sha256Hex(apiKey), input.id, now),
    ]);
  } catch (err) {
    // Two creations of one id at once both pass the check above; the
    // primary key stops the second, and the batch rolls back whole.
    if (err instanceof Error && err.message.includes('UNIQUE constraint')) {
      throw new ApiError(409, 'conflict', 'the portal already exists', 'id');
    }
    throw err;
  }

  // A lookup just before creation may have cached the id as missing.
  forgetPortal(input.id);
  log('info', 'portal_created', { portalId: input.id });
  return c.json({ id: input.id, apiKey }, 201);
});
