/**
 * The tracker's wire format, version 1: the body of one POST to the
 * collect endpoint. Keys are short because every byte ships in the tracker
 * and on every request; each key's full name and unit is given once here.
 */

/** The wire format version carried in every batch. */
export const WIRE_VERSION = 1;

/** The largest body the tracker sends: the keepalive/sendBeacon budget. */
export const MAX_BATCH_BYTES = 64 * 1024;

/** The most events one batch may carry. */
export const MAX_BATCH_EVENTS = 100;

/**
 * Event kinds. `pv` page view, `cta` CTA click, `form` form submission,
 * `ce` custom behavioural event, `out` outbound link click, `dl` file
 * download click, `id` identify with no other event to ride on.
 */
export type WireEventType = 'pv' | 'cta' | 'form' | 'ce' | 'out' | 'dl' | 'id';

/** One batch: what one request carries. */
export interface WireBatch {
  /** version: always WIRE_VERSION */
  v: number;
  /** portal id */
  p: string;
  /** events, in the order they happened */
  e: WireEvent[];
}

/** One event. Strings are bounded by the collector (see its schema). */
export interface WireEvent {
  /** id: unique, client-made (≤ 64 chars); makes resends idempotent */
  i: string;
  /** type */
  t: WireEventType;
  /** time on the client, ms since the Unix epoch */
  ts: number;
  /** page URL, in full with its query string (≤ 2048 chars) */
  u: string;
  /** document.referrer (≤ 2048 chars) */
  r?: string;
  /** page title (≤ 512 chars) */
  ti?: string;
  /** content type pushed with setContentType, as given (≤ 64 chars) */
  ct?: string;
  /** visitor token: the 32-hex hubspotutk; absent before consent */
  vi?: string;
  /** session start from __hstc, ms since the epoch */
  ss?: number;
  /** session count from __hstc */
  sc?: number;
  /** first visit from __hstc, ms since the epoch */
  fv?: number;
  /** identify: email (≤ 254 chars) */
  em?: string;
  /** identify: the site's own id for the visitor (≤ 128 chars) */
  ii?: string;
  /** CTA id: data-cta value, HubSpot CTA guid or element id (≤ 128) */
  ci?: string;
  /** CTA or link text, trimmed (≤ 256 chars) */
  cx?: string;
  /** form id or name (≤ 128 chars) */
  fi?: string;
  /** link target of an outbound or download click (≤ 2048 chars) */
  h?: string;
  /** custom event name (≤ 128 chars) */
  n?: string;
  /** custom event properties; the collector keeps 50 scalar ones */
  pr?: Record<string, string | number | boolean | null>;
  /** anonymous: sent before consent, with no cookie and no visitor token */
  an?: 1;
}
