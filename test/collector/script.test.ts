import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPortal } from './ingest-support';

describe('GET /js/:portal.js', () => {
  beforeAll(async () => {
    await createPortal('script-site');
  });

  it('serves the tracker with the portal id and endpoint filled in', async () => {
    const res = await exports.default.fetch(
      'https://collector.example/js/script-site.js',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const text = await res.text();
    expect(text).toContain('script-site');
    expect(text).toContain('https://collector.example/v1/e');
    expect(text).not.toContain('__PORTAL_ID__');
    expect(text).not.toContain('__ENDPOINT__');
  });

  it('serves the build with the opt-in features when ?features= asks', async () => {
    const base = 'https://collector.example/js/script-site.js';
    const plain = await (await exports.default.fetch(base)).text();
    const res = await exports.default.fetch(`${base}?features=spa`);
    expect(res.status).toBe(200);
    const full = await res.text();
    expect(full).toContain('script-site');
    expect(full).not.toContain('__PORTAL_ID__');
    // only the full build hooks the history API for data-spa
    expect(full).toContain('pushState');
    expect(plain).not.toContain('pushState');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const url = 'https://collector.example/js/script-site.js';
    const first = await exports.default.fetch(url);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    await first.text();

    const again = await exports.default.fetch(url, {
      headers: { 'if-none-match': etag ?? '' },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('answers 404 in the JSON error shape for an unknown portal', async () => {
    const res = await exports.default.fetch('http://collector/js/nobody.js');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      error: { code: 'unknown_portal' },
    });
  });
});
