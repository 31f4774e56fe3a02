import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';

const KEY = 'pk_portal_info_test_key';

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(text),
  );
  return [...new Uint8Array(digest)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}

function get(path: string, token: string): Promise<Response> {
  return exports.default.fetch(`http://collector${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

describe('GET /v1/portal', () => {
  beforeAll(async () => {
    await env.DB.batch([
      env.DB.prepare(
        'INSERT INTO portals (id, name, domains, created_at) VALUES (?, ?, ?, ?)',
      ).bind('p-info', 'Acme <Shop>', '["acme.test","www.acme.test"]', 1),
      env.DB.prepare(
        'INSERT INTO api_keys (key_hash, portal_id, created_at) VALUES (?, ?, ?)',
      ).bind(await sha256Hex(KEY), 'p-info', 1),
    ]);
  });

  it('answers the id, name and domains of the portal the key opens', async () => {
    const res = await get('/v1/portal', KEY);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: 'p-info',
      name: 'Acme <Shop>',
      domains: ['acme.test', 'www.acme.test'],
    });
  });

  it('answers 401 in the error shape for a key that is not valid', async () => {
    const res = await get('/v1/portal', 'pk_wrong');
    expect(res.status).toBe(401);
    const body = await res.json<{ error: { code: string } }>();
    expect(body.error.code).toBe('unauthorized');
  });

  it('asks the admin to name a portal, and answers it when named', async () => {
    const bare = await get('/v1/portal', 'test-admin');
    expect(bare.status).toBe(400);
    expect(await bare.json()).toMatchObject({ error: { field: 'portal' } });

    const named = await get('/v1/portal?portal=p-info', 'test-admin');
    expect(await named.json()).toMatchObject({ id: 'p-info' });
  });

  it('answers 404 when the admin names a portal that does not exist', async () => {
    const res = await get('/v1/portal?portal=nobody', 'test-admin');
    expect(res.status).toBe(404);
  });
});
