/**
 * The opt-in flags the page asked for, and the guards every entry point
 * shares. The rest of the state lives, as module variables (one letter
 * each in the bundle), with the code that changes it.
 */
import { BUILT_IN } from './features';

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

/** The opt-in flags of this page (F_* bits), set once at start. */
export let options = 0;

export const setOptions = (flags: number): void => {
  options = flags;
};

/** A console warning, only with data-debug. */
export const warn = (...message: unknown[]): unknown =>
  BUILT_IN & F_DEBUG && options & F_DEBUG && console.warn('[hsq]', ...message);

/**
 * Calls `fn` and returns its result; its errors, and calling what is no
 * function (a page's odd listener), never reach the host page. The one
 * guard around every entry point: queue items, listeners, the page's
 * callbacks and start-up.
 */
export const call = <T>(fn: unknown, ...args: unknown[]): T | undefined => {
  try {
    return (fn as (...args: unknown[]) => T)(...args);
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
