/**
 * Making events: each gets an id, the time, the page URL and, with
 * consent, the visitor's token and session; a pending identity rides on
 * the next one.
 */
import { randomHex, touchVisit } from './cookies';
import { notifyIdentity } from './privacy';
import {
  F_ANONYMOUS,
  F_BLOCKED,
  F_DO_NOT_TRACK,
  F_HOLD,
  F_VIEWED,
  S,
} from './state';
import { flush } from './transport';
import { V_COUNT, V_FIRST, V_START, V_UTK } from './visit';
import type { WireEvent, WireEventType } from './wire';

const PAGE_VIEW = 'pv';

/**
 * Longest text per key, as the collector bounds it (default 128): one
 * overlong value would otherwise get the whole batch refused.
 */
const MAX_CHARS: Record<string, number> = {
  u: 2048,
  r: 2048,
  h: 2048,
  ti: 512,
  cx: 256,
  em: 254,
  ct: 64,
};

/** A unique event id. */
const eventId = (): string => crypto.randomUUID?.() || randomHex(16);

/** The URL of the page as tracked: setPath's, else the address bar's. */
export const pageUrl = (): string => S._path || location.href;

/** True while nothing at all may be sent. */
export const isOff = (): number => S._f & (F_BLOCKED | F_DO_NOT_TRACK);

/**
 * Records one event and sends it at once (or with the others at load).
 * Without consent only page views leave, anonymous: no cookie, no token.
 */
export function track(type: WireEventType, fields: Partial<WireEvent>) {
  const anonymous = S._f & F_ANONYMOUS;
  if (isOff() || (anonymous && type !== PAGE_VIEW)) return;

  const event: WireEvent = {
    i: eventId(),
    t: type,
    ts: Date.now(),
    u: pageUrl(),
    ...fields,
  };
  if (anonymous) {
    event.an = 1;
  } else {
    const visit = touchVisit(type === PAGE_VIEW ? 1 : 0);
    event.vi = visit[V_UTK];
    event.ss = visit[V_START];
    event.sc = visit[V_COUNT];
    event.fv = visit[V_FIRST];
    // identify pushed before load belongs to the first page view
    if (type === PAGE_VIEW || !(S._f & F_HOLD)) {
      event.em = event.em || S._em;
      event.ii = S._ii;
      S._em = S._ii = undefined;
    }
    notifyIdentity();
  }
  for (const [key, value] of Object.entries(event)) {
    if (typeof value === 'string') {
      (event as unknown as Record<string, string>)[key] = value.slice(
        0,
        MAX_CHARS[key] || 128,
      );
    }
  }
  S._buf.push(event);
  if (!(S._f & F_HOLD)) flush();
}

/** A page view of the page as tracked now. */
export function trackPageView(): void {
  const url = pageUrl();
  S._f |= F_VIEWED;
  track(PAGE_VIEW, {
    r: S._ref || undefined,
    ti: document.title || undefined,
    ct: S._ct,
  });
  // an anonymous view keeps the referrer for the view re-sent on consent
  if (!(S._f & F_ANONYMOUS)) S._ref = url;
}

/** Sends a pending identity on its own when no other event took it. */
export function sendIdentity(): void {
  if (S._em || S._ii) track('id', {});
}
