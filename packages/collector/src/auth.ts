import { createMiddleware } from 'hono/factory';
import { ApiError } from './errors';
import type { AppEnv } from './types';

/** The admin token of local development when .dev.vars sets none. */
export const DEV_ADMIN_TOKEN = 'dev-admin-token';

/** Hex SHA-256 of a string: how API keys are stored. */
export async function sha256Hex(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}

/** Compares two strings in time independent of where they differ. */
export async function timingSafeEqualText(
  a: string,
  b: string,
): Promise<boolean> {
  // Hashing first gives equal lengths, so the comparison leaks no length.
  const [ha, hb] = await Promise.all([digestBytes(a), digestBytes(b)]);
  return crypto.subtle.timingSafeEqual(ha, hb);
}

async function digestBytes(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
}

function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/**
 * Requires the admin token or a portal's API key. Sets `portalId` (the
 * key's portal; for the admin, `?portal=`) and `isAdmin`.
 */
export const requireKey = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header('authorization'));
  if (!token) {
    throw new ApiError(401, 'unauthorized', 'a bearer key is required');
  }

  const adminToken = c.env.ADMIN_TOKEN || DEV_ADMIN_TOKEN;
  if (await timingSafeEqualText(token, adminToken)) {
    c.set('isAdmin', true);
    c.set('portalId', c.req.query('portal'));
    return next();
  }

  const keyHash = await sha256Hex(token);
  const row = await c.env.DB.prepare(
    'SELECT portal_id FROM api_keys WHERE key_hash = ?',
  )
    .bind(keyHash)
    .first<{ portal_id: string }>();
  if (!row) throw new ApiError(401, 'unauthorized', 'the key is not valid');

  const asked = c.req.query('portal');
  if (asked !== undefined && asked !== row.portal_id) {
    throw new ApiError(403, 'forbidden', 'the key is for another portal');
  }
  c.set('isAdmin', false);
  c.set('portalId', row.portal_id);
  return next();
});

/** Requires the admin token. */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get('isAdmin')) {
    throw new ApiError(403, 'forbidden', 'the admin token is required');
  }
  return next();
});

/** The portal a keyed request acts for; 400 when the admin named none. */
export function portalOf(c: {
  get(key: 'portalId'): string | undefined;
}): string {
  const portalId = c.get('portalId');
  if (!portalId) {
    throw new ApiError(400, 'invalid', 'portal is required', 'portal');
  }
  return portalId;
}
