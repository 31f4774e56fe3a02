import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

describe('app', () => {
  it('answers health with ok and has the schema applied', async () => {
    const res = await exports.default.fetch('http://collector/health');
    expect(await res.json()).toEqual({ ok: true });
    const row = await env.DB.prepare(
      'SELECT count(*) AS n FROM portals',
    ).first<{ n: number }>();
    expect(row?.n).toBe(0);
  });

  it('answers an unknown route with the JSON error shape', async () => {
    const res = await exports.default.fetch('http://collector/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'no such route' },
    });
  });
});
