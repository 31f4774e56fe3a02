/**
 * Reading and writing cookies on the registrable domain, and the visit
 * they carry (formats in visit.ts).
 */
import { cookieDomain, urchinHash } from './domain-hash';
import {
  nextVisit,
  SESSION_TIMEOUT_MS,
  V_COUNT,
  V_FIRST,
  V_START,
  V_UTK,
  V_VIEWS,
  VISITOR_COOKIE_MAX_AGE_MS,
} from './visit';
import type { WireEvent } from './wire';

export const HSTC = '__hstc';
export const HSSC = '__hssc';
export const HSSRC = '__hssrc';
export const UTK = 'hubspotutk';
export const DO_NOT_TRACK = '__hs_do_not_track';
/** The consent choice: 'yes' opted out, 'no' consented. */
export const OPT_OUT = '__hs_opt_out';

/** Lifetime of the visitor and privacy cookies, in the unit of max-age. */
export const VISITOR_MAX_AGE_S = VISITOR_COOKIE_MAX_AGE_MS / 1000;

/** The page's query parameters (cross-domain cookies, `__hsfp`). */
export const query = () => new URLSearchParams(location.search);

/** Cross-domain links carry the cookies in the query: read on landing only. */
let landing = 1;

/** A cookie's value, or undefined. */
export const readCookie = (name: string): string | undefined =>
  // names are plain [a-z_]: no escaping needed
  document.cookie.match(`(^|; )${name}=([^;]*)`)?.[2];

/**
 * Sets a cookie on the registrable domain: a session cookie without
 * `maxAgeS`, deleted with 0. Falls back to a host-only cookie when the
 * browser refuses the domain (a public suffix the heuristic missed).
 */
export const writeCookie = (name: string, value: string, maxAgeS?: number) => {
  const base = `${name}=${value};path=/;samesite=lax${
    maxAgeS == null ? '' : `;max-age=${maxAgeS}`
  }${location.protocol === 'https:' ? ';secure' : ''}`;
  // the Cookie Store API is async and missing in Firefox and Safari < 18.4
  // biome-ignore lint/suspicious/noDocumentCookie: see above
  document.cookie = `${base};domain=${cookieDomain()}`;
  // a deletion (no cookie, '') also deletes any host-only copy: no harm
  // biome-ignore lint/suspicious/noDocumentCookie: see above
  if (readCookie(name) !== value) document.cookie = base;
};

/** 32 random hex digits: randomUUID needs a secure context. */
export const randomHex = (): string =>
  crypto
    .getRandomValues(new Uint8Array(16))
    .reduce((hex, byte) => hex + (byte | 256).toString(16).slice(1), '');

/**
 * Advances the visit from the cookies (or the cross-domain query
 * parameters, which win), `views` page views added, writes them back and
 * gives the event its visitor and session fields.
 */
export const touchVisit = (
  event: Partial<WireEvent>,
  views: number | boolean,
): void => {
  const linked = query();
  const visit = nextVisit(
    Date.now(),
    urchinHash(cookieDomain()),
    randomHex(),
    (landing && linked.get(HSTC)) || readCookie(HSTC),
    (landing && linked.get(HSSC)) || (readCookie(HSSRC) && readCookie(HSSC)),
    readCookie(UTK),
    +views,
  );
  landing = 0;
  // the formats of visit.ts, inline: the minifier wraps one-use helpers
  writeCookie(HSTC, visit.slice(0, V_VIEWS).join('.'), VISITOR_MAX_AGE_S);
  writeCookie(UTK, visit[V_UTK], VISITOR_MAX_AGE_S);
  writeCookie(
    HSSC,
    [visit[0], visit[V_VIEWS], visit[V_START]].join('.'),
    SESSION_TIMEOUT_MS / 1000,
  );
  writeCookie(HSSRC, '1');
  event.vi = visit[V_UTK];
  event.ss = visit[V_START];
  event.sc = visit[V_COUNT];
  event.fv = visit[V_FIRST];
};

/** Deletes the tracking cookies (revoked consent). */
export const clearVisitCookies = (): void => {
  [HSTC, HSSC, HSSRC, UTK].map((name) => writeCookie(name, '', 0));
};
