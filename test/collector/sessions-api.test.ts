import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  collectMessage,
  createPortal,
  deliver,
  visitorToken,
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
      },
    ]);
  });

  it('excludes sessions outside the range', async () => {
    const res = await get(`?from=${new Date(T0 + 1).toISOString()}`);
    expect(await res.json()).toEqual({ sessions: [] });
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
