/**
 * Starting the tracker: the privacy checks, the queues left by the page
 * before the script loaded, the first page view, then automatic tracking.
 */
import { watch } from './auto';
import { run } from './commands';
import { off, open, release } from './events';
import { applyConsent } from './privacy';
import {
  call,
  F_CONSENT_REQUIRED,
  F_DEBUG,
  F_RESPECT_DNT,
  F_SPA,
  setOptions,
} from './state';
import { buffer, sendTo, unsent } from './transport';

/** Where and how to track; the snippet reads it from its script tag. */
export interface TrackerConfig {
  /** portal id */
  portal: string;
  /** absolute URL of the collect endpoint */
  endpoint: string;
  /** page views on history changes (pushState, popstate, hashchange) */
  spa?: boolean;
  /** anonymous page views only, no cookie, until consent */
  consentRequired?: boolean;
  /** honour navigator.doNotTrack */
  respectDnt?: boolean;
  /** warnings on the console */
  debug?: boolean;
}

/** Items in `_hsq`/`_hsp` before load, then `push` as a direct call. */
type Queue = unknown[] & { push: (...items: unknown[]) => number };

const adopt = (w: Record<string, unknown>, name: string): void => {
  const existing = w[name];
  const queue: Queue = Array.isArray(existing) ? existing : [];
  w[name] = queue;
  while (queue.length) run(queue.shift());
  queue.push = (...items) => {
    items.map(run);
    return 0;
  };
};

/**
 * Starts tracking the page once per window; later calls do nothing.
 * `flags`: F_SPA, F_CONSENT_REQUIRED, F_RESPECT_DNT, F_DEBUG. Never throws.
 */
export const start = (endpoint: string, portal: string, flags: number) => {
  const w = window as unknown as Record<string, unknown>;
  // marks a running tracker: a second copy stops
  if (w.hsqStarted) return;
  w.hsqStarted = 1;
  sendTo(portal, endpoint);
  setOptions(flags);
  call(() => {
    open();
    applyConsent();

    const kept = unsent();
    if (!off) buffer.push(...kept);
    adopt(w, '_hsp');
    adopt(w, '_hsq');
    release();
    watch();
  });
};

/**
 * Starts tracking the page: the entry for bundler users. Once per window;
 * never throws.
 * @example
 * startTracker({ portal: '123', endpoint: 'https://c.example/v1/collect' });
 */
export const startTracker = (config: TrackerConfig): void => {
  start(
    config.endpoint,
    config.portal,
    (config.spa ? F_SPA : 0) |
      (config.consentRequired ? F_CONSENT_REQUIRED : 0) |
      (config.respectDnt ? F_RESPECT_DNT : 0) |
      (config.debug ? F_DEBUG : 0),
  );
};
