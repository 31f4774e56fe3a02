/**
 * The commands of `_hsq` and `_hsp`, with the names and arguments of the
 * original tracking code. Both queues share this table; a name not in it
 * is ignored.
 */
import {
  type Bag,
  doNotTrack,
  identify,
  off,
  setContentType,
  setPath,
  text,
  track,
  trackPageView,
  viewed,
} from './events';
import { BUILT_IN } from './features';
import {
  addConsentListener,
  addIdentityListener,
  anonymous,
  setConsent,
} from './privacy';
import { call, F_DEBUG, warn } from './state';
import type { WireEvent } from './wire';

type Args = unknown[];
type Props = NonNullable<WireEvent['pr']>;

/**
 * Longest JSON of one event's properties: with the rest of the event it
 * still fits a batch (BATCH_MAX_CHARS), so no event is too large to send.
 */
const MAX_PROPERTIES_CHARS = 16_000;

/**
 * A custom event. Its properties are copied as JSON now (a later change
 * by the page is not sent); properties that are no JSON (a BigInt, a
 * cycle) or too long send nothing. The collector keeps the first 50
 * scalar ones and cuts texts.
 */
const customEvent = (name: unknown, props: unknown) => {
  // spread: any value becomes an object (none, a string, an array)
  const json = JSON.stringify({ ...(props as object) });
  if (text(name) && json.length <= MAX_PROPERTIES_CHARS) {
    track('ce', { n: text(name), pr: JSON.parse(json) as Props });
  }
};

const revoke = () => setConsent(false);

/**
 * Command name → handler. No prototype: `constructor` or `toString` are
 * no commands. `refreshPageHandlers` (clicks and submits are caught at
 * the window, so new markup needs nothing) and `showBanner` (there is no
 * banner) have nothing to do: like every unknown command, they are
 * ignored. Handlers may throw: callers catch. An argument read as an
 * object (`bag?.name`) may be any value: a primitive's property is its
 * wrapper's, as with Object(value).
 */
const COMMANDS = {
  __proto__: null,
  setPath,
  trackPageView,
  identify,
  trackCustomBehavioralEvent: (event?: Bag) =>
    customEvent(event?.name, event?.properties),
  // legacy: ['trackEvent', {id, value}] or ['trackEvent', id, value]
  trackEvent: (event?: Bag, value?: unknown) =>
    customEvent(event?.id ?? event, { value: event?.value ?? value }),
  setContentType,
  doNotTrack,
  revokeCookieConsent: revoke,
  addPrivacyConsentListener: addConsentListener,
  addIdentityListener,
  setHubSpotConsent: (choice?: Bag) => {
    const wasAnonymous = anonymous;
    if (choice?.analytics !== true) return revoke();
    setConsent(true);
    // the page was seen anonymously: count it again with the visitor
    if (wasAnonymous && viewed && !off) trackPageView();
  },
} as unknown as Record<string, ((...args: Args) => unknown) | undefined>;

/** Runs one queue item: a function, or [name, ...args]. Never throws. */
export const run = (item: unknown): unknown =>
  call(() => {
    if (typeof item === 'function') return item();
    const [name, ...args] = item as Args;
    if (BUILT_IN & F_DEBUG && !COMMANDS[name as string]) warn(name);
    COMMANDS[name as string]?.(...args);
  });
