/**
 * Making events: each gets an id, the time, the page URL and, with
 * consent, the visitor's token and session; a pending identity rides on
 * the next one. Every event type goes through `track`, and the state the
 * events are made from lives here.
 */
import {
  DO_NOT_TRACK,
  randomHex,
  readCookie,
  touchVisit,
  VISITOR_MAX_AGE_S,
  writeCookie,
} from './cookies';
import { BUILT_IN } from './features';
import { anonymous, notifyIdentity } from './privacy';
import { F_DEBUG, F_RESPECT_DNT, options, warn } from './state';
import { buffer, flush } from './transport';
import type { WireEvent, WireEventType } from './wire';

// Flags and texts start undefined (falsy, no initialiser in the bundle).

/** URL set by setPath (absolute), or none for location.href */
let path: string | undefined;
/** referrer of the next page view */
let ref: string;
/** content type set by setContentType */
let contentType: string | undefined;
/** identity waiting to ride on the next event ('' or undefined for none) */
export let email: string | undefined;
export let userId: string | undefined;
/** a bot, Global Privacy Control or Do-Not-Track: nothing is ever sent */
let blocked: boolean | undefined;
/** nothing at all may be sent: blocked, or the doNotTrack command */
export let off: boolean | undefined;
/**
 * the queue left before load has been replayed; until then events wait to
 * leave as one batch
 */
let live: boolean | undefined;
/** the first page view is out */
export let viewed: boolean | undefined;

/** The URL of the page as tracked: setPath's, else the address bar's. */
export const pageUrl = (): string => path || location.href;

/**
 * Opens the page at start: the referrer of the first page view, the
 * privacy signals that block everything and the doNotTrack cookie.
 */
export const open = (): void => {
  ref = document.referrer;
  // bots, Global Privacy Control, Do-Not-Track where asked to honour it
  blocked =
    navigator.webdriver ||
    /headless|phantomjs/i.test(navigator.userAgent) ||
    (navigator as Navigator & { globalPrivacyControl?: boolean })
      .globalPrivacyControl;
  if (
    BUILT_IN & F_RESPECT_DNT &&
    options & F_RESPECT_DNT &&
    navigator.doNotTrack === '1'
  ) {
    blocked = true;
  }
  off = blocked || readCookie(DO_NOT_TRACK) === 'yes';
};

/** Ends the replay at load: the first page view, then one batch. */
export const release = (): void => {
  if (!viewed) trackPageView();
  live = true;
  flush();
};

/**
 * Records one event and sends it at once (or with the others at load).
 * Without consent only page views leave, anonymous: no cookie, no token.
 * Empty fields ('' or undefined) are left out.
 */
export const track = (type: WireEventType, fields: Partial<WireEvent>) => {
  if (off || (anonymous && type !== 'pv')) return;

  const event: Record<string, unknown> = {
    i: randomHex(),
    t: type,
    ts: Date.now(),
    u: pageUrl(),
    ...fields,
  };
  if (anonymous) {
    event.an = 1;
  } else {
    touchVisit(event, type === 'pv');
    // identify pushed before load belongs to the first page view
    if (type === 'pv' || live) {
      event.em ||= email;
      event.ii = userId;
      email = userId = '';
    }
    notifyIdentity();
  }
  // overlong texts are cut by the collector, not here
  for (const key in event) if (!event[key]) delete event[key];
  buffer.push(event as unknown as WireEvent);
  if (live) flush();
};

/** A page view of the page as tracked now. */
export const trackPageView = (): void => {
  const url = pageUrl();
  viewed = true;
  track('pv', { r: ref, ti: document.title, ct: contentType });
  // an anonymous view keeps the referrer for the view re-sent on consent
  if (!anonymous) ref = url;
};

/** Strings and numbers as text; anything else is no value (''). */
export const text = (value: unknown): string =>
  /^[sn]/.test(typeof value) ? `${value}` : '';

/** What a command receives: any value, read as an object when it is one. */
export type Bag = Record<string, unknown>;

// The commands that change the state above (the others: commands.ts).

/** setPath: the URL of the next events, relative to the page's. */
export const setPath = (url: unknown): void => {
  path = new URL(url as string, location.href).href;
};

/** Back to the address bar's URL (data-spa, on a history change). */
export const clearPath = (): void => {
  path = undefined;
};

/** identify: an email and/or id for the next event. */
export const identify = (who?: Bag): void => {
  email = text(who?.email) || email;
  userId = text(who?.id) || userId;
};

/** The content types the original knows; others are sent but warned. */
const CONTENT_TYPES =
  /^((standard|landing|listing)-page|blog-post|knowledge-article)$/;

let contentTypeWarned = 0;

/** setContentType: the content type of the next page views. */
export const setContentType = (type: unknown): void => {
  contentType = text(type);
  if (
    BUILT_IN & F_DEBUG &&
    options & F_DEBUG &&
    !CONTENT_TYPES.test(`${type}`) &&
    !contentTypeWarned++
  ) {
    warn(type);
  }
};

/** doNotTrack: stops all tracking, here and on later pages, or resumes. */
export const doNotTrack = (option?: Bag): void => {
  const stop = option?.track !== true;
  off = blocked || stop;
  buffer.length = 0;
  writeCookie(DO_NOT_TRACK, stop ? 'yes' : '', stop ? VISITOR_MAX_AGE_S : 0);
};
