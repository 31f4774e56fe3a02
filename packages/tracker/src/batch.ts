/**
 * Splitting events into request bodies that respect the wire bounds: at
 * most MAX_BATCH_EVENTS events and KEEPALIVE_MAX_BYTES UTF-8 bytes.
 */
import { MAX_BATCH_EVENTS, WIRE_VERSION, type WireEvent } from './wire';

/**
 * Browsers allow 64 KiB of keepalive/beacon bodies in flight per page;
 * batches of at most ~52 KiB leave room for a request already on its way.
 */
export const KEEPALIVE_MAX_BYTES = 52 * 1024;

/**
 * Most JSON characters of the events of one batch. A UTF-16 unit takes at
 * most 3 UTF-8 bytes (a pair, 2 units, takes 4), so a batch's events fill
 * at most 3 × BATCH_MAX_CHARS bytes; with the envelope and a portal id of
 * up to 64 characters the body stays under KEEPALIVE_MAX_BYTES, no encoder
 * needed.
 */
export const BATCH_MAX_CHARS = 17_500;

/**
 * Groups events, in order, into batches of at most MAX_BATCH_EVENTS
 * events and BATCH_MAX_CHARS characters of JSON. An event too large on
 * its own gets a batch by itself (the collector refuses it; nothing
 * better can be done).
 */
export const splitBatches = (events: WireEvent[]): WireEvent[][] => {
  const batches: WireEvent[][] = [];
  let batch: WireEvent[] = [];
  // full: the first event opens a batch
  let chars = BATCH_MAX_CHARS;
  for (const event of events) {
    const size = JSON.stringify(event).length + 1;
    chars += size;
    if (chars > BATCH_MAX_CHARS || batch.length >= MAX_BATCH_EVENTS) {
      batch = [];
      batches.push(batch);
      chars = size;
    }
    batch.push(event);
  }
  return batches;
};

/** The request body for one batch. */
export const bodyOf = (portal: string, events: WireEvent[]) =>
  JSON.stringify({ v: WIRE_VERSION, p: portal, e: events });
