import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createPortal,
  postBatch,
  visitorToken,
  waitFor,
} from './ingest-support';

const PORTAL = 'assets';
const PAGE = 'https://www.shop.example/guide';
let apiKey = '';

function typeOf(id: string) {
  return waitFor(
    () =>
      env.DB.prepare(
        `SELECT content_type, asset_type FROM interactions
         WHERE portal_id = ? AND id = ?`,
      )
        .bind(PORTAL, id)
        .first<{ content_type: string | null; asset_type: string }>(),
    (v) => v !== null,
  );
}

function view(i: string, u: string, ct?: string) {
  return {
    i,
    t: 'pv' as const,
    ts: Date.now(),
    u,
    vi: visitorToken(),
    ...(ct ? { ct } : {}),
  };
}

describe('asset typing', () => {
  beforeAll(async () => {
    apiKey = await createPortal(PORTAL);
  });

  it('types a page going forward only: stored interactions keep their type', async () => {
    await postBatch(PORTAL, [view('a-before', `${PAGE}?ref=1`)]);
    expect(await typeOf('a-before')).toEqual({
      content_type: null,
      asset_type: 'page_without_content_type',
    });

    const res = await exports.default.fetch('http://collector/v1/assets', {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        url: `${PAGE}?x=1#top`,
        contentType: 'blog-post',
      }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      url: PAGE,
      contentType: 'blog-post',
      assetType: 'blog_post',
    });

    await postBatch(PORTAL, [view('a-after', `${PAGE}?ref=2`)]);
    expect(await typeOf('a-after')).toEqual({
      content_type: 'blog-post',
      asset_type: 'blog_post',
    });
    expect(await typeOf('a-before')).toEqual({
      content_type: null,
      asset_type: 'page_without_content_type',
    });
  });

  it('records a pushed content type and applies it to later untyped views', async () => {
    const page = 'https://www.shop.example/offer';
    await postBatch(PORTAL, [view('p-pushed', page, 'landing-page')]);
    expect(await typeOf('p-pushed')).toEqual({
      content_type: 'landing-page',
      asset_type: 'landing_page',
    });
    const history = await env.DB.prepare(
      'SELECT content_type FROM assets WHERE portal_id = ? AND url = ?',
    )
      .bind(PORTAL, page)
      .all();
    expect(history.results).toEqual([{ content_type: 'landing-page' }]);

    await postBatch(PORTAL, [view('p-later', `${page}?utm_source=x`)]);
    expect((await typeOf('p-later'))?.asset_type).toBe('landing_page');
  });

  it('reports an unknown pushed value as other content type, stored as given', async () => {
    await postBatch(PORTAL, [
      view('p-odd', 'https://www.shop.example/odd', 'case-study'),
    ]);
    expect(await typeOf('p-odd')).toEqual({
      content_type: 'case-study',
      asset_type: 'other_content_type',
    });
  });

  it('rejects a typing without a URL, naming the field', async () => {
    const res = await exports.default.fetch('http://collector/v1/assets', {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ contentType: 'blog-post' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { field: 'url' } });
  });
});
