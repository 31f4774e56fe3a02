/**
 * The tracker's state, shared by its parts. Fields start with `_` so the
 * minifier renames them; flags are bits of `_f`.
 */
import type { WireEvent } from './wire';

/** data-spa: page views on history changes */
export const F_SPA = 1;
/** data-consent="required": anonymous until consent */
export const F_CONSENT_REQUIRED = 2;
/** data-debug: warnings on the console */
export const F_DEBUG = 4;
/** data-respect-dnt: honour navigator.doNotTrack */
export const F_RESPECT_DNT = 256;
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
  /** identity waiting to ride on the next event */
  _em?: string;
  _ii?: string;
  /** events not yet sent */
  _buf: WireEvent[];
}

export const S: State = {
  _f: 0,
  _portal: '',
  _endpoint: '',
  _path: '',
  _ref: '',
  _buf: [],
};

/** Calls a function of the host page; its errors stay out of ours. */
export function call(fn: unknown, ...args: unknown[]): void {
  try {
    if (typeof fn === 'function') fn(...args);
  } catch (error) {
    warn(error);
  }
}

/** A console warning, only with data-debug. */
export function warn(...message: unknown[]): void {
  if (S._f & F_DEBUG) console.warn('[hsq]', ...message);
}
