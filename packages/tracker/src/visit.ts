/**
 * The visitor and session kept in the original tracking code's cookies:
 * `__hstc` = domainHash.utk.firstVisit.prevSessionStart.sessionStart.
 * sessionCount and `__hssc` = domainHash.pageviews.sessionStart. Pure:
 * the browser side reads and writes the cookies (see cookies.ts).
 */

/** A session ends after this much idle time: `__hssc`'s max-age. */
export const SESSION_TIMEOUT_MS = 30 * 60 * 1000;

/** Lifetime of `__hstc`, `hubspotutk` and the privacy cookies: 6 months. */
export const VISITOR_COOKIE_MAX_AGE_MS = 183 * 24 * 60 * 60 * 1000;

/**
 * A visit as a tuple (short in the bundle): the `__hstc` parts in their
 * order, then the session's page views. Times in ms since the epoch.
 * touchVisit (cookies.ts) writes the first six joined by dots as `__hstc`,
 * and hash, page views and session start as `__hssc`.
 */
export type Visit = [
  hash: number,
  utk: string,
  firstVisit: number,
  prevSessionStart: number,
  sessionStart: number,
  sessionCount: number,
  pageViews: number,
];

/** Indexes into a Visit. */
export const V_UTK = 1;
export const V_FIRST = 2;
export const V_START = 4;
export const V_COUNT = 5;
export const V_VIEWS = 6;

// times have 13 digits (2001-2286): anything else is no valid cookie
const HSTC_FORMAT = /^\d+\.[\da-f]{32}(\.\d{13}){3}\.\d+$/;
const HSSC_FORMAT = /^\d+\.\d+\.\d+$/;
const UTK_FORMAT = /^[\da-f]{32}$/;

/**
 * The visit as of `now`, from the cookies' values (invalid ones count as
 * absent). `hssc` is the live session cookie: the caller passes it only
 * while it exists (it expires SESSION_TIMEOUT_MS after the last page
 * view, and `__hssrc` is gone after a browser restart), so a missing one
 * starts a new session: sessionStart = now, sessionCount + 1,
 * prevSessionStart = the old sessionStart. `views` page views are added
 * to the session's. `newUtk` is used when no visitor token is known.
 */
export const nextVisit = (
  now: number,
  hash: number,
  newUtk: string,
  hstc?: string,
  hssc?: string,
  utk?: string,
  views = 0,
): Visit => {
  // a missing value tests as "undefined": never valid
  const known = HSTC_FORMAT.test(hstc as string);
  // a new visitor is a known one with no session yet, first seen now
  const [, token, first, prev, start, count] = known
    ? (hstc as string).split('.')
    : [hash, UTK_FORMAT.test(utk as string) ? utk : newUtk, now, now, now, 0];
  return known && HSSC_FORMAT.test(hssc as string)
    ? [
        hash,
        token as string,
        +first,
        +prev,
        +start,
        +count,
        +(hssc as string).split('.')[1] + views,
      ]
    : [hash, token as string, +first, +start, now, +count + 1, views];
};
