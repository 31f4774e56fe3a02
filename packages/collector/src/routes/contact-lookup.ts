import { Hono } from 'hono';
import { portalOf, requireKey } from '../auth';
import { contactLookupQuerySchema } from '../schemas/session';
import { parseWith } from '../schemas/validate-input';
import type { AppEnv } from '../types';

/** GET /v1/contacts?email=: contacts with that email, oldest first. */
export const contactLookupRoutes = new Hono<AppEnv>();

contactLookupRoutes.get('/v1/contacts', requireKey, async (c) => {
  const portalId = portalOf(c);
  const { email } = parseWith(contactLookupQuerySchema, c.req.query());

  const { results } = await c.env.DB.prepare(
    `SELECT id, email, created_at, method FROM contacts
     WHERE portal_id = ? AND email = ? ORDER BY created_at, id LIMIT 100`,
  )
    .bind(portalId, email.trim().toLowerCase())
    .all<{ id: string; email: string; created_at: number; method: string }>();

  return c.json({
    contacts: results.map((r) => ({
      id: r.id,
      email: r.email,
      createdAt: new Date(r.created_at).toISOString(),
      method: r.method,
    })),
  });
});
