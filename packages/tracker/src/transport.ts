/**
 * Getting batches to the collector: fetch with keepalive while the page
 * lives, sendBeacon when it is hidden or leaving, and a capped
 * localStorage queue for what could not be delivered, retried on the
 * next page load.
 */
import { bodyOf, splitBatches } from './batch';
import { call } from './state';
import type { WireEvent } from './wire';

let portal: string;
let endpoint: string;

/** Events not yet sent. */
export const buffer: WireEvent[] = [];

/** Where flush sends: set once at start. */
export const sendTo = (portalId: string, url: string): void => {
  portal = portalId;
  endpoint = url;
};

/** The most undelivered events kept for the next page. */
export const RETRY_MAX_EVENTS = 100;

/** localStorage key of the undelivered events. */
export const RETRY_KEY = 'hsq_unsent';

/**
 * Sends everything buffered; `leaving` when the page may be gone next.
 * Batches stay under KEEPALIVE_MAX_BYTES (below MAX_BATCH_BYTES), so every
 * request may outlive the page.
 */
export const flush = (leaving?: boolean): void => {
  for (const batch of splitBatches(buffer.splice(0))) {
    const body = bodyOf(portal, batch);
    const keep = () => unsent(batch);
    // a refused (false) or throwing sendBeacon falls back to fetch
    if (leaving && call(() => navigator.sendBeacon(endpoint, body))) continue;
    fetch(endpoint, { method: 'POST', body, keepalive: true }).then(
      // 429 and 5xx may succeed later; any other 4xx never will
      ({ status }) => (status === 429 || status > 499) && keep(),
      keep,
    );
  }
};

/**
 * The retry queue. With events: adds them, keeping the newest
 * RETRY_MAX_EVENTS. Without: empties it and returns what it held.
 * Storage full or disabled: nothing kept.
 */
export const unsent = (events?: WireEvent[]): WireEvent[] =>
  call(() => {
    // nothing stored: 0, no array
    const kept = JSON.parse(localStorage[RETRY_KEY] || 0);
    const all: WireEvent[] = Array.isArray(kept) ? kept : [];
    if (events) {
      localStorage[RETRY_KEY] = JSON.stringify(
        [...all, ...events].slice(-RETRY_MAX_EVENTS),
      );
    } else delete localStorage[RETRY_KEY];
    return all;
  }) || [];
