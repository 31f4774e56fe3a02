/**
 * The commands of `_hsq` and `_hsp`, with the names and arguments of the
 * original tracking code. Both queues share this table; a name not in it
 * is ignored.
 */
import { DO_NOT_TRACK, VISITOR_MAX_AGE_S, writeCookie } from './cookies';
import { isOff, track, trackPageView } from './events';
import { BUILT_IN } from './features';
import { addConsentListener, addIdentityListener, setConsent } from './privacy';
import {
  call,
  F_ANONYMOUS,
  F_DEBUG,
  F_DO_NOT_TRACK,
  F_VIEWED,
  S,
  warn,
} from './state';
import type { WireEvent } from './wire';

type Args = unknown[];
type Props = NonNullable<WireEvent['pr']>;
/** What a command receives: any value, read as an object when it is one. */
type Bag = Record<string, unknown>;

/** The content types the original knows; others are sent but warned. */
const CONTENT_TYPES =
  /^((standard|landing|listing)-page|blog-post|knowledge-article)$/;

/** Strings and numbers as text; anything else is no value. */
const text = (value: unknown) =>
  /^[sn]/.test(typeof value) ? `${value}` : undefined;

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

let contentTypeWarned = 0;

const revoke = () => setConsent(false);

const noop = () => {};

/**
 * Command name → handler. No prototype: `constructor` or `toString` are
 * no commands. Handlers may throw: callers catch.
 */
const COMMANDS = {
  __proto__: null,
  setPath: (path: unknown) => {
    S._path = new URL(path as string, location.href).href;
  },
  trackPageView,
  identify: (who: unknown) => {
    const bag: Bag = Object(who);
    S._em = text(bag.email) || S._em;
    S._ii = text(bag.id) || S._ii;
  },
  trackCustomBehavioralEvent: (event: unknown) => {
    const bag: Bag = Object(event);
    customEvent(bag.name, bag.properties);
  },
  // legacy: ['trackEvent', {id, value}] or ['trackEvent', id, value]
  trackEvent: (event: unknown, value: unknown) => {
    const bag: Bag = Object(event);
    customEvent(bag.id ?? event, { value: bag.value ?? value });
  },
  setContentType: (type: unknown) => {
    S._ct = text(type);
    if (
      BUILT_IN & F_DEBUG &&
      S._f & F_DEBUG &&
      !CONTENT_TYPES.test(`${type}`) &&
      !contentTypeWarned++
    ) {
      warn(type);
    }
  },
  doNotTrack: (option: unknown) => {
    const off = (Object(option) as Bag).track !== true;
    S._f = (S._f & ~F_DO_NOT_TRACK) | (off ? F_DO_NOT_TRACK : 0);
    S._buf = [];
    writeCookie(DO_NOT_TRACK, off ? 'yes' : '', off ? VISITOR_MAX_AGE_S : 0);
  },
  revokeCookieConsent: revoke,
  addPrivacyConsentListener: addConsentListener,
  addIdentityListener,
  // clicks and submits are caught at the window: new markup needs nothing
  refreshPageHandlers: noop,
  showBanner: noop,
  setHubSpotConsent: (choice: unknown) => {
    const wasAnonymous = S._f & F_ANONYMOUS;
    if ((Object(choice) as Bag).analytics !== true) return revoke();
    setConsent(true);
    // the page was seen anonymously: count it again with the visitor
    if (wasAnonymous && S._f & F_VIEWED && !isOff()) trackPageView();
  },
} as unknown as Record<string, ((...args: Args) => unknown) | undefined>;

/** Runs one queue item: a function, or [name, ...args]. Never throws. */
export const run = (item: unknown): unknown =>
  call(() => {
    if (typeof item === 'function') return item();
    const [name, ...args] = item as Args;
    const command = COMMANDS[name as string];
    if (BUILT_IN & F_DEBUG && !command) warn(name);
    command?.(...args);
  });
