import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCollector, startCollector } from '../support/collector';
import {
  countStored,
  type LoadResult,
  planBatches,
  queryD1,
  sendBatches,
  waitForDrain,
} from './load-support';

const PORT = 9501;
const PORTAL = 'load';
/** Distinct events sent; duplicates and resends come on top. */
const EVENTS = Number(process.env.LOAD_EVENTS || 100_000);
const CONCURRENCY = 64;

describe('load with no loss', () => {
  let collector: RunningCollector | undefined;
  let result: LoadResult;

  beforeAll(async () => {
    collector = await startCollector({
      port: PORT,
      // One loopback address sends everything: lift the per-client limit.
      vars: { RATE_LIMIT_IP_PER_MIN: '0', RATE_LIMIT_PORTAL_PER_MIN: '0' },
    });
    await collector.createPortal({ id: PORTAL, domains: ['load.example'] });
  }, 120_000);

  afterAll(async () => {
    await collector?.stop();
  });

  it(`stores each of ${EVENTS} accepted events exactly once, duplicates and resends included`, async () => {
    const running = collector;
    if (!running) throw new Error('collector not started');
    const batches = planBatches({
      portal: PORTAL,
      events: EVENTS,
      eventsPerBatch: 20,
      visitors: 500,
      resendShare: 0.05,
      duplicateShare: 0.05,
    });
    const started = Date.now();
    result = await sendBatches(running.url, batches, CONCURRENCY);
    const sentMs = Date.now() - started;

    const stored = await waitForDrain(
      running.persistDir,
      PORTAL,
      result.acceptedIds.size,
      150_000,
      30_000,
    );
    const drainedMs = Date.now() - started;
    const [dead] = await queryD1<{ n: number }>(
      running.persistDir,
      'SELECT count(*) AS n FROM dead_letters',
    );
    console.log(
      JSON.stringify({
        load: {
          requests: result.requests,
          accepted: result.accepted,
          acceptedIds: result.acceptedIds.size,
          refused: Object.fromEntries(result.refused),
          storedRows: stored.rows,
          storedIds: stored.ids,
          sentMs,
          drainedMs,
          deadLetters: dead?.n ?? 0,
        },
      }),
    );

    expect(result.requests).toBe(batches.length);
    expect(result.acceptedIds.size).toBeGreaterThan(EVENTS * 0.99);
    expect(stored.ids).toBe(result.acceptedIds.size);
    expect(stored.rows).toBe(stored.ids);
    // Nothing stored that was never accepted.
    const final = await countStored(running.persistDir, PORTAL);
    expect(final.rows).toBe(result.acceptedIds.size);
  }, 240_000);
});
