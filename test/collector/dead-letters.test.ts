import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  collectMessage,
  createPortal,
  deliver,
  visitorToken,
  waitFor,
} from './ingest-support';

const PORTAL = 'letters';
const DLQ = 'attribution-events-dlq';
const T0 = Date.UTC(2026, 2, 5, 12, 0, 0);

function countOf(sql: string, ...binds: unknown[]) {
  return env.DB.prepare(sql)
    .bind(...binds)
    .first<{ n: number }>()
    .then((r) => r?.n ?? 0);
}

/** POST /v1/admin/dead-letters/replay as the operator. */
function replay(limit: number) {
  return exports.default.fetch(
    'http://collector/v1/admin/dead-letters/replay',
    {
      method: 'POST',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ limit }),
    },
  );
}

describe('retries and dead letters', () => {
  beforeAll(async () => {
    await createPortal(PORTAL);
  });

  it('retries a batch whose write failed, then stores it once on redelivery', async () => {
    const vi = visitorToken();
    const message = collectMessage(PORTAL, [
      { i: 'r-1', t: 'pv', ts: T0, u: 'https://a.example/', vi },
    ]);
    // A real storage failure: the sessions table is briefly missing.
    await env.DB.exec('ALTER TABLE sessions RENAME TO sessions_away');
    const failed = await deliver([message]);
    await env.DB.exec('ALTER TABLE sessions_away RENAME TO sessions');
    expect(failed.retryMessages).toHaveLength(1);
    expect(failed.explicitAcks).toEqual([]);

    const again = await deliver([message]);
    expect(again.explicitAcks).toHaveLength(1);
    expect(
      await countOf(
        'SELECT count(*) AS n FROM interactions WHERE portal_id = ? AND visitor_id = ?',
        PORTAL,
        vi,
      ),
    ).toBe(1);
    expect(
      await countOf(
        'SELECT count(*) AS n FROM sessions WHERE portal_id = ? AND visitor_id = ?',
        PORTAL,
        vi,
      ),
    ).toBe(1);
  });

  it('keeps dead letters durably and replays them onto the Queue', async () => {
    const vi = visitorToken();
    const body = collectMessage(PORTAL, [
      { i: 'dl-1', t: 'pv', ts: T0, u: 'https://a.example/', vi },
      { i: 'dl-2', t: 'cta', ts: T0 + 1, u: 'https://a.example/', vi, ci: 'x' },
    ]);
    const stored = await deliver([body, body], DLQ);
    expect(stored.explicitAcks).toEqual([]);
    expect(stored.ackAll).toBe(true);
    // Two deliveries with distinct message ids: both are kept.
    expect(await countOf('SELECT count(*) AS n FROM dead_letters')).toBe(2);

    const listed = await exports.default.fetch(
      'http://collector/v1/admin/dead-letters',
      { headers: ADMIN },
    );
    expect(await listed.json()).toMatchObject({ count: 2 });

    const res = await replay(10);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ replayed: 2, remaining: 0 });

    // The Queue delivers the replayed messages to the real consumer.
    const n = await waitFor(
      () =>
        countOf(
          'SELECT count(*) AS n FROM interactions WHERE portal_id = ? AND visitor_id = ?',
          PORTAL,
          vi,
        ),
      (v) => v >= 2,
    );
    expect(n).toBe(2);
  });

  it("replays a hundred large dead letters within the Queue's limits on one call", async () => {
    // About 12 KB each: 1.2 MB in all, far past what one sendBatch holds.
    const visitors = Array.from({ length: 100 }, () => visitorToken());
    const bodies = visitors.map((vi, n) =>
      collectMessage(
        PORTAL,
        Array.from({ length: 10 }, (_, j) => ({
          i: `big-${n}-${j}`,
          t: 'pv' as const,
          ts: T0 + j,
          u: `https://a.example/${'p'.repeat(500)}`,
          ti: `${'t'.repeat(510)}${j}`,
          vi,
        })),
      ),
    );
    await deliver(bodies, DLQ);
    expect(await countOf('SELECT count(*) AS n FROM dead_letters')).toBe(100);

    const res = await replay(100);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ replayed: 100, remaining: 0 });
    const stored = await waitFor(
      () =>
        countOf(
          `SELECT count(*) AS n FROM interactions
           WHERE portal_id = ? AND id LIKE 'big-%'`,
          PORTAL,
        ),
      (v) => v >= 1_000,
      200,
    );
    expect(stored).toBe(1_000);
  });

  it('refuses replay without the admin token', async () => {
    const res = await exports.default.fetch(
      'http://collector/v1/admin/dead-letters/replay',
      { method: 'POST', headers: { authorization: 'Bearer nope' } },
    );
    expect(res.status).toBe(401);
  });
});
