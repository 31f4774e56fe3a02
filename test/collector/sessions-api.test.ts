import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  collectMessage,
  createPortal,
  deliver,
  postBatch,
  visitorToken,
  waitFor,
} from './ingest-support';

const PORTAL = 'sessions-api';
const T0 = Date.UTC(2026, 2, 6, 9, 0, 0);
let apiKey = '';

function get(query: string) {
  return exports.default.fetch(`http://collector/v1/sessions${query}`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
}

describe('GET /v1/sessions', () => {
  const vi = visitorToken();

  beforeAll(async () => {
    apiKey = await createPortal(PORTAL);
    await deliver([
      collectMessage(PORTAL, [
        {
          i: 'api-1',
          t: 'pv',
          ts: T0,
          u: 'https://a.example/?utm_source=nl&utm_medium=email&utm_campaign=may',
          r: 'https://mail.google.com/',
          vi,
        },
        {
          i: 'api-2',
          t: 'form',
          ts: T0 + 5_000,
          u: 'https://a.example/',
          vi,
          em: 'eve@x.org',
        },
      ]),
    ]);
  });

  it('answers sessions in the range with ISO times and snake_case sources', async () => {
    const res = await get(
      `?from=${new Date(T0).toISOString()}&to=${new Date(T0 + 1).toISOString()}`,
    );
    expect(res.status).toBe(200);
    const { sessions } = (await res.json()) as { sessions: unknown[] };
    expect(sessions).toEqual([
      {
        id: expect.stringMatching(/^s_[0-9a-f]{24}$/),
        visitorId: vi,
        contactId: expect.stringMatching(/^c_/),
        startedAt: new Date(T0).toISOString(),
        endedAt: new Date(T0 + 5_000).toISOString(),
        source: 'email_marketing',
        landingUrl:
          'https://a.example/?utm_source=nl&utm_medium=email&utm_campaign=may',
        referrer: 'https://mail.google.com/',
        utm: {
          campaign: 'may',
          source: 'nl',
          medium: 'email',
          content: null,
          term: null,
        },
        events: 2,
        country: null,
      },
    ]);
  });

  it('excludes sessions outside the range', async () => {
    const res = await get(`?from=${new Date(T0 + 1).toISOString()}`);
    expect(await res.json()).toEqual({ sessions: [], next: null });
  });

  it('names a bad date in the error', async () => {
    const res = await get('?from=yesterday');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { field: 'from' } });
  });

  it('requires a key', async () => {
    const res = await exports.default.fetch('http://collector/v1/sessions');
    expect(res.status).toBe(401);
  });
});

describe('GET /v1/sessions, page by page', () => {
  const PORTAL_P = 'sessions-pages';
  let key = '';
  const T2 = Date.UTC(2026, 2, 8, 9, 0, 0);
  const HOUR_MS = 3_600_000;
  // Five visits an hour apart: five sessions, two of them at the same
  // moment, which the session id orders.
  const starts = [0, 1, 2, 2, 3].map((h) => T2 + h * HOUR_MS);

  beforeAll(async () => {
    key = await createPortal(PORTAL_P);
    await deliver([
      collectMessage(
        PORTAL_P,
        starts.map((ts, n) => ({
          i: `page-${n}`,
          t: 'pv' as const,
          ts,
          u: 'https://p.example/',
          vi: n === 3 ? visitorToken() : 'f'.repeat(32),
        })),
      ),
    ]);
  });

  async function page(query: string) {
    const res = await exports.default.fetch(
      `http://collector/v1/sessions?${query}`,
      { headers: { authorization: `Bearer ${key}` } },
    );
    expect(res.status).toBe(200);
    return (await res.json()) as {
      sessions: { id: string; startedAt: string }[];
      next: string | null;
    };
  }

  async function walk(order: string) {
    const seen: string[][] = [];
    let after = '';
    for (let i = 0; i < 10; i += 1) {
      const answer = await page(`limit=2&order=${order}${after}`);
      seen.push(answer.sessions.map((s) => s.id));
      if (answer.next === null) break;
      after = `&after=${encodeURIComponent(answer.next)}`;
    }
    return seen;
  }

  it('lists every session once, in order, two to a page', async () => {
    const all = await page('limit=100');
    expect(all.sessions).toHaveLength(5);
    expect(all.next).toBeNull();
    const ids = all.sessions.map((s) => s.id);

    const pages = await walk('asc');
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(ids);
    const newestFirst = await walk('desc');
    expect(newestFirst.flat()).toEqual([...ids].reverse());
  });

  it('says which field is wrong for a made-up cursor', async () => {
    const res = await exports.default.fetch(
      'http://collector/v1/sessions?after=12_x',
      { headers: { authorization: `Bearer ${key}` } },
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { field: 'after' } });
  });
});

describe('the country of a session', () => {
  const PORTAL_CC = 'sessions-country';
  let key = '';
  const T1 = Date.UTC(2026, 2, 7, 9, 0, 0);

  beforeAll(async () => {
    key = await createPortal(PORTAL_CC);
  });

  async function sessionsOf(visitor: string) {
    const res = await exports.default.fetch(
      `http://collector/v1/sessions?visitorId=${visitor}`,
      { headers: { authorization: `Bearer ${key}` } },
    );
    return (
      (await res.json()) as {
        sessions: { country: string | null; events: number }[];
      }
    ).sessions;
  }

  it('keeps the country the edge gave the first request, and reports credit by it', async () => {
    const norwegian = visitorToken();
    const unknown = visitorToken();
    const visit = (vi: string, n: number) => [
      {
        i: `cc-${n}-1`,
        t: 'pv' as const,
        ts: T1 + n,
        u: 'https://c.example/',
        vi,
      },
      {
        i: `cc-${n}-2`,
        t: 'form' as const,
        ts: T1 + n + 1_000,
        u: 'https://c.example/contact',
        vi,
        em: `cc${n}@c.example`,
      },
    ];
    const first = await postBatch(PORTAL_CC, visit(norwegian, 1), {
      cf: { country: 'NO' },
    });
    expect(first.status).toBe(202);
    // A later batch from elsewhere does not move the session's country.
    const later = await postBatch(
      PORTAL_CC,
      [
        {
          i: 'cc-1-3',
          t: 'pv',
          ts: T1 + 2_000,
          u: 'https://c.example/x',
          vi: norwegian,
        },
      ],
      { cf: { country: 'SE' } },
    );
    expect(later.status).toBe(202);
    // Not a country code: stored as unknown.
    expect(
      (
        await postBatch(PORTAL_CC, visit(unknown, 2), {
          cf: { country: 'Norway' },
        })
      ).status,
    ).toBe(202);

    const sessions = await waitFor(
      () => sessionsOf(norwegian),
      (s) => s.length === 1 && s[0]?.events === 3,
    );
    expect(sessions.map((s) => s.country)).toEqual(['NO']);
    const others = await waitFor(
      () => sessionsOf(unknown),
      (s) => s.length === 1,
    );
    expect(others.map((s) => s.country)).toEqual([null]);

    const from = new Date(T1 - 60_000).toISOString();
    const to = new Date(T1 + 60_000).toISOString();
    const res = await exports.default.fetch(
      `http://collector/v1/reports/attribution?report=contact-create&model=linear&dimension=country&from=${from}&to=${to}`,
      { headers: { authorization: `Bearer ${key}` } },
    );
    expect(res.status).toBe(200);
    const report = (await res.json()) as {
      rows: { key: string | null; credit: number }[];
    };
    const credit = Object.fromEntries(
      report.rows.map((r) => [String(r.key), r.credit]),
    );
    expect(credit).toEqual({ NO: 1, '(none)': 1 });
  });
});
