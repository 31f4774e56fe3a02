/**
 * Reading and writing cookies on the registrable domain, and the visit
 * they carry (formats in visit.ts).
 */
import { cookieDomain, urchinHash } from './domain-hash';
import {
  formatHssc,
  formatHstc,
  nextVisit,
  SESSION_TIMEOUT_MS,
  V_UTK,
  V_VIEWS,
  VISITOR_COOKIE_MAX_AGE_MS,
  type Visit,
} from './visit';

export const HSTC = '__hstc';
export const HSSC = '__hssc';
export const HSSRC = '__hssrc';
export const UTK = 'hubspotutk';
export const DO_NOT_TRACK = '__hs_do_not_track';
/** The consent choice: 'yes' opted out, 'no' consented. */
export const OPT_OUT = '__hs_opt_out';

const domain = () => cookieDomain(location.hostname);

/** Cross-domain links carry the cookies in the query: read on landing only. */
let landing = 1;

/** A cookie's value, or undefined. */
export function readCookie(name: string): string | undefined {
  // names are plain [a-z_]: no escaping needed
  return document.cookie.match(`(^|; )${name}=([^;]*)`)?.[2];
}

/**
 * Sets (or with maxAgeMs 0, deletes) a cookie on the registrable domain;
 * a session cookie without maxAgeMs. Falls back to a host-only cookie when
 * the browser refuses the domain (a public suffix the heuristic missed).
 */
export function writeCookie(name: string, value: string, maxAgeMs?: number) {
  const base = `${name}=${value};path=/;samesite=lax${
    maxAgeMs === undefined ? '' : `;max-age=${(maxAgeMs / 1000) | 0}`
  }${location.protocol === 'https:' ? ';secure' : ''}`;
  // the Cookie Store API is async and missing in Firefox and Safari < 18.4
  // biome-ignore lint/suspicious/noDocumentCookie: see above
  document.cookie = `${base};domain=${domain()}`;
  // biome-ignore lint/suspicious/noDocumentCookie: see above
  if ((readCookie(name) || '') !== value) document.cookie = base;
}

/** Random hex digits (2 per byte). */
export function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    (b | 256).toString(16).slice(1),
  ).join('');
}

/**
 * Advances the visit from the cookies (or the cross-domain query
 * parameters, which win) and writes them back; `views` page views added.
 */
export function touchVisit(views: number): Visit {
  const query = new URLSearchParams(landing ? location.search : '');
  landing = 0;
  const linked = query.get(HSSC);
  const visit = nextVisit(
    Date.now(),
    urchinHash(domain()),
    randomHex(16),
    query.get(HSTC) || readCookie(HSTC),
    linked || (readCookie(HSSRC) ? readCookie(HSSC) : undefined),
    readCookie(UTK),
  );
  visit[V_VIEWS] += views;
  writeCookie(HSTC, formatHstc(visit), VISITOR_COOKIE_MAX_AGE_MS);
  writeCookie(UTK, visit[V_UTK], VISITOR_COOKIE_MAX_AGE_MS);
  writeCookie(HSSC, formatHssc(visit), SESSION_TIMEOUT_MS);
  writeCookie(HSSRC, '1');
  return visit;
}

/** Deletes the tracking cookies (revoked consent). */
export function clearVisitCookies(): void {
  for (const name of [HSTC, HSSC, HSSRC, UTK]) writeCookie(name, '', 0);
}
