import { Hono } from 'hono';
import snippetFull from '../../../../dist/snippet.full.min.js';
import snippet from '../../../../dist/snippet.min.js';
import { ApiError } from '../errors';
import { findPortal } from '../ingest/portal-cache';
import { openCors } from '../open-cors';
import type { AppEnv } from '../types';

/** Browsers and CDNs may reuse the script this long before revalidating. */
export const SCRIPT_MAX_AGE_S = 300;

/** Path the served tracker posts to (the neutral alias of collect). */
export const TRACKER_ENDPOINT_PATH = '/v1/e';

interface Rendered {
  body: string;
  etag: string;
}

// Per isolate: the text only changes with the portal and the origin.
const rendered = new Map<string, Rendered>();
const MAX_RENDERED = 1_000;

async function render(
  portalId: string,
  origin: string,
  full: boolean,
): Promise<Rendered> {
  const key = `${portalId} ${origin} ${full}`;
  const hit = rendered.get(key);
  if (hit) return hit;

  const body = (full ? snippetFull : snippet)
    .replaceAll('__PORTAL_ID__', portalId)
    .replaceAll('__ENDPOINT__', `${origin}${TRACKER_ENDPOINT_PATH}`);
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(body),
  );
  const hex = [...new Uint8Array(digest).slice(0, 16)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
  const value = { body, etag: `"${hex}"` };
  if (rendered.size >= MAX_RENDERED) rendered.clear();
  rendered.set(key, value);
  return value;
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header
    .split(',')
    .some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * GET /js/:portal.js: the tracker with its portal and endpoint filled in.
 * `?features=spa,consent,dnt,debug` (any value) serves the build that
 * carries the opt-in features; the default one leaves them out.
 */
export const scriptRoutes = new Hono<AppEnv>();

scriptRoutes.use('/js/*', openCors());
scriptRoutes.get('/js/:file{[a-z0-9][a-z0-9_-]{0,62}\\.js}', async (c) => {
  const portalId = c.req.param('file').slice(0, -'.js'.length);
  const portal = await findPortal(c.env.DB, portalId);
  if (!portal) throw new ApiError(404, 'unknown_portal', 'no such portal');

  const { body, etag } = await render(
    portal.id,
    new URL(c.req.url).origin,
    !!c.req.query('features'),
  );
  c.header('ETag', etag);
  c.header('Cache-Control', `public, max-age=${SCRIPT_MAX_AGE_S}`);
  if (matchesEtag(c.req.header('if-none-match'), etag)) {
    return c.body(null, 304);
  }
  c.header('Content-Type', 'application/javascript; charset=utf-8');
  return c.body(body, 200);
});
