/**
 * The tracker's state, shared by its parts. Fields start with `_` so the
 * minifier renames them; flags are bits of `_f`.
 */
import { BUILT_IN } from './features';
import type { WireEvent } from './wire';

/** data-spa: page views on history changes (opt-in, build flag) */
export const F_SPA = 1;
/** data-consent="required": anonymous until consent (opt-in, build flag) */
export const F_CONSENT_REQUIRED = 2;
/** data-debug: warnings on the console (opt-in, build flag) */
export const F_DEBUG = 4;
/** data-respect-dnt: honour navigator.doNotTrack (opt-in, build flag) */
export const F_RESPECT_DNT = 256;
/** data-portal/data-endpoint on the tag of a self-hosted copy (build flag) */
export const F_TAG_CONFIG = 512;
/** a bot, Global Privacy Control or Do-Not-Track: nothing is sent */
export const F_BLOCKED = 8;
/** the doNotTrack command (cookie): nothing is sent */
export const F_DO_NOT_TRACK = 16;
/** no consent: anonymous page views only, no cookie */
export const F_ANONYMOUS = 32;
/** replaying the queue at load: events wait to leave as one batch */
export const F_HOLD = 64;
/** the first page view is out */
export const F_VIEWED = 128;

/** Everything the tracker knows about the page. */
export interface State {
  _f: number;
  _portal: string;
  _endpoint: string;
  /** URL set by setPath (absolute), or '' for location.href */
  _path: string;
  /** referrer of the next page view */
  _ref: string;
  /** content type set by setContentType */
  _ct?: string;
  /** identity waiting to ride on the next event ('' for none) */
  _em?: string;
  _ii?: string;
  /** events not yet sent */
  _buf: WireEvent[];
}

// start() sets the rest before anything reads it
export const S = { _buf: [] } as unknown as State;

/** A console warning, only with data-debug. */
export const warn = (...message: unknown[]): unknown =>
  BUILT_IN & F_DEBUG && S._f & F_DEBUG && console.warn('[hsq]', ...message);

/**
 * Calls `fn` if it is a function and returns its result; its errors never
 * reach the host page. The one guard around every entry point: queue
 * items, listeners, the page's callbacks and start-up.
 */
export const call = <T>(fn: unknown, ...args: unknown[]): T | undefined => {
  try {
    if (typeof fn === 'function') return fn(...args);
  } catch (error) {
    warn(error);
  }
};

/** Listens on the window; the handler's errors stay out of the page. */
export const on = <E extends Event>(
  type: string,
  handler: (event: E) => unknown,
  capture?: boolean,
) => addEventListener(type, (event) => call(handler, event), capture);
