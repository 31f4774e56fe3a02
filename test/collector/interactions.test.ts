import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  collectMessage,
  createPortal,
  deliver,
  visitorToken,
} from './ingest-support';

const PORTAL = 'mapping';
const SITE = 'https://www.shop.example';
const T0 = Date.UTC(2026, 2, 4, 8, 0, 0);

async function rowsOf(vi: string) {
  const { results } = await env.DB.prepare(
    `SELECT id, type, asset_type, cta, form, event_name, properties,
       campaign, ad_keyword, utm_term, session_id
     FROM interactions WHERE portal_id = ? AND visitor_id = ?
     ORDER BY at, seq`,
  )
    .bind(PORTAL, vi)
    .all<Record<string, unknown>>();
  return results;
}

describe('interaction mapping', () => {
  beforeAll(async () => {
    await createPortal(PORTAL);
  });

  it('maps each tracker event kind to its interaction type', async () => {
    const vi = visitorToken();
    const u = `${SITE}/pricing`;
    await deliver([
      collectMessage(PORTAL, [
        {
          i: 'm-cta',
          t: 'cta',
          ts: T0 + 1,
          u,
          vi,
          ci: 'book-demo',
          cx: 'Book',
        },
        { i: 'm-form', t: 'form', ts: T0 + 2, u, vi, fi: 'signup' },
        {
          i: 'm-ce',
          t: 'ce',
          ts: T0 + 3,
          u,
          vi,
          n: 'pe123_video_played',
          pr: { seconds: 30, muted: false },
        },
        {
          i: 'm-out',
          t: 'out',
          ts: T0 + 4,
          u,
          vi,
          h: 'https://partner.example/',
          cx: 'Partner',
        },
        { i: 'm-dl', t: 'dl', ts: T0 + 5, u, vi, h: `${SITE}/guide.pdf` },
        { i: 'm-id', t: 'id', ts: T0 + 6, u, vi, ii: 'map-contact' },
      ]),
    ]);
    const rows = await rowsOf(vi);
    expect(rows.map((r) => [r.id, r.type, r.asset_type])).toEqual([
      ['m-cta', 'cta_click', 'cta'],
      ['m-form', 'form_submission', 'form'],
      ['m-ce', 'custom_event', 'custom_event'],
      ['m-out', 'custom_event', 'custom_event'],
      ['m-dl', 'custom_event', 'custom_event'],
    ]);
    expect(rows[0]?.cta).toBe('book-demo');
    expect(rows[1]?.form).toBe('signup');
    expect(rows[2]).toMatchObject({
      event_name: 'pe123_video_played',
      properties: JSON.stringify({ seconds: 30, muted: false }),
    });
    expect(rows[3]).toMatchObject({
      event_name: 'outbound_click',
      properties: JSON.stringify({
        href: 'https://partner.example/',
        text: 'Partner',
      }),
    });
    expect(rows[4]?.event_name).toBe('file_download');
  });

  it('adds an ad click for a page view that landed from an ad', async () => {
    const vi = visitorToken();
    const u = `${SITE}/?gclid=EAIaIQ&utm_campaign=spring&utm_term=red+shoes`;
    await deliver([
      collectMessage(PORTAL, [{ i: 'm-ad', t: 'pv', ts: T0, u, vi }]),
    ]);
    const rows = await rowsOf(vi);
    expect(rows.map((r) => [r.id, r.type, r.asset_type])).toEqual([
      ['m-ad', 'page_view', 'page_without_content_type'],
      ['m-ad:ad', 'ad_click', 'ad'],
    ]);
    expect(rows[1]).toMatchObject({
      campaign: 'spring',
      ad_keyword: 'red shoes',
      utm_term: 'red shoes',
      session_id: rows[0]?.session_id,
    });
    const session = await env.DB.prepare(
      'SELECT source, click_id FROM sessions WHERE portal_id = ? AND id = ?',
    )
      .bind(PORTAL, rows[0]?.session_id)
      .first();
    expect(session).toEqual({
      source: 'paid_search',
      click_id: 'gclid=EAIaIQ',
    });
  });
});
