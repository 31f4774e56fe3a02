import { describe, expect, it } from 'vitest';
import {
  bodyOf,
  byteLength,
  splitBatches,
} from '../../../packages/tracker/src/batch';
import {
  MAX_BATCH_BYTES,
  MAX_BATCH_EVENTS,
  type WireEvent,
} from '../../../packages/tracker/src/wire';

const event = (n: number, title = ''): WireEvent => ({
  i: `id-${n}`,
  t: 'pv',
  ts: 1_700_000_000_000 + n,
  u: `https://example.com/page/${n}`,
  ti: title,
});

const bodies = (batches: WireEvent[][]) =>
  batches.map((batch) => JSON.stringify(bodyOf('portal-1', batch)));

describe('splitBatches', () => {
  it('keeps a small set of events in one batch, in order', () => {
    const events = [event(1), event(2), event(3)];
    expect(splitBatches('portal-1', events, MAX_BATCH_BYTES)).toEqual([events]);
  });

  it('never puts more than MAX_BATCH_EVENTS events in a batch', () => {
    const events = Array.from({ length: 250 }, (_, n) => event(n));
    const batches = splitBatches('portal-1', events, MAX_BATCH_BYTES);
    expect(batches.map((batch) => batch.length)).toEqual([
      MAX_BATCH_EVENTS,
      MAX_BATCH_EVENTS,
      50,
    ]);
    expect(batches.flat()).toEqual(events);
  });

  it('keeps every body within the byte limit, counting UTF-8 bytes', () => {
    const title = 'é'.repeat(1000); // 2000 bytes, 1000 characters
    const events = Array.from({ length: 60 }, (_, n) => event(n, title));
    const limit = 20 * 1024;
    const batches = splitBatches('portal-1', events, limit);
    for (const body of bodies(batches)) {
      expect(byteLength(body)).toBeLessThanOrEqual(limit);
    }
    expect(batches.length).toBeGreaterThan(5);
    expect(batches.flat()).toEqual(events);
  });

  it('sends an event larger than the limit alone', () => {
    const big = event(2, 'x'.repeat(3000));
    const batches = splitBatches('portal-1', [event(1), big, event(3)], 1000);
    expect(batches).toEqual([[event(1)], [big], [event(3)]]);
  });

  it('writes the wire version and portal into every body', () => {
    expect(JSON.parse(bodies([[event(1)]])[0])).toEqual({
      v: 1,
      p: 'portal-1',
      e: [event(1)],
    });
  });
});
