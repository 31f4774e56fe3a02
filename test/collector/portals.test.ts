import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../packages/collector/src/auth';
import { ADMIN } from './ingest-support';

function post(body: unknown, headers: Record<string, string> = ADMIN) {
  return exports.default.fetch('http://collector/v1/portals', {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('POST /v1/portals', () => {
  it('creates a portal and a key that is stored only as its hash', async () => {
    const res = await post({
      id: 'acme',
      name: 'Acme',
      domains: ['Acme.example'],
    });
    expect(res.status).toBe(201);
    const { id, apiKey } = (await res.json()) as { id: string; apiKey: string };
    expect(id).toBe('acme');
    expect(apiKey).toMatch(/^ak_[0-9a-f]{64}$/);

    const portal = await env.DB.prepare(
      'SELECT name, domains FROM portals WHERE id = ?',
    )
      .bind('acme')
      .first();
    expect(portal).toEqual({ name: 'Acme', domains: '["acme.example"]' });
    const keys = await env.DB.prepare(
      'SELECT key_hash FROM api_keys WHERE portal_id = ?',
    )
      .bind('acme')
      .all<{ key_hash: string }>();
    expect(keys.results).toEqual([{ key_hash: await sha256Hex(apiKey) }]);

    const sessions = await exports.default.fetch(
      'http://collector/v1/sessions',
      { headers: { authorization: `Bearer ${apiKey}` } },
    );
    expect(sessions.status).toBe(200);
  });

  it('answers 409 for an id that exists', async () => {
    await post({ id: 'twice', name: 'T' });
    const res = await post({ id: 'twice', name: 'T' });
    expect(res.status).toBe(409);
  });

  it('requires the admin token, not a portal key', async () => {
    const first = await post({ id: 'keyed', name: 'K' });
    const { apiKey } = (await first.json()) as { apiKey: string };
    const res = await post(
      { id: 'other', name: 'O' },
      { authorization: `Bearer ${apiKey}` },
    );
    expect(res.status).toBe(403);
  });

  it('names a bad id in the error', async () => {
    const res = await post({ id: 'Has Spaces', name: 'x' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { field: 'id' } });
  });
});
