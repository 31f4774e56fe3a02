import { createExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../../packages/collector/src/app';
import {
  BROWSER_UA,
  countRows,
  createPortal,
  eventId,
  portalStats,
  postBatch,
  visitorToken,
  waitFor,
} from './ingest-support';

const PORTAL = 'collect';
let apiKey = '';

function pageView(overrides: Record<string, unknown> = {}) {
  return {
    i: eventId(),
    t: 'pv' as const,
    ts: Date.now(),
    u: 'https://shop.example/',
    vi: visitorToken(),
    ...overrides,
  };
}

describe('collect', () => {
  beforeAll(async () => {
    apiKey = await createPortal(PORTAL);
  });

  it('queues a text/plain batch, answers 202 and stores it', async () => {
    const event = pageView({
      u: 'https://shop.example/?utm_source=news&utm_medium=email',
    });
    const res = await postBatch(PORTAL, [event]);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1 });

    const row = await waitFor(
      () =>
        env.DB.prepare(
          `SELECT type, url, utm_source, utm_medium, asset_type, visitor_id,
             received_at > 0 AS stamped
           FROM interactions WHERE portal_id = ? AND id = ?`,
        )
          .bind(PORTAL, event.i)
          .first(),
      (v) => v !== null,
    );
    expect(row).toEqual({
      type: 'page_view',
      url: event.u,
      utm_source: 'news',
      utm_medium: 'email',
      asset_type: 'page_without_content_type',
      visitor_id: event.vi,
      stamped: 1,
    });
  });

  it('accepts application/json on /v1/collect as well', async () => {
    const res = await postBatch(PORTAL, [pageView()], {
      path: '/v1/collect',
      contentType: 'application/json',
    });
    expect(res.status).toBe(202);
  });

  it('rejects a body over 64 KiB with 413 before parsing it', async () => {
    const res = await exports.default.fetch('http://collector/v1/e', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA },
      body: 'x'.repeat(64 * 1024 + 1),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'too_large' } });
  });

  it('names the bad field of an invalid event', async () => {
    const res = await postBatch(PORTAL, [pageView({ ts: Number.NaN })]);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { field: string } };
    expect(body.error.field).toBe('e[0].ts');

    const bad = await postBatch(PORTAL, [pageView({ vi: 'x'.repeat(32) })]);
    expect(((await bad.json()) as typeof body).error.field).toBe('e[0].vi');
  });

  it('cuts overlong texts and leaves out odd properties instead of refusing the batch', async () => {
    const properties: Record<string, unknown> = {
      nested: { a: 1 },
      list: [1, 2],
      long: 'x'.repeat(600),
      ['k'.repeat(65)]: 1,
    };
    for (let n = 0; n < 60; n++) properties[`p${n}`] = n;
    const event = pageView({
      t: 'ce',
      u: `https://shop.example/${'a'.repeat(3000)}`,
      ti: 'é'.repeat(600),
      n: 'n'.repeat(300),
      em: `${'e'.repeat(260)}@example.com`,
      pr: properties,
    });
    const res = await postBatch(PORTAL, [event]);
    expect(res.status).toBe(202);

    const row = await waitFor(
      () =>
        env.DB.prepare(
          `SELECT url, title, event_name, properties, contact_id
           FROM interactions WHERE portal_id = ? AND id = ?`,
        )
          .bind(PORTAL, event.i)
          .first<Record<string, string | null>>(),
      (v) => v !== null,
    );
    expect(row?.url).toHaveLength(2048);
    expect(row?.title).toBe('é'.repeat(512));
    expect(row?.event_name).toBe('n'.repeat(128));
    // an email too long to be real names nobody: no contact
    expect(row?.contact_id).toBeNull();
    const kept = JSON.parse(row?.properties ?? '{}');
    expect(kept.long).toBe('x'.repeat(512));
    expect(Object.keys(kept)).toEqual([
      'long',
      ...Array.from({ length: 49 }, (_, n) => `p${n}`),
    ]);
  });

  it('keeps the batch when a custom event nests its properties deeply', async () => {
    let deep: unknown = 'bottom';
    for (let level = 0; level < 500; level++) deep = { a: [deep] };
    const view = pageView();
    const custom = pageView({
      t: 'ce',
      n: 'configured',
      vi: view.vi,
      pr: { plan: 'pro', tree: deep },
    });
    const res = await postBatch(PORTAL, [view, custom]);
    expect(res.status).toBe(202);

    const rows = await waitFor(
      async () =>
        (
          await env.DB.prepare(
            `SELECT id, type, properties FROM interactions
             WHERE portal_id = ? AND id IN (?, ?) ORDER BY type`,
          )
            .bind(PORTAL, view.i, custom.i)
            .all<{ id: string; type: string; properties: string | null }>()
        ).results,
      (v) => v.length === 2,
    );
    expect(rows.map((r) => r.type)).toEqual(['custom_event', 'page_view']);
    expect(JSON.parse(rows[0]?.properties ?? 'null')).toEqual({ plan: 'pro' });
  });

  it('stores a lone surrogate escaped in the JSON as U+FFFD', async () => {
    // JSON.stringify spells a lone surrogate as the escape `\ud800`.
    const event = pageView({
      t: 'ce',
      ti: 'a\ud800b',
      n: 'signup',
      pr: { '\udc00k': 'v\udbff' },
    });
    const res = await postBatch(PORTAL, [event]);
    expect(res.status).toBe(202);

    const row = await waitFor(
      () =>
        env.DB.prepare(
          `SELECT title, properties FROM interactions
           WHERE portal_id = ? AND id = ?`,
        )
          .bind(PORTAL, event.i)
          .first<{ title: string; properties: string }>(),
      (v) => v !== null,
    );
    expect(row?.title).toBe('a\uFFFDb');
    expect(JSON.parse(row?.properties ?? '{}')).toEqual({
      '\uFFFDk': 'v\uFFFD',
    });
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await exports.default.fetch('http://collector/v1/e', {
      method: 'POST',
      headers: { 'user-agent': BROWSER_UA },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_json' } });
  });

  it('drops bot user agents and counts them by reason', async () => {
    const event = pageView();
    const res = await postBatch(PORTAL, [event, pageView()], {
      userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1)',
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 0 });

    const counted = await waitFor(
      () => portalStats(apiKey),
      (s) => (s.dropped.bot ?? 0) >= 2,
    );
    expect(counted.dropped.bot).toBe(2);
    const stored = await env.DB.prepare(
      'SELECT count(*) AS n FROM interactions WHERE portal_id = ? AND id = ?',
    )
      .bind(PORTAL, event.i)
      .first<{ n: number }>();
    expect(stored?.n).toBe(0);
  });

  it('drops events of an unknown portal with 404 and counts them', async () => {
    const res = await postBatch('no-such-portal', [pageView()]);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      error: { code: 'unknown_portal', field: 'p' },
    });
    const row = await waitFor(
      () =>
        env.DB.prepare(
          `SELECT sum(count) AS n FROM drop_counts
           WHERE portal_id = '*' AND reason = 'unknown_portal'`,
        ).first<{ n: number | null }>(),
      (v) => (v?.n ?? 0) > 0,
    );
    expect(row?.n).toBe(1);
  });

  it('counts stored events in the stats', async () => {
    await postBatch(PORTAL, [pageView(), pageView()]);
    const s = await waitFor(
      () => portalStats(apiKey),
      (v) => v.stored >= 2,
    );
    expect(s.stored).toBeGreaterThanOrEqual(2);
  });

  it('is open to any origin, unlike the keyed routes', async () => {
    const preflight = await exports.default.fetch('http://collector/v1/e', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain(
      'POST',
    );

    // Answers, refusals included, can be read by the page that sent them.
    const refused = await exports.default.fetch('http://collector/v1/e', {
      method: 'POST',
      headers: { origin: 'https://shop.example' },
      body: '{',
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');

    const keyed = await exports.default.fetch('http://collector/v1/sessions', {
      headers: {
        origin: 'https://shop.example',
        authorization: `Bearer ${apiKey}`,
      },
    });
    expect(keyed.status).toBe(200);
    expect(keyed.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('stores no IP address, from headers or from page text', async () => {
    const event = pageView({
      ti: 'Your address is 203.0.113.77',
      vi: visitorToken(),
    });
    const res = await exports.default.fetch('http://collector/v1/e', {
      method: 'POST',
      headers: {
        'user-agent': BROWSER_UA,
        'cf-connecting-ip': '198.51.100.23',
        'x-forwarded-for': '198.51.100.23',
        'x-real-ip': '198.51.100.23',
      },
      body: JSON.stringify({ v: 1, p: PORTAL, e: [event] }),
    });
    expect(res.status).toBe(202);
    await waitFor(
      () => countRows('sessions', PORTAL),
      (n) => n > 0,
    );
    const title = await waitFor(
      () =>
        env.DB.prepare(
          'SELECT title FROM interactions WHERE portal_id = ? AND id = ?',
        )
          .bind(PORTAL, event.i)
          .first<{ title: string }>(),
      (v) => v !== null,
    );
    expect(title?.title).toBe('Your address is [ip]');

    const tables = await env.DB.prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table'
       AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'
       AND name != 'd1_migrations'`,
    ).all<{ name: string }>();
    for (const { name } of tables.results) {
      const { results } = await env.DB.prepare(`SELECT * FROM ${name}`).all();
      const text = JSON.stringify(results);
      expect(text).not.toContain('198.51.100.23');
      expect(text).not.toContain('203.0.113.77');
    }
  });

  it('accepts a body at the size limit whose text V8 would encode past a Queue message', async () => {
    // Strings mostly ASCII with one Cyrillic letter: one byte a character
    // in UTF-8, two in V8's encoding of the whole string.
    const vi = visitorToken();
    const properties = (n: number) =>
      Object.fromEntries(
        Array.from({ length: 33 }, (_, j) => [
          `ж${String(j).padStart(2, '0')}${'x'.repeat(61)}`,
          `Ж${n}${'y'.repeat(510)}`,
        ]),
      );
    const events = Array.from({ length: 3 }, (_, n) => ({
      i: eventId('wide'),
      t: 'ce' as const,
      n: `ж${'z'.repeat(127)}`,
      ts: Date.now() + n,
      u: `https://a.example/ж${'a'.repeat(1500)}`,
      ti: `Ж${'b'.repeat(511)}`,
      vi,
      pr: properties(n),
    }));
    const body = JSON.stringify({ v: 1, p: PORTAL, e: events });
    const bytes = new TextEncoder().encode(body).length;
    expect(bytes).toBeGreaterThan(63_000);
    expect(bytes).toBeLessThanOrEqual(65_536);

    const res = await postBatch(PORTAL, events);
    expect(res.status).toBe(202);
    const stored = () =>
      env.DB.prepare(
        `SELECT count(*) AS n FROM interactions WHERE portal_id = ?
         AND id IN (SELECT value FROM json_each(?))`,
      )
        .bind(PORTAL, JSON.stringify(events.map((e) => e.i)))
        .first<{ n: number }>()
        .then((r) => r?.n ?? 0);
    expect(await waitFor(stored, (n) => n === 3)).toBe(3);
  });

  it('answers 503 with Retry-After when the Queue refuses the batch', async () => {
    const failingQueue = {
      send: () => Promise.reject(new Error('queue unavailable')),
      sendBatch: () => Promise.reject(new Error('queue unavailable')),
    } as unknown as Queue;
    const request = new Request('http://collector/v1/e', {
      method: 'POST',
      headers: { 'user-agent': BROWSER_UA },
      body: JSON.stringify({ v: 1, p: PORTAL, e: [pageView()] }),
    });
    const res = await app.fetch(
      request,
      { ...env, EVENTS: failingQueue },
      createExecutionContext(),
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toMatchObject({ error: { code: 'unavailable' } });
  });
});
