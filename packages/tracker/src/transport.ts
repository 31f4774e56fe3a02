/**
 * Getting batches to the collector: fetch with keepalive while the page
 * lives, sendBeacon when it is hidden or leaving, and a capped
 * localStorage queue for what could not be delivered, retried on the
 * next page load.
 */
import { bodyOf, splitBatches } from './batch';
import { S } from './state';
import type { WireEvent } from './wire';

/**
 * Browsers allow 64 KiB of keepalive/beacon bodies in flight per page;
 * batches of at most ~52 KiB leave room for a request already on its way.
 */
export const KEEPALIVE_MAX_BYTES = 52 * 1024;

/** The most undelivered events kept for the next page. */
export const RETRY_MAX_EVENTS = 100;

/** localStorage key of the undelivered events. */
export const RETRY_KEY = 'hsq_unsent';

/**
 * Sends everything buffered; `leaving` when the page may be gone next.
 * Batches stay under KEEPALIVE_MAX_BYTES (below MAX_BATCH_BYTES), so every
 * request may outlive the page.
 */
export function flush(leaving?: boolean): void {
  const events = S._buf.splice(0);
  for (const batch of splitBatches(S._portal, events, KEEPALIVE_MAX_BYTES)) {
    const body = JSON.stringify(bodyOf(S._portal, batch));
    const keep = () => unsent(batch);
    try {
      if (leaving && navigator.sendBeacon(S._endpoint, body)) continue;
    } catch {
      // no sendBeacon, or it refused: fetch instead
    }
    fetch(S._endpoint, { method: 'POST', body, keepalive: true }).then(
      // 429 and 5xx may succeed later; any other 4xx never will
      (response) =>
        (response.status === 429 || response.status > 499) && keep(),
      keep,
    );
  }
}

/**
 * The retry queue. With events: adds them, keeping the newest
 * RETRY_MAX_EVENTS. Without: empties it and returns what it held.
 */
export function unsent(events?: WireEvent[]): WireEvent[] {
  try {
    const kept = JSON.parse(localStorage[RETRY_KEY] || '[]');
    const all = Array.isArray(kept) ? kept : [];
    if (events) {
      localStorage[RETRY_KEY] = JSON.stringify(
        [...all, ...events].slice(-RETRY_MAX_EVENTS),
      );
    } else localStorage.removeItem(RETRY_KEY);
    return all;
  } catch {
    // storage full or disabled: nothing kept
    return [];
  }
}
