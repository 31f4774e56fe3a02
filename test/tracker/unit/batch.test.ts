import { describe, expect, it } from 'vitest';
import {
  BATCH_MAX_CHARS,
  bodyOf,
  KEEPALIVE_MAX_BYTES,
  splitBatches,
} from '../../../packages/tracker/src/batch';
import {
  MAX_BATCH_BYTES,
  MAX_BATCH_EVENTS,
  type WireEvent,
} from '../../../packages/tracker/src/wire';

/** The longest portal id the collector accepts. */
const PORTAL = 'p'.repeat(64);

const event = (n: number, title = ''): WireEvent => ({
  i: `id-${n}`,
  t: 'pv',
  ts: 1_700_000_000_000 + n,
  u: `https://example.com/page/${n}`,
  ti: title,
});

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

const bodies = (batches: WireEvent[][]) =>
  batches.map((batch) => bodyOf(PORTAL, batch));

describe('splitBatches', () => {
  it('keeps a small set of events in one batch, in order', () => {
    const events = [event(1), event(2), event(3)];
    expect(splitBatches(events)).toEqual([events]);
  });

  it('never puts more than MAX_BATCH_EVENTS events in a batch', () => {
    const events = Array.from({ length: 250 }, (_, n) => event(n));
    const batches = splitBatches(events);
    expect(batches.map((batch) => batch.length)).toEqual([
      MAX_BATCH_EVENTS,
      MAX_BATCH_EVENTS,
      50,
    ]);
    expect(batches.flat()).toEqual(events);
  });

  it.each([
    ['3-byte characters', '\u0800'],
    ['4-byte pairs', '😀'],
    ['ASCII', 'x'],
    ['JSON escapes', '"\n\u0001'],
  ])('keeps every body under the keepalive budget with %s', (_name, unit) => {
    const title = unit.repeat(Math.ceil(1000 / unit.length));
    const events = Array.from({ length: 99 }, (_, n) => event(n, title));
    const batches = splitBatches(events);
    for (const body of bodies(batches)) {
      expect(utf8Bytes(body)).toBeLessThanOrEqual(KEEPALIVE_MAX_BYTES);
    }
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flat()).toEqual(events);
  });

  it('keeps the budget itself under the keepalive limit and the wire limit', () => {
    const envelope = utf8Bytes(bodyOf('é'.repeat(64), []));
    expect(3 * BATCH_MAX_CHARS + envelope).toBeLessThanOrEqual(
      KEEPALIVE_MAX_BYTES,
    );
    expect(KEEPALIVE_MAX_BYTES).toBeLessThan(MAX_BATCH_BYTES);
  });

  it('sends an event larger than the budget alone', () => {
    const big = event(2, 'x'.repeat(BATCH_MAX_CHARS));
    const batches = splitBatches([event(1), big, event(3)]);
    expect(batches).toEqual([[event(1)], [big], [event(3)]]);
  });

  it('writes the wire version and portal into every body', () => {
    expect(JSON.parse(bodies([[event(1)]])[0])).toEqual({
      v: 1,
      p: PORTAL,
      e: [event(1)],
    });
  });
});
