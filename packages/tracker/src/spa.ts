/**
 * Single-page apps (data-spa, an opt-in build flag): a page view whenever
 * the history API or the hash changes the full URL.
 */
import { clearPath, trackPageView } from './events';
import { call, on } from './state';

let lastHref = '';

/** A page view when the full URL changed. */
const onHistory = (): void => {
  if (location.href === lastHref) return;
  lastHref = location.href;
  clearPath();
  trackPageView();
};

/** Hooks pushState, replaceState, popstate and hashchange. */
export const watchHistory = (): void => {
  lastHref = location.href;
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name];
    history[name] = (...args: Parameters<History['pushState']>) => {
      original.apply(history, args);
      call(onHistory);
    };
  }
  on('popstate', onHistory);
  on('hashchange', onHistory);
};
