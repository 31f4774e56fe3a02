import { Hono } from 'hono';
import { requireAdmin, requireKey } from '../auth';
import { ApiError } from '../errors';
import { consumeEvents } from '../ingest/consumer';
import type { CollectMessage } from '../ingest/message';
import type { WireEventInput } from '../schemas/wire';
import type { AppEnv } from '../types';

/** Queue batches the benchmark runs at once, like concurrent consumers. */
const CONCURRENT_BATCHES = 4;
const MESSAGES_PER_BATCH = 100;
const RAW_ROWS_PER_BATCH = 100;
const MIN_MS = 60_000;
const SITE = 'https://bench.example';

/**
 * One visitor's visit as the tracker would send it: a campaign landing,
 * internal page views, a CTA, a custom event, and (for every third
 * visitor) a form with an email.
 */
function visitEvents(run: string, n: number, k: number, t0: number) {
  const vi = (BigInt(n) + 0x1000000000000000n).toString(16).padStart(32, 'a');
  const events: WireEventInput[] = [];
  for (let j = 0; j < k; j += 1) {
    const base = { i: `${run}-${n}-${j}`, ts: t0 + j * MIN_MS, vi };
    if (j === 0) {
      events.push({
        ...base,
        t: 'pv',
        u: `${SITE}/?utm_source=news&utm_medium=email&utm_campaign=c${n % 7}`,
        r: 'https://mail.google.com/',
      });
    } else if (j === 3) {
      events.push({ ...base, t: 'cta', u: `${SITE}/p${j}`, ci: 'demo' });
    } else if (j === 5 && n % 3 === 0) {
      events.push({
        ...base,
        t: 'form',
        u: `${SITE}/contact`,
        fi: 'contact',
        em: `v${n}@${run}.example`,
      });
    } else if (j === 7) {
      events.push({ ...base, t: 'ce', u: `${SITE}/p${j}`, n: 'scrolled' });
    } else {
      events.push({ ...base, t: 'pv', u: `${SITE}/p${j}`, r: `${SITE}/` });
    }
  }
  return events;
}

function messageBatch(bodies: CollectMessage[]): MessageBatch<unknown> {
  const messages = bodies.map((body, i) => ({
    id: `bench-${i}`,
    timestamp: new Date(),
    attempts: 1,
    body,
    ack() {},
    retry() {},
  }));
  const batch: MessageBatch<unknown> = {
    queue: 'attribution-events',
    messages,
    metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } },
    ackAll() {},
    retryAll() {},
  };
  return batch;
}

async function inParallel<T>(items: T[], run: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_BATCHES }, worker));
}

/**
 * POST /v1/bench/consume (admin, BENCH only): runs the real consumer on
 * generated Queue batches, then inserts the same rows plainly, in bulk
 * and one statement a row, and reports all timings from the same run.
 */
export const benchRoutes = new Hono<AppEnv>();

// Keyed first, like every other route; then absent unless BENCH is set.
benchRoutes.use('/v1/bench/*', requireKey, requireAdmin, async (c, next) => {
  if (!c.env.BENCH) throw new ApiError(404, 'not_found', 'no such route');
  await next();
});

benchRoutes.post('/v1/bench/consume', async (c) => {
  const { portal, visitors, eventsPerVisitor } = (await c.req.json()) as {
    portal: string;
    visitors: number;
    eventsPerVisitor: number;
  };
  const run = crypto.randomUUID().slice(0, 8);
  const t0 = Date.now() - 86_400_000;
  const bodies: CollectMessage[] = [];
  for (let n = 0; n < visitors; n += 1) {
    bodies.push({
      v: 1,
      portalId: portal,
      receivedAt: Date.now(),
      country: null,
      events: visitEvents(run, n, eventsPerVisitor, t0),
    });
  }
  const batches: CollectMessage[][] = [];
  for (let i = 0; i < bodies.length; i += MESSAGES_PER_BATCH) {
    batches.push(bodies.slice(i, i + MESSAGES_PER_BATCH));
  }

  const consumeStart = Date.now();
  await inParallel(batches, (b) => consumeEvents(messageBatch(b), c.env));
  const consumeMs = Date.now() - consumeStart;
  // The same batches again: every event is a duplicate, so this is the
  // cost of reaching the visitors' objects without writing to D1.
  const againStart = Date.now();
  await inParallel(batches, (b) => consumeEvents(messageBatch(b), c.env));
  const duplicateMs = Date.now() - againStart;

  const rows = bodies.flatMap((b) => b.events);
  const chunks: WireEventInput[][] = [];
  for (let i = 0; i < rows.length; i += RAW_ROWS_PER_BATCH) {
    chunks.push(rows.slice(i, i + RAW_ROWS_PER_BATCH));
  }
  // The storage limit: each 100 rows as one statement that reads them
  // from a JSON parameter, the fastest plain insert measured here.
  const rawStart = Date.now();
  await inParallel(chunks, async (chunk) => {
    await c.env.DB.prepare(
      `INSERT INTO interactions (portal_id, id, type, at, received_at,
         visitor_id, url, asset_type)
       SELECT ?1, value->>0, value->>1, value->>2, value->>2, value->>3,
         value->>4, 'x' FROM json_each(?2)`,
    )
      .bind(
        `${portal}-raw`,
        JSON.stringify(chunk.map((e) => [e.i, e.t, e.ts, e.vi, e.u])),
      )
      .run();
  });
  const rawMs = Date.now() - rawStart;
  // The same rows as one statement each, 100 to a D1 batch.
  const statementsStart = Date.now();
  await inParallel(chunks, async (chunk) => {
    await c.env.DB.batch(
      chunk.map((e) =>
        c.env.DB.prepare(
          `INSERT INTO interactions (portal_id, id, type, at, received_at,
             visitor_id, url, asset_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).bind(`${portal}-rows`, e.i, e.t, e.ts, e.ts, e.vi, e.u, 'x'),
      ),
    );
  });
  const rowStatementsMs = Date.now() - statementsStart;

  return c.json({
    events: rows.length,
    consumeMs,
    duplicateMs,
    rawMs,
    rowStatementsMs,
  });
});
