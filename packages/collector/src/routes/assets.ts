import { Hono } from 'hono';
import { pageAssetType } from '../asset-type';
import { portalOf, requireKey } from '../auth';
import { ApiError } from '../errors';
import { assetInputSchema } from '../schemas/asset';
import { parseJsonBody } from '../schemas/validate-input';
import { assetUrlOf } from '../sources/campaign';
import type { AppEnv } from '../types';

/**
 * PUT /v1/assets: types a page from now on. Interactions already stored
 * keep the type they were stored with; only later arrivals get this one.
 */
export const assetRoutes = new Hono<AppEnv>();

assetRoutes.put('/v1/assets', requireKey, async (c) => {
  const portalId = portalOf(c);
  const input = await parseJsonBody(c, assetInputSchema);
  const url = assetUrlOf(new URL(input.url));
  const effectiveFrom = Date.now();

  const result = await c.env.DB.prepare(
    `INSERT OR IGNORE INTO assets (portal_id, url, content_type, effective_from)
     VALUES (?, ?, ?, ?)`,
  )
    .bind(portalId, url, input.contentType, effectiveFrom)
    .run();
  if (result.meta.changes === 0) {
    throw new ApiError(409, 'conflict', 'the page was typed this very ms');
  }
  return c.json({
    url,
    contentType: input.contentType,
    assetType: pageAssetType(input.contentType),
    effectiveFrom: new Date(effectiveFrom).toISOString(),
  });
});
