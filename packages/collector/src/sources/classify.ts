import {
  type Campaign,
  campaignOf,
  hasUtm,
  PAID_SEARCH_CLICK_IDS,
  PAID_SOCIAL_CLICK_IDS,
  type Utm,
} from './campaign';
import {
  isGoogleHost,
  isSocialSourceName,
  referrerKindOf,
  registrableDomainOf,
} from './referrers';

/** Bumped whenever a rule changes; stored with every session. */
export const CLASSIFIER_VERSION = 1;

/** Session sources, as the API returns them. */
export type Source =
  | 'organic_search'
  | 'paid_search'
  | 'email_marketing'
  | 'organic_social'
  | 'paid_social'
  | 'referrals'
  | 'ai_referrals'
  | 'direct_traffic'
  | 'other_campaigns'
  | 'offline_sources'
  | 'sales';

/** The inputs of one classification. */
export interface Arrival {
  /** The landing page URL. */
  page: URL | null;
  /** document.referrer, parsed; null when empty or not a URL. */
  referrer: URL | null;
  /** Host names the portal owns: referrers from them are internal. */
  portalDomains: readonly string[];
}

/** A classification: a source, or null for an internal referrer. */
export interface Classification {
  source: Source | null;
  campaign: Campaign;
}

const PAID_PATTERN = /adword|ppc|cpc/;
const PAID_MEDIUM_PATTERN = /paid|ppc|cpc/;
const PAID_SOCIAL_PATTERN = /paid[\s_-]?social/;

function socialMedium(medium: string | null): boolean {
  if (!medium) return false;
  const value = medium.toLowerCase();
  // "paidsocial" is paid, not organic (rule 3).
  if (PAID_MEDIUM_PATTERN.test(value)) return false;
  return value.includes('social') || value === 'sm';
}

function utmValues(utm: Utm): string[] {
  return [utm.campaign, utm.source, utm.medium, utm.content, utm.term]
    .filter((v): v is string => v !== null)
    .map((v) => v.toLowerCase());
}

/** True when the referrer is the page's own site or one of the portal's. */
export function isInternalReferrer(arrival: Arrival): boolean {
  const { referrer, page } = arrival;
  if (!referrer) return false;
  const host = referrer.hostname.toLowerCase();
  const domain = registrableDomainOf(host);
  if (page && registrableDomainOf(page.hostname) === domain) return true;
  return arrival.portalDomains.some(
    (d) => host === d || registrableDomainOf(d) === domain,
  );
}

/**
 * Classifies how a visitor arrived, first matching rule wins (see
 * docs/collector.md for the table). Returns `source: null` for a bare
 * arrival from an internal referrer, which does not start a new source.
 */
export function classifyArrival(arrival: Arrival): Classification {
  const campaign = campaignOf(arrival.page);
  const { utm, clickIdName, sourceParam } = campaign;
  const values = utmValues(utm);
  const anyUtm = hasUtm(utm);
  const referrer = arrival.referrer;
  const kind = referrer ? referrerKindOf(referrer) : null;
  const socialSource = utm.source !== null && isSocialSourceName(utm.source);
  const socialRef = kind === 'social';
  const source = (value: Source): Classification => ({
    source: value,
    campaign,
  });

  if (socialMedium(utm.medium) && (socialSource || socialRef)) {
    return source('organic_social');
  }
  if (
    PAID_PATTERN.test(sourceParam?.toLowerCase() ?? '') ||
    (clickIdName !== null && PAID_SEARCH_CLICK_IDS.has(clickIdName))
  ) {
    return source('paid_search');
  }
  const paidMedium = PAID_MEDIUM_PATTERN.test(utm.medium?.toLowerCase() ?? '');
  if (
    (paidMedium && (socialSource || socialRef)) ||
    values.some((v) => PAID_SOCIAL_PATTERN.test(v)) ||
    (clickIdName !== null && PAID_SOCIAL_CLICK_IDS.has(clickIdName))
  ) {
    return source('paid_social');
  }
  // Google's search hosts only: Gmail or Docs on google.com are no ad click.
  const googleRef =
    referrer !== null && kind === 'search' && isGoogleHost(referrer.hostname);
  if ((anyUtm && googleRef) || values.some((v) => PAID_PATTERN.test(v))) {
    return source('paid_search');
  }
  if (values.some((v) => /e-?mail/.test(v))) return source('email_marketing');
  if (anyUtm) return source('other_campaigns');

  if (!referrer) return source('direct_traffic');
  if (kind === 'social') return source('organic_social');
  if (kind === 'webmail' || kind === 'rss') return source('direct_traffic');
  if (kind === 'search') return source('organic_search');
  if (kind === 'ai') return source('ai_referrals');
  if (isInternalReferrer(arrival)) return { source: null, campaign };
  return source('referrals');
}
