/** What the ingest path needs to know about a portal. */
export interface PortalInfo {
  id: string;
  domains: string[];
}

/** How long a known portal is trusted without asking D1 again. */
export const PORTAL_CACHE_TTL_MS = 60_000;
/** Unknown portals are remembered for less: one may be created any time. */
export const MISSING_PORTAL_TTL_MS = 5_000;
const MAX_CACHED_PORTALS = 10_000;

interface Entry {
  portal: PortalInfo | null;
  expiresAt: number;
}

// Per isolate: every collect request checks its portal, and one D1 read
// per beacon would double the cost of the hot path.
const cache = new Map<string, Entry>();

/** The portal with this id, or null; cached per isolate with a TTL. */
export async function findPortal(
  db: D1Database,
  portalId: string,
  now = Date.now(),
): Promise<PortalInfo | null> {
  const hit = cache.get(portalId);
  if (hit && hit.expiresAt > now) return hit.portal;

  const row = await db
    .prepare('SELECT id, domains FROM portals WHERE id = ?')
    .bind(portalId)
    .first<{ id: string; domains: string }>();
  const portal = row
    ? { id: row.id, domains: parseDomains(row.domains) }
    : null;
  const ttl = portal ? PORTAL_CACHE_TTL_MS : MISSING_PORTAL_TTL_MS;
  if (cache.size >= MAX_CACHED_PORTALS) cache.clear();
  cache.set(portalId, { portal, expiresAt: now + ttl });
  return portal;
}

/** Forgets a cached portal, e.g. right after creating it. */
export function forgetPortal(portalId: string): void {
  cache.delete(portalId);
}

function parseDomains(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value)
      ? value.filter((d): d is string => typeof d === 'string')
      : [];
  } catch {
    return [];
  }
}
