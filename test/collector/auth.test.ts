import { env, exports } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { app } from '../../packages/collector/src/app';
import {
  ADMIN,
  BROWSER_UA,
  createPortal,
  eventId,
  postBatch,
  visitorToken,
  waitFor,
} from './ingest-support';

const ADMIN_TOKEN = 'test-admin';
const PORTAL_A = 'auth-a';
const PORTAL_B = 'auth-b';
let keyA = '';
let keyB = '';

/** Paths anyone may call: the tracker's script and beacon, probes, docs. */
const PUBLIC_PATHS = new Set([
  '/health',
  '/js/:file{[a-z0-9][a-z0-9_-]{0,62}\\.js}',
  '/v1/collect',
  '/v1/e',
  '/openapi.json',
  '/demo',
  '/demo/faq',
  // Benchmark baselines: answer only when BENCH is set, 404 otherwise.
  '/v1/noop',
  '/v1/noop/send',
]);

/** Routes that need the admin token, not just any portal's key. */
const ADMIN_PATHS = new Set([
  '/v1/portals',
  '/v1/admin/dead-letters',
  '/v1/admin/dead-letters/replay',
]);

interface Route {
  method: string;
  path: string;
}

/** Every (method, path) the app answers, read from the app itself. */
function appRoutes(): Route[] {
  const seen = new Map<string, Route>();
  for (const r of app.routes) {
    if (r.method === 'ALL' || r.path === '/*') continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  return [...seen.values()];
}

function concretePath(path: string): string {
  return path
    .replace(/:file\{[^}]*\}/, `${PORTAL_A}.js`)
    .replace(/:[a-zA-Z]+(\{[^}]*\})?/g, 'some-id');
}

function call(route: Route, headers: Record<string, string> = {}) {
  const hasBody = !['GET', 'HEAD', 'DELETE'].includes(route.method);
  return exports.default.fetch(`http://collector${concretePath(route.path)}`, {
    method: route.method,
    headers: {
      'user-agent': BROWSER_UA,
      'content-type': 'application/json',
      ...headers,
    },
    body: hasBody ? '{}' : undefined,
  });
}

function bearer(key: string) {
  return { authorization: `Bearer ${key}` };
}

async function expectRefusal(res: Response, status: 401 | 403) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: Record<string, unknown> };
  expect(typeof body.error.code).toBe('string');
  expect(typeof body.error.message).toBe('string');
}

const routes = appRoutes();
const privateRoutes = routes.filter((r) => !PUBLIC_PATHS.has(r.path));
const publicRoutes = routes.filter((r) => PUBLIC_PATHS.has(r.path));
const portalRoutes = privateRoutes.filter((r) => !ADMIN_PATHS.has(r.path));
const adminRoutes = privateRoutes.filter((r) => ADMIN_PATHS.has(r.path));

describe('auth on every route', () => {
  beforeAll(async () => {
    keyA = await createPortal(PORTAL_A, ['a.example']);
    keyB = await createPortal(PORTAL_B, ['b.example']);
  });

  it('reads a route table that covers the whole API', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    for (const expected of [
      'POST /v1/collect',
      'GET /v1/sessions',
      'POST /v1/contacts',
      'DELETE /v1/contacts/:id',
      'GET /v1/reports/attribution',
      'POST /v1/portals',
    ]) {
      expect(keys).toContain(expected);
    }
    expect(privateRoutes.length).toBeGreaterThan(10);
  });

  it.each(privateRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s refuses a missing, malformed or wrong key with 401',
    async (_name, route) => {
      await expectRefusal(await call(route), 401);
      await expectRefusal(
        await call(route, { authorization: keyA }), // no Bearer scheme
        401,
      );
      await expectRefusal(await call(route, bearer('ak_wrong')), 401);
    },
  );

  it.each(portalRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    "%s refuses a key used for another portal's data with 403",
    async (_name, route) => {
      const path = `${concretePath(route.path)}?portal=${PORTAL_A}`;
      const res = await exports.default.fetch(`http://collector${path}`, {
        method: route.method,
        headers: { ...bearer(keyB), 'content-type': 'application/json' },
        body: ['GET', 'DELETE'].includes(route.method) ? undefined : '{}',
      });
      await expectRefusal(res, 403);
    },
  );

  it.each(adminRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s refuses a portal key with 403: it needs the admin token',
    async (_name, route) => {
      await expectRefusal(await call(route, bearer(keyA)), 403);
      const res = await call(route, bearer(ADMIN_TOKEN));
      expect([401, 403]).not.toContain(res.status);
    },
  );

  it.each(publicRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s stays open without any key',
    async (_name, route) => {
      const res = await call(route);
      expect([401, 403]).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
    },
  );

  it('refuses keys that differ from a real one at the first or last char', async () => {
    const route = { method: 'GET', path: '/v1/sessions' };
    const flip = (ch: string) => (ch === '0' ? '1' : '0');
    const first = `${flip(keyA[0] ?? 'a')}${keyA.slice(1)}`;
    const last = `${keyA.slice(0, -1)}${flip(keyA.at(-1) ?? 'a')}`;
    const admin1 = `${flip(ADMIN_TOKEN[0] ?? 't')}${ADMIN_TOKEN.slice(1)}`;
    const admin2 = `${ADMIN_TOKEN.slice(0, -1)}${flip(ADMIN_TOKEN.at(-1) ?? 'n')}`;
    for (const key of [
      first,
      last,
      admin1,
      admin2,
      `${keyA}x`,
      keyA.slice(1),
    ]) {
      await expectRefusal(await call(route, bearer(key)), 401);
    }
    expect((await call(route, bearer(keyA))).status).toBe(200);
  });

  it('accepts the bearer scheme case-insensitively but nothing else', async () => {
    const route = { method: 'GET', path: '/v1/sessions' };
    const lower = await call(route, { authorization: `bearer ${keyA}` });
    expect(lower.status).toBe(200);
    await expectRefusal(
      await call(route, { authorization: `Basic ${keyA}` }),
      401,
    );
  });
});

describe('portal isolation', () => {
  const email = 'isolated.person@a.example';
  const contactId = 'auth-contact-1';
  const visitor = visitorToken();

  beforeAll(async () => {
    const res = await postBatch(PORTAL_A, [
      {
        i: eventId('auth'),
        t: 'pv',
        ts: Date.now() - 1000,
        u: 'https://a.example/?utm_source=news&utm_medium=email',
        vi: visitor,
      },
      {
        i: eventId('auth'),
        t: 'id',
        ts: Date.now(),
        u: 'https://a.example/',
        vi: visitor,
        em: email,
      },
    ]);
    expect(res.status).toBe(202);
    const contact = await exports.default.fetch(
      'http://collector/v1/contacts',
      {
        method: 'POST',
        headers: { ...bearer(keyA), 'content-type': 'application/json' },
        body: JSON.stringify({
          id: contactId,
          email: 'imported@a.example',
          createdAt: new Date().toISOString(),
          method: 'import',
        }),
      },
    );
    expect(contact.status).toBe(201);
    await waitFor(
      () =>
        env.DB.prepare('SELECT count(*) AS n FROM sessions WHERE portal_id = ?')
          .bind(PORTAL_A)
          .first<{ n: number }>(),
      (row) => (row?.n ?? 0) > 0,
    );
  });

  async function read(path: string, key: string) {
    const res = await exports.default.fetch(`http://collector${path}`, {
      headers: bearer(key),
    });
    return { status: res.status, text: await res.text() };
  }

  it("shows portal A's sessions, contacts and stats to A's key", async () => {
    const sessions = await read('/v1/sessions', keyA);
    expect(sessions.text).toContain(visitor);
    const contacts = await read(`/v1/contacts?email=${email}`, keyA);
    expect(contacts.text).toContain(email);
    const stats = JSON.parse((await read('/v1/stats', keyA)).text);
    expect(stats.stored).toBeGreaterThan(0);
  });

  it.each([
    '/v1/sessions',
    `/v1/contacts?email=${email}`,
    '/v1/contacts?email=imported@a.example',
    `/v1/contacts/${contactId}/journey?report=contact-create`,
    '/v1/reports/attribution?report=contact-create&model=linear&dimension=utm_source',
    '/v1/stats',
    '/v1/portal',
  ])("never shows portal A's data for %s to B's key", async (path) => {
    const own = await read(path, keyB);
    expect(own.status).toBeLessThan(500);
    expect(own.text).not.toContain(visitor);
    expect(own.text).not.toContain(email);
    expect(own.text).not.toContain('imported@a.example');
    expect(own.text).not.toContain('news');
    if (path === '/v1/stats') expect(JSON.parse(own.text).stored).toBe(0);

    const sep = path.includes('?') ? '&' : '?';
    const asked = await read(`${path}${sep}portal=${PORTAL_A}`, keyB);
    expect(asked.status).toBe(403);
    expect(asked.text).not.toContain(visitor);
  });

  it("does not let B's key erase A's contact", async () => {
    const res = await exports.default.fetch(
      `http://collector/v1/contacts/${contactId}`,
      { method: 'DELETE', headers: bearer(keyB) },
    );
    expect(res.status).toBe(404);
    const row = await env.DB.prepare(
      'SELECT count(*) AS n FROM contacts WHERE portal_id = ? AND id = ?',
    )
      .bind(PORTAL_A, contactId)
      .first<{ n: number }>();
    expect(row?.n).toBe(1);
  });
});

describe('secrets in logs', () => {
  afterEach(() => vi.restoreAllMocks());

  it('never writes the admin token or a portal key to the console', async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    };
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation(capture);
    }

    const created = await exports.default.fetch('http://collector/v1/portals', {
      method: 'POST',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'auth-logged', name: 'x', domains: [] }),
    });
    const { apiKey } = (await created.json()) as { apiKey: string };
    for (const route of routes) {
      await call(route, bearer(ADMIN_TOKEN));
      await call(route, bearer(apiKey));
      await call(route, bearer(`${ADMIN_TOKEN}-wrong`));
    }

    // The capture works: the portal creation above was logged.
    expect(lines.join('\n')).toContain('portal_created');
    for (const line of lines) {
      expect(line).not.toContain(ADMIN_TOKEN);
      expect(line).not.toContain(apiKey);
    }
    expect(env.ADMIN_TOKEN).toBe(ADMIN_TOKEN);
  }, 30_000);
});
