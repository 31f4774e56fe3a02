import type { WireEventInput } from '../schemas/wire';
import { parseUrl, type Utm } from '../sources/campaign';
import {
  CLASSIFIER_VERSION,
  classifyArrival,
  type Source,
} from '../sources/classify';

/** Properties stored with a custom event. */
export type Properties = Record<string, string | number | boolean | null>;

/**
 * One tracked event, ready for a visitor's Durable Object: validated,
 * classified, and typed with the content type in force when it arrived.
 * Everything here is fixed once the event is first stored.
 */
export interface PreparedEvent {
  id: string;
  type: WireEventInput['t'];
  ts: number;
  receivedAt: number;
  url: string;
  referrer: string | null;
  title: string | null;
  contentType: string | null;
  utm: Utm;
  clickIdName: string | null;
  clickId: string | null;
  /** Classified source of arriving here; null for internal referrers. */
  source: Source | null;
  /** Version of the classifier that gave `source`. */
  classifierVersion: number;
  /** Campaign or source signature; null for a bare event (continues). */
  arrival: string | null;
  cta: string | null;
  form: string | null;
  eventName: string | null;
  properties: Properties | null;
  email: string | null;
  externalId: string | null;
}

function arrivalOf(
  utm: Utm,
  clickId: string | null,
  source: Source | null,
  hasReferrer: boolean,
): string | null {
  const utmSet = [utm.campaign, utm.source, utm.medium, utm.content, utm.term];
  if (utmSet.some((v) => v !== null) || clickId !== null) {
    return `c|${utmSet.map((v) => v ?? '').join('|')}|${clickId ?? ''}`;
  }
  if (hasReferrer && source !== null) return `s|${source}`;
  return null;
}

function normalEmail(value: string | undefined): string | null {
  const email = value?.trim().toLowerCase();
  return email && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
}

/**
 * Prepares one wire event: parses its URL and referrer, classifies the
 * arrival and names custom events for link clicks.
 */
export function prepareEvent(
  event: WireEventInput,
  receivedAt: number,
  portalDomains: readonly string[],
  contentType: string | null,
): PreparedEvent {
  const page = parseUrl(event.u);
  const referrer = parseUrl(event.r);
  const { source, campaign } = classifyArrival({
    page,
    referrer,
    portalDomains,
  });
  let eventName = event.n ?? null;
  let properties: Properties | null = event.pr ?? null;
  if (event.t === 'out' || event.t === 'dl') {
    eventName = event.t === 'out' ? 'outbound_click' : 'file_download';
    properties = { href: event.h ?? null, text: event.cx ?? null };
  }

  return {
    id: event.i,
    type: event.t,
    ts: event.ts,
    receivedAt,
    url: event.u,
    referrer: referrer ? (event.r ?? null) : null,
    title: event.ti ?? null,
    contentType,
    utm: campaign.utm,
    clickIdName: campaign.clickIdName,
    clickId: campaign.clickId,
    source,
    classifierVersion: CLASSIFIER_VERSION,
    arrival: arrivalOf(campaign.utm, campaign.clickId, source, !!referrer),
    cta: event.t === 'cta' ? (event.ci ?? event.cx ?? null) : null,
    form: event.t === 'form' ? (event.fi ?? null) : null,
    eventName,
    properties,
    email: normalEmail(event.em),
    externalId: event.ii ?? null,
  };
}
