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

const PORT = 9502;
const PORTAL = 'restart';
const EVENTS = 20_000;
const VARS = { RATE_LIMIT_IP_PER_MIN: '0', RATE_LIMIT_PORTAL_PER_MIN: '0' };

/**
 * Kills `wrangler dev` (SIGKILL to its process group, workerd included)
 * once 40% of the requests were answered, restarts it on the same storage
 * folder and port, and sends again what failed, as the tracker does.
 *
 * miniflare 4.20260426 keeps undelivered Queue messages in memory, so a
 * message answered 202 but not yet consumed when the process dies is gone
 * from the Queue; the outbox (OUTBOX=on, as in `npm start`) holds it in
 * D1 and the restarted collector sends it again.
 */
describe('a collector restart in the middle of a load run', () => {
  let collector: RunningCollector | undefined;
  let before: LoadResult;
  let after: LoadResult;
  let stored = new Set<string>();
  let rows = 0;

  beforeAll(async () => {
    const first = await startCollector({ port: PORT, vars: VARS });
    collector = first;
    await first.createPortal({ id: PORTAL, domains: ['load.example'] });
    const batches = planBatches({
      portal: PORTAL,
      events: EVENTS,
      eventsPerBatch: 20,
      visitors: 200,
      resendShare: 0.05,
      duplicateShare: 0.05,
    });

    let killing: Promise<void> | undefined;
    before = await sendBatches(first.url, batches, 50, (sent) => {
      if (!killing && sent >= batches.length * 0.4) killing = first.kill();
    });
    await killing;

    const second = await startCollector({
      port: PORT,
      vars: VARS,
      persistDir: first.persistDir,
    });
    collector = second;
    after = await sendBatches(second.url, before.unsent, 50);

    const accepted = new Set([...before.acceptedIds, ...after.acceptedIds]);
    await waitForDrain(
      () => statsStored(second.url, second.adminToken, PORTAL),
      accepted.size,
      60_000,
      10_000,
    );
    rows = (await countStored(second.persistDir, PORTAL)).rows;
    const ids = await queryD1<{ id: string }>(
      second.persistDir,
      `SELECT id FROM interactions WHERE portal_id = '${PORTAL}'`,
    );
    stored = new Set(ids.map((r) => r.id));
    const lost = [...before.acceptedIds].filter((id) => !stored.has(id));
    console.log(
      JSON.stringify({
        restart: {
          acceptedBeforeKill: before.acceptedIds.size,
          failedAtKill: before.unsent.length,
          acceptedAfterRestart: after.acceptedIds.size,
          storedIds: stored.size,
          storedRows: rows,
          lostFromBeforeKill: lost.length,
        },
      }),
    );
  }, 300_000);

  afterAll(async () => {
    await collector?.stop();
  });

  it('was killed mid-run: some requests failed and were sent again', () => {
    expect(before.accepted).toBeGreaterThan(0);
    expect(before.unsent.length).toBeGreaterThan(0);
    expect(after.accepted).toBe(before.unsent.length);
  });

  it('stores every event accepted after the restart, once', () => {
    for (const id of after.acceptedIds) expect(stored.has(id)).toBe(true);
    expect(rows).toBe(stored.size);
  });

  it('stores nothing it did not accept', () => {
    const accepted = new Set([...before.acceptedIds, ...after.acceptedIds]);
    for (const id of stored) expect(accepted.has(id)).toBe(true);
  });

  it('keeps every event answered 202 before the kill', () => {
    for (const id of before.acceptedIds) expect(stored.has(id)).toBe(true);
  });
});
