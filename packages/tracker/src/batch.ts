/**
 * Splitting events into request bodies that respect the wire bounds: at
 * most MAX_BATCH_EVENTS events and `maxBytes` UTF-8 bytes per body.
 */
import { MAX_BATCH_EVENTS, WIRE_VERSION, type WireEvent } from './wire';

/** UTF-8 length of a string. */
export const byteLength = (text: string): number => new Blob([text]).size;

/**
 * Groups events, in order, into batches whose JSON body stays within
 * `maxBytes` and MAX_BATCH_EVENTS. An event too large on its own gets a
 * batch by itself (the collector refuses it; nothing better can be done).
 */
export const splitBatches = (
  portal: string,
  events: WireEvent[],
  maxBytes: number,
): WireEvent[][] => {
  // `{"v":1,"p":"…","e":[` + `]}`
  const overhead = byteLength(JSON.stringify(bodyOf(portal, [])));
  const batches: WireEvent[][] = [];
  let batch: WireEvent[] = [];
  let size = 0;
  for (const event of events) {
    const bytes = byteLength(JSON.stringify(event)) + 1;
    if (
      !batch.length ||
      size + bytes > maxBytes ||
      batch.length >= MAX_BATCH_EVENTS
    ) {
      batch = [];
      batches.push(batch);
      size = overhead;
    }
    batch.push(event);
    size += bytes;
  }
  return batches;
};

/** The request body for one batch. */
export const bodyOf = (portal: string, events: WireEvent[]) => ({
  v: WIRE_VERSION,
  p: portal,
  e: events,
});
