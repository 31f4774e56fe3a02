import {
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
} from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../packages/collector/src/index';
import {
  type CollectMessage,
  QUEUE_CONTENT_TYPE,
} from '../../packages/collector/src/ingest/message';
import {
  ADMIN,
  BROWSER_UA,
  collectMessage,
  createPortal,
  dbWithBatch,
  EVENTS_QUEUE,
  eventId,
  fetchWith,
  portalStats,
  visitorToken,
  waitFor,
} from './ingest-support';

const PORTAL = 'faults';

/** A D1 binding whose first `failures` batch calls throw, like an outage. */
function flakyDb(failures: number): { db: D1Database; calls: () => number } {
  let calls = 0;
  const db = dbWithBatch((statements, real) => {
    calls += 1;
    if (calls <= failures) {
      return Promise.reject(new Error('D1_ERROR: storage unavailable'));
    }
    return real.batch(statements);
  });
  return { db, calls: () => calls };
}

/** A Durable Object namespace whose objects fail their first ingests. */
function flakyVisitors(failures: number): Env['VISITORS'] {
  let calls = 0;
  return {
    getByName(name: string) {
      const stub = env.VISITORS.getByName(name);
      return {
        ingest(batch: unknown) {
          calls += 1;
          if (calls <= failures) {
            return Promise.reject(new Error('object storage unavailable'));
          }
          return stub.ingest(batch as Parameters<typeof stub.ingest>[0]);
        },
      };
    },
  } as unknown as Env['VISITORS'];
}

let messageSeq = 0;

/** Runs the real queue handler once, as a (re)delivery of `bodies`. */
async function deliverWith(
  bindings: Partial<Env>,
  bodies: CollectMessage[],
  attempts: number,
) {
  const batch = createMessageBatch(
    EVENTS_QUEUE,
    bodies.map((body, i) => ({
      id: `fault-${messageSeq}-${i}`,
      timestamp: new Date(),
      attempts,
      body,
    })),
  );
  messageSeq += 1;
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...bindings } as Env, ctx);
  return getQueueResult(batch, ctx);
}

async function storedIds(ids: string[]): Promise<string[]> {
  const { results } = await env.DB.prepare(
    `SELECT id FROM interactions WHERE portal_id = ?
     AND id IN (SELECT value FROM json_each(?)) ORDER BY id`,
  )
    .bind(PORTAL, JSON.stringify(ids))
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

function pageView(vi?: string) {
  return {
    i: eventId('fault'),
    t: 'pv' as const,
    ts: Date.now(),
    u: 'https://shop.example/',
    ...(vi ? { vi } : {}),
  };
}

describe('storage faults in the consumer', () => {
  beforeAll(async () => {
    await createPortal(PORTAL, ['shop.example']);
  });

  it('retries a batch whose D1 write throws, then stores it exactly once', async () => {
    const events = [pageView(), pageView(), pageView()];
    const message = collectMessage(PORTAL, events);
    const ids = events.map((e) => e.i).sort();
    const flaky = flakyDb(2);

    const first = await deliverWith({ DB: flaky.db }, [message], 1);
    expect(first.retryMessages).toHaveLength(1);
    expect(first.explicitAcks).toEqual([]);
    const second = await deliverWith({ DB: flaky.db }, [message], 2);
    expect(second.retryMessages).toHaveLength(1);
    expect(await storedIds(ids)).toEqual([]);

    const third = await deliverWith({ DB: flaky.db }, [message], 3);
    expect(third.retryMessages).toEqual([]);
    expect(third.explicitAcks).toHaveLength(1);
    expect(await storedIds(ids)).toEqual(ids);

    // A late duplicate delivery of the same batch writes nothing twice.
    await deliverWith({}, [message], 4);
    expect(await storedIds(ids)).toEqual(ids);
  });

  it("retries only the messages whose visitor's object failed, and stores them once", async () => {
    const healthy = collectMessage(PORTAL, [pageView(visitorToken())]);
    const failing = collectMessage(PORTAL, [pageView(visitorToken())]);
    const ids = [...healthy.events, ...failing.events].map((e) => e.i).sort();

    // One object call per visitor; the first one (healthy's) succeeds.
    const visitors = flakyVisitors(0);
    const once = await deliverWith({ VISITORS: visitors }, [healthy], 1);
    expect(once.explicitAcks).toHaveLength(1);

    const broken = await deliverWith(
      { VISITORS: flakyVisitors(1) },
      [failing],
      1,
    );
    expect(broken.retryMessages).toHaveLength(1);
    const retried = await deliverWith({}, [failing], 2);
    expect(retried.explicitAcks).toHaveLength(1);
    await deliverWith({}, [failing, healthy], 3);

    const rows = await waitFor(
      () => storedIds(ids),
      (r) => r.length >= 2,
    );
    expect(rows).toEqual(ids);
  });

  it('sends a batch that fails every retry to the dead-letter queue, and replay stores it once', async () => {
    const visitor = visitorToken();
    const events = [pageView(visitor), pageView(visitor)];
    const ids = events.map((e) => e.i).sort();
    // A storage outage that lasts through every retry of the real Queue.
    await env.DB.exec('ALTER TABLE sessions RENAME TO sessions_outage');
    try {
      await env.EVENTS.send(collectMessage(PORTAL, events), {
        contentType: QUEUE_CONTENT_TYPE,
      });
      const dead = await waitFor(
        () =>
          env.DB.prepare(
            'SELECT count(*) AS n, max(attempts) AS attempts FROM dead_letters',
          ).first<{ n: number; attempts: number | null }>(),
        (row) => (row?.n ?? 0) > 0,
        400,
      );
      expect(dead?.n).toBe(1);
      // The Queue moves a message here only once max_retries (3 in
      // wrangler.toml) are spent; this queue counts its own deliveries.
      expect(dead?.attempts).toBe(1);
    } finally {
      await env.DB.exec('ALTER TABLE sessions_outage RENAME TO sessions');
    }
    expect(await storedIds(ids)).toEqual([]);

    const replay = await exports.default.fetch(
      'http://collector/v1/admin/dead-letters/replay',
      {
        method: 'POST',
        headers: { ...ADMIN, 'content-type': 'application/json' },
        body: '{}',
      },
    );
    expect(await replay.json()).toEqual({ replayed: 1, remaining: 0 });
    const rows = await waitFor(
      () => storedIds(ids),
      (r) => r.length >= 2,
      200,
    );
    expect(rows).toEqual(ids);
  }, 60_000);

  it("counts a visitor's events as stored once when its object's first D1 write failed", async () => {
    const portal = 'faults-count';
    const key = await createPortal(portal, ['shop.example']);
    const vi = visitorToken();
    const message = collectMessage(portal, [pageView(vi), pageView(vi)]);

    // The object stores the events, then its D1 write fails.
    await env.DB.exec('ALTER TABLE sessions RENAME TO sessions_outage');
    try {
      const failed = await deliverWith({}, [message], 1);
      expect(failed.retryMessages).toHaveLength(1);
    } finally {
      await env.DB.exec('ALTER TABLE sessions_outage RENAME TO sessions');
    }
    expect((await portalStats(key)).stored).toBe(0);

    const retried = await deliverWith({}, [message], 2);
    expect(retried.explicitAcks).toHaveLength(1);
    expect((await portalStats(key)).stored).toBe(2);
    // A duplicate delivery stores and counts nothing more.
    await deliverWith({}, [message], 3);
    expect((await portalStats(key)).stored).toBe(2);
  });
});

describe('a Queue that refuses sends', () => {
  const refusingQueue = {
    send: () => Promise.reject(new Error('Queue send failed: overloaded')),
    sendBatch: () => Promise.reject(new Error('Queue send failed: overloaded')),
  } as unknown as Queue;

  function collect(body: string, bindings: Partial<Env> = {}) {
    return fetchWith(
      new Request('http://collector/v1/collect', {
        method: 'POST',
        headers: { 'user-agent': BROWSER_UA, 'content-type': 'text/plain' },
        body,
      }),
      bindings,
    );
  }

  it('answers 503 with Retry-After, and the resent batch is stored once', async () => {
    const events = [pageView(visitorToken()), pageView()];
    const ids = events.map((e) => e.i).sort();
    const body = JSON.stringify({ v: 1, p: PORTAL, e: events });

    const refused = await collect(body, { EVENTS: refusingQueue });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({
      error: {
        code: 'unavailable',
        message: 'the event queue is unavailable; retry later',
      },
    });

    // The client resends (twice, as a tracker retrying on two pages might).
    expect((await collect(body)).status).toBe(202);
    expect((await collect(body)).status).toBe(202);
    const rows = await waitFor(
      () => storedIds(ids),
      (r) => r.length >= 2,
      200,
    );
    expect(rows).toEqual(ids);
  });
});
