import type { WireEventInput } from '../schemas/wire';
import { type Campaign, parseUrl, type Utm } from '../sources/campaign';
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
  /**
   * Country of the request that brought the event, as the edge named it;
   * absent on events stored before countries were kept.
   */
  country?: string | null;
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

// ISO 3166 alpha-2, or Cloudflare's own two-character codes (T1 for Tor,
// XX for unknown).
const COUNTRY_CODE = /^[A-Z][A-Z0-9]$/;

function normalEmail(value: string | undefined): string | null {
  const email = value?.trim().toLowerCase();
  return email && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
}

/** What a page URL and its referrer say about the arrival. */
interface ArrivalFacts {
  source: Source | null;
  campaign: Campaign;
  hasReferrer: boolean;
  arrival: string | null;
}

/** Classifies the arrival of one URL and referrer pair. */
export type ArrivalClassifier = (
  url: string,
  referrer: string | undefined,
) => ArrivalFacts;

/** Distinct URL and referrer pairs one classifier remembers. */
const MAX_REMEMBERED_ARRIVALS = 10_000;

/**
 * An arrival classifier for one portal that parses and classifies each
 * distinct URL and referrer pair once: the events of a batch mostly
 * repeat the same pages, and parsing URLs is most of the work.
 */
export function arrivalClassifier(
  portalDomains: readonly string[],
): ArrivalClassifier {
  const known = new Map<string, ArrivalFacts>();
  return (url, referrerText) => {
    const key = `${url}\n${referrerText ?? ''}`;
    const remembered = known.get(key);
    if (remembered) return remembered;
    const referrer = parseUrl(referrerText);
    const { source, campaign } = classifyArrival({
      page: parseUrl(url),
      referrer,
      portalDomains,
    });
    const hasReferrer = referrer !== null;
    const facts: ArrivalFacts = {
      source,
      campaign,
      hasReferrer,
      arrival: arrivalOf(campaign.utm, campaign.clickId, source, hasReferrer),
    };
    if (known.size < MAX_REMEMBERED_ARRIVALS) known.set(key, facts);
    return facts;
  };
}

/**
 * Prepares one wire event: classifies its arrival and names custom
 * events for link clicks.
 */
export function prepareEvent(
  event: WireEventInput,
  receivedAt: number,
  classify: ArrivalClassifier,
  contentType: string | null,
  country: string | null = null,
): PreparedEvent {
  const { source, campaign, hasReferrer, arrival } = classify(event.u, event.r);
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
    referrer: hasReferrer ? (event.r ?? null) : null,
    title: event.ti ?? null,
    contentType,
    utm: campaign.utm,
    clickIdName: campaign.clickIdName,
    clickId: campaign.clickId,
    source,
    classifierVersion: CLASSIFIER_VERSION,
    arrival,
    cta: event.t === 'cta' ? (event.ci ?? event.cx ?? null) : null,
    form: event.t === 'form' ? (event.fi ?? null) : null,
    eventName,
    properties,
    email: normalEmail(event.em),
    externalId: event.ii ?? null,
    country: country !== null && COUNTRY_CODE.test(country) ? country : null,
  };
}
