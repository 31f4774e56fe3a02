/**
 * Making events: each gets an id, the time, the page URL and, with
 * consent, the visitor's token and session; a pending identity rides on
 * the next one. Every event type goes through `track`.
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

/** The URL of the page as tracked: setPath's, else the address bar's. */
export const pageUrl = (): string => S._path || location.href;

/** True while nothing at all may be sent. */
export const isOff = (): number => S._f & (F_BLOCKED | F_DO_NOT_TRACK);

/**
 * Records one event and sends it at once (or with the others at load).
 * Without consent only page views leave, anonymous: no cookie, no token.
 * Empty fields ('' or undefined) are left out.
 */
export const track = (type: WireEventType, fields: Partial<WireEvent>) => {
  const anonymous = S._f & F_ANONYMOUS;
  if (isOff() || (anonymous && type !== PAGE_VIEW)) return;

  // 32 random hex digits: randomUUID needs a secure context
  const event: Record<string, unknown> = {
    i: randomHex(16),
    t: type,
    ts: Date.now(),
    u: pageUrl(),
    ...fields,
  };
  if (anonymous) {
    event.an = 1;
  } else {
    const visit = touchVisit(type === PAGE_VIEW);
    event.vi = visit[V_UTK];
    event.ss = visit[V_START];
    event.sc = visit[V_COUNT];
    event.fv = visit[V_FIRST];
    // identify pushed before load belongs to the first page view
    if (type === PAGE_VIEW || !(S._f & F_HOLD)) {
      event.em ||= S._em;
      event.ii = S._ii;
      S._em = S._ii = '';
    }
    notifyIdentity();
  }
  // overlong texts are cut by the collector, not here
  for (const key in event) if (!event[key]) delete event[key];
  S._buf.push(event as unknown as WireEvent);
  if (!(S._f & F_HOLD)) flush();
};

/** A page view of the page as tracked now. */
export const trackPageView = (): void => {
  const url = pageUrl();
  S._f |= F_VIEWED;
  track(PAGE_VIEW, { r: S._ref, ti: document.title, ct: S._ct });
  // an anonymous view keeps the referrer for the view re-sent on consent
  if (!(S._f & F_ANONYMOUS)) S._ref = url;
};
