/** The five UTM parameters of a URL; absent ones are null. */
export interface Utm {
  campaign: string | null;
  source: string | null;
  medium: string | null;
  content: string | null;
  term: string | null;
}

/** What a landing URL says about how the visitor arrived. */
export interface Campaign {
  utm: Utm;
  /** First ad click id found, as `name=value`. */
  clickId: string | null;
  /** Name of that click id parameter (gclid, fbclid, …). */
  clickIdName: string | null;
  /** A non-UTM `source`/`src` parameter, as some ad platforms add. */
  sourceParam: string | null;
}

/**
 * Ad click id parameters, in the order they are looked for. gclid, gbraid
 * and wbraid are Google Ads; msclkid Microsoft Ads; the rest are social ad
 * networks.
 */
export const AD_CLICK_ID_PARAMS = [
  'gclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'fbclid',
  'li_fat_id',
  'ttclid',
  'twclid',
  'dclid',
  'epik',
  'rdt_cid',
  'scclid',
  'yclid',
] as const;

/** Click ids that mean a paid search ad. */
export const PAID_SEARCH_CLICK_IDS = new Set([
  'gclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'dclid',
  'yclid',
]);

/** Click ids that only social ad platforms add. */
export const PAID_SOCIAL_CLICK_IDS = new Set([
  'li_fat_id',
  'ttclid',
  'twclid',
  'epik',
  'rdt_cid',
  'scclid',
]);

const MAX_PARAM_CHARS = 256;

function param(url: URL, name: string): string | null {
  const value = url.searchParams.get(name)?.trim();
  return value ? value.slice(0, MAX_PARAM_CHARS) : null;
}

/** Parses a URL string; null when it is not an absolute URL. */
export function parseUrl(text: string | null | undefined): URL | null {
  if (!text) return null;
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** The UTM set, click id and source parameter of a landing URL. */
export function campaignOf(url: URL | null): Campaign {
  const utm: Utm = {
    campaign: url && param(url, 'utm_campaign'),
    source: url && param(url, 'utm_source'),
    medium: url && param(url, 'utm_medium'),
    content: url && param(url, 'utm_content'),
    term: url && param(url, 'utm_term'),
  };
  let clickId: string | null = null;
  let clickIdName: string | null = null;
  for (const name of AD_CLICK_ID_PARAMS) {
    const value = url && param(url, name);
    if (!value) continue;
    clickId = `${name}=${value}`;
    clickIdName = name;
    break;
  }
  const sourceParam = url && (param(url, 'source') ?? param(url, 'src'));
  return { utm, clickId, clickIdName, sourceParam };
}

/** True when any UTM parameter is present. */
export function hasUtm(utm: Utm): boolean {
  return Boolean(
    utm.campaign || utm.source || utm.medium || utm.content || utm.term,
  );
}

/** A URL without query string and fragment: how assets are keyed. */
export function assetUrlOf(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
