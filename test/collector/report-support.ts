import { env, exports } from 'cloudflare:workers';

/** A portal with its own API key, stored as the collector stores keys. */
export async function createPortal(id: string): Promise<string> {
  const key = `key-${id}-${crypto.randomUUID()}`;
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(key),
  );
  const hash = [...new Uint8Array(digest)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
  await env.DB.batch([
    env.DB.prepare(
      'INSERT INTO portals (id, name, domains, created_at) VALUES (?, ?, ?, ?)',
    ).bind(id, id, '[]', Date.now()),
    env.DB.prepare(
      'INSERT INTO api_keys (key_hash, portal_id, created_at) VALUES (?, ?, ?)',
    ).bind(hash, id, Date.now()),
  ]);
  return key;
}

/** Calls the collector with a bearer key; bodies are sent as JSON. */
export function clientFor(key: string) {
  return (method: string, path: string, body?: unknown): Promise<Response> =>
    exports.default.fetch(`http://collector${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

/** Reads a JSON answer, failing with the body when the status differs. */
export async function expectJson<T = Record<string, unknown>>(
  res: Promise<Response> | Response,
  status: number,
): Promise<T> {
  const r = await res;
  const text = await r.text();
  if (r.status !== status) {
    throw new Error(`expected ${status}, got ${r.status}: ${text}`);
  }
  return JSON.parse(text) as T;
}

/** ISO time of a March 2026 day and UTC hour. */
export function march(day: number, hour = 0): string {
  return new Date(Date.UTC(2026, 2, day, hour)).toISOString();
}
