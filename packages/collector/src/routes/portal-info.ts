import { Hono } from 'hono';
import { portalOf, requireKey } from '../auth';
import { ApiError } from '../errors';
import type { AppEnv } from '../types';

interface PortalRow {
  id: string;
  name: string;
  domains: string;
}

/** What a signed-in dashboard shows about the portal its key opens. */
export interface PortalInfo {
  id: string;
  name: string;
  domains: string[];
}

/** GET /v1/portal: the id, name and domains of the key's portal. */
export const portalInfoRoutes = new Hono<AppEnv>();

portalInfoRoutes.get('/v1/portal', requireKey, async (c) => {
  const portalId = portalOf(c);

  const row = await c.env.DB.prepare(
    'SELECT id, name, domains FROM portals WHERE id = ?',
  )
    .bind(portalId)
    .first<PortalRow>();
  if (!row) throw new ApiError(404, 'not_found', 'no such portal', 'portal');

  const info: PortalInfo = {
    id: row.id,
    name: row.name,
    domains: parseDomains(row.domains),
  };
  return c.json(info);
});

// The column holds a JSON array written by the portal route; a damaged
// value should not cost the dashboard its sign-in.
function parseDomains(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.filter((d): d is string => typeof d === 'string');
  } catch {
    return [];
  }
}
