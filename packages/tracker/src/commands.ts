/**
 * The commands of `_hsq` and `_hsp`, with the names and arguments of the
 * original tracking code. Both queues share this table; a name not in it
 * is ignored.
 */
import { DO_NOT_TRACK, writeCookie } from './cookies';
import { isOff, track, trackPageView } from './events';
import { addConsentListener, addIdentityListener, setConsent } from './privacy';
import { F_ANONYMOUS, F_DO_NOT_TRACK, F_VIEWED, S, warn } from './state';
import { VISITOR_COOKIE_MAX_AGE_MS } from './visit';
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
            (item === null ||
              /^(n|bo)/.test(typeof item) ||
              (typeof item === 'string' &&
                item.length <= MAX_PROPERTY_TEXT_CHARS)),
        )
        .slice(0, MAX_PROPERTIES),
    ) as Props,
  });

let contentTypeWarned = 0;

const revoke = () => setConsent(false);

const noop = () => {};

/** Command name → handler. Handlers may throw: callers catch. */
export const COMMANDS: Record<string, (...args: Args) => unknown> = {
  setPath: (path) => {
    S._path = new URL(`${path}`, location.href).href;
  },
  trackPageView,
  identify: (who) => {
    const { email, id } = Object(who) as Bag;
    S._em = text(email) || S._em;
    S._ii = text(id) || S._ii;
  },
  trackCustomBehavioralEvent: (event) => {
    const { name, properties } = Object(event) as Bag;
    customEvent(name, properties);
  },
  // legacy: ['trackEvent', {id, value}] or ['trackEvent', id, value]
  trackEvent: (event, value) => {
    const { id, value: amount } = Object(event) as Bag;
    customEvent(id ?? event, { value: amount ?? value });
  },
  setContentType: (type) => {
    S._ct = text(type) || undefined;
    if (!CONTENT_TYPES.test(`${type}`) && !contentTypeWarned++) {
      warn(type);
    }
  },
  doNotTrack: (option) => {
    const track = (Object(option) as Bag).track === true;
    S._f = track ? S._f & ~F_DO_NOT_TRACK : S._f | F_DO_NOT_TRACK;
    S._buf = [];
    writeCookie(
      DO_NOT_TRACK,
      track ? '' : 'yes',
      track ? 0 : VISITOR_COOKIE_MAX_AGE_MS,
    );
  },
  revokeCookieConsent: revoke,
  addPrivacyConsentListener: addConsentListener,
  addIdentityListener,
  // clicks and submits are caught at the document: new markup needs nothing
  refreshPageHandlers: noop,
  showBanner: noop,
  setHubSpotConsent: (choice) => {
    const wasAnonymous = S._f & F_ANONYMOUS;
    if ((Object(choice) as Bag).analytics !== true) return revoke();
    setConsent(true);
    // the page was seen anonymously: count it again with the visitor
    if (wasAnonymous && S._f & F_VIEWED && !isOff()) trackPageView();
  },
};

/** Runs one queue item: a function, or [name, ...args]. Never throws. */
export function run(item: unknown): unknown {
  try {
    if (typeof item === 'function') return item();
    const [name, ...args] = item as Args;
    // biome-ignore lint/suspicious/noPrototypeBuiltins: Safari < 15.4
    if ({}.hasOwnProperty.call(COMMANDS, name as string)) {
      COMMANDS[name as string](...args);
    } else warn(name);
  } catch (error) {
    warn(error);
  }
}
