import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCollector, startCollector } from '../support/collector';
import {
  countStored,
  type LoadResult,
  planBatches,
  queryD1,
  sendBatches,
  statsStored,
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
      visitors: 5_000,
      resendShare: 0.05,
      duplicateShare: 0.05,
    });
    const started = Date.now();
    result = await sendBatches(running.url, batches, CONCURRENCY);
    const sentMs = Date.now() - started;

    const reported = await waitForDrain(
      () => statsStored(running.url, running.adminToken, PORTAL),
      result.acceptedIds.size,
    );
    const drainedMs = Date.now() - started;
    // Drained: one read of the D1 file for the exact counts.
    const stored = await countStored(running.persistDir, PORTAL);
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
          reportedStored: reported,
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
    expect(dead?.n).toBe(0);
  }, 240_000);
});
