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

/** Custom event properties: at most 50 scalars; others are left out. */
const MAX_PROPERTIES = 50;

/** Longest property name and text value the collector accepts. */
const MAX_PROPERTY_NAME_CHARS = 64;
const MAX_PROPERTY_TEXT_CHARS = 512;

/** Strings and numbers as text; anything else is no value. */
const text = (value: unknown) =>
  /^[sn]/.test(typeof value) ? `${value}` : undefined;

// bigint would break JSON, objects are unbounded: scalars only
const customEvent = (name: unknown, props: unknown) =>
  text(name) &&
  track('ce', {
    n: text(name),
    pr: Object.fromEntries(
      Object.entries(Object(props))
        .filter(
          ([key, item]) =>
            key &&
            key.length <= MAX_PROPERTY_NAME_CHARS &&
            (item === null || /^(nu|bo|st)/.test(typeof item)) &&
            !((item as string)?.length > MAX_PROPERTY_TEXT_CHARS),
        )
        .slice(0, MAX_PROPERTIES),
    ) as Props,
  });

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
