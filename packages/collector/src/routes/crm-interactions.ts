import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { assetTypeOf } from '../asset-type';
import { portalOf, requireKey } from '../auth';
import { type InteractionInput, interactionsInputSchema } from '../schemas/crm';
import { parseJsonBody } from '../schemas/validate-input';
import type { AppEnv } from '../types';
import { IMPORT_BODY_LIMIT_BYTES, tooLarge } from './import-limits';
import { importedSourceOf } from './imported-source';
import { assertKnownIds } from './known-ids';

/** POST /v1/interactions: offline touches, stored all or nothing. */
export const crmInteractionRoutes = new Hono<AppEnv>();

crmInteractionRoutes.post(
  '/v1/interactions',
  requireKey,
  bodyLimit({ maxSize: IMPORT_BODY_LIMIT_BYTES, onError: tooLarge }),
  async (c) => {
    const portalId = portalOf(c);
    const { interactions } = await parseJsonBody(c, interactionsInputSchema);
    const db = c.env.DB;
    await assertReferences(db, portalId, interactions);

    const receivedAt = Date.now();
    const contentTypes = await contentTypesOf(db, portalId, interactions);
    const rows = interactions.map((i) =>
      toRow(i, contentTypes.get(pageKeyOf(i.url))),
    );
    const links = interactions.flatMap((i) =>
      (i.dealIds ?? []).map((d) => ({ i: i.id, d })),
    );

    // One batch is one transaction: the request stores all or nothing.
    const writes = [insertInteractions(db, portalId, receivedAt, rows)];
    if (links.length) writes.push(insertDealLinks(db, portalId, links));
    const [inserted] = await db.batch(writes);
    return c.json(
      {
        received: interactions.length,
        stored: inserted?.meta.changes ?? 0,
      },
      202,
    );
  },
);

async function assertReferences(
  db: D1Database,
  portalId: string,
  interactions: readonly InteractionInput[],
): Promise<void> {
  const contactRefs = interactions.flatMap((i, index) =>
    i.contactId === undefined ? [] : [{ id: i.contactId, index }],
  );
  await assertKnownIds(
    db,
    portalId,
    'contacts',
    contactRefs.map((r) => r.id),
    (k) => `interactions[${contactRefs[k]?.index}].contactId`,
  );

  const dealRefs = interactions.flatMap((i, index) =>
    (i.dealIds ?? []).map((id, j) => ({
      id,
      field: `[${index}].dealIds[${j}]`,
    })),
  );
  await assertKnownIds(
    db,
    portalId,
    'deals',
    dealRefs.map((r) => r.id),
    (k) => `interactions${dealRefs[k]?.field}`,
  );
}

/** A page's key in the asset history: the URL without query or fragment. */
export function pageKeyOf(url: string | undefined): string {
  if (!url) return '';
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

// Going forward only: a page view takes the content type in force when it
// arrives, whatever its own timestamp says.
async function contentTypesOf(
  db: D1Database,
  portalId: string,
  interactions: readonly InteractionInput[],
): Promise<Map<string, string>> {
  const keys = new Set<string>();
  for (const i of interactions) {
    if (i.type === 'page_view' && i.url) keys.add(pageKeyOf(i.url));
  }
  if (keys.size === 0) return new Map();

  const { results } = await db
    .prepare(
      `SELECT a.url, a.content_type FROM assets a
       JOIN (SELECT url, max(effective_from) AS since FROM assets
             WHERE portal_id = ?1 AND effective_from <= ?2
               AND url IN (SELECT value FROM json_each(?3))
             GROUP BY url) latest
         ON latest.url = a.url AND latest.since = a.effective_from
       WHERE a.portal_id = ?1`,
    )
    .bind(portalId, Date.now(), JSON.stringify([...keys]))
    .all<{ url: string; content_type: string }>();
  return new Map(results.map((r) => [r.url, r.content_type]));
}

function toRow(i: InteractionInput, contentType: string | undefined) {
  return {
    id: i.id,
    type: i.type,
    at: i.at,
    visitorId: i.visitorId ?? null,
    contactId: i.contactId ?? null,
    url: i.url ?? null,
    title: i.title ?? null,
    contentType: i.type === 'page_view' ? (contentType ?? null) : null,
    assetType: assetTypeOf(i.type, contentType),
    source: importedSourceOf(i),
    utmCampaign: i.utm?.campaign ?? null,
    utmSource: i.utm?.source ?? null,
    utmMedium: i.utm?.medium ?? null,
    utmContent: i.utm?.content ?? null,
    utmTerm: i.utm?.term ?? null,
    campaign: i.campaign ?? null,
    adKeyword: i.adKeyword ?? null,
    cta: i.cta ?? null,
    form: i.form ?? null,
    socialPost: i.socialPost ?? null,
  };
}

// A repeated id is ignored: the first write of an interaction stands.
function insertInteractions(
  db: D1Database,
  portalId: string,
  receivedAt: number,
  rows: readonly ReturnType<typeof toRow>[],
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT OR IGNORE INTO interactions
         (portal_id, id, type, at, received_at, visitor_id, contact_id, url,
          title, content_type, asset_type, source, utm_campaign, utm_source,
          utm_medium, utm_content, utm_term, campaign, ad_keyword, cta, form,
          social_post)
       SELECT ?1, v->>'id', v->>'type', v->>'at', ?2, v->>'visitorId',
         v->>'contactId', v->>'url', v->>'title', v->>'contentType',
         v->>'assetType', v->>'source', v->>'utmCampaign', v->>'utmSource',
         v->>'utmMedium', v->>'utmContent', v->>'utmTerm', v->>'campaign',
         v->>'adKeyword', v->>'cta', v->>'form', v->>'socialPost'
       FROM (SELECT key, value AS v FROM json_each(?3)) ORDER BY key`,
    )
    .bind(portalId, receivedAt, JSON.stringify(rows));
}

function insertDealLinks(
  db: D1Database,
  portalId: string,
  links: readonly { i: string; d: string }[],
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT OR IGNORE INTO interaction_deals
         (portal_id, interaction_id, deal_id)
       SELECT ?1, value->>'i', value->>'d' FROM json_each(?2)`,
    )
    .bind(portalId, JSON.stringify(links));
}
