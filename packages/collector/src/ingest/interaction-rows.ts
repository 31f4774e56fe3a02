import { type AssetType, assetTypeOf } from '../asset-type';
import type { PreparedEvent } from './prepared-event';

/** Interaction types the tracker's event kinds map to. */
const INTERACTION_TYPES = {
  pv: 'page_view',
  cta: 'cta_click',
  form: 'form_submission',
  ce: 'custom_event',
  out: 'custom_event',
  dl: 'custom_event',
} as const;

/** Suffix of the ad click interaction derived from a page view's id. */
export const AD_CLICK_ID_SUFFIX = ':ad';

/**
 * The columns of one interaction that are fixed when it is first stored.
 * session_id and contact_id are derived from the visitor's whole event set
 * and kept apart.
 */
export interface InteractionRow {
  id: string;
  type: string;
  at: number;
  receivedAt: number;
  url: string;
  title: string | null;
  contentType: string | null;
  assetType: AssetType;
  utmCampaign: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmContent: string | null;
  utmTerm: string | null;
  campaign: string | null;
  adKeyword: string | null;
  cta: string | null;
  form: string | null;
  eventName: string | null;
  properties: string | null;
}

/**
 * The interactions one tracked event yields: none for a bare identify,
 * one for most, two for a page view that landed from an ad (the page view
 * and an `ad_click` with a derived, deterministic id).
 */
export function interactionRowsOf(event: PreparedEvent): InteractionRow[] {
  if (event.type === 'id') return [];
  const type = INTERACTION_TYPES[event.type];
  const { utm } = event;
  const row: InteractionRow = {
    id: event.id,
    type,
    at: event.ts,
    receivedAt: event.receivedAt,
    url: event.url,
    title: event.title,
    contentType: event.contentType,
    assetType: assetTypeOf(type, event.contentType),
    utmCampaign: utm.campaign,
    utmSource: utm.source,
    utmMedium: utm.medium,
    utmContent: utm.content,
    utmTerm: utm.term,
    campaign: null,
    adKeyword: null,
    cta: event.cta,
    form: event.form,
    eventName: type === 'custom_event' ? event.eventName : null,
    properties: event.properties ? JSON.stringify(event.properties) : null,
  };
  if (event.type !== 'pv' || event.clickId === null) return [row];

  const adClick: InteractionRow = {
    ...row,
    id: `${event.id}${AD_CLICK_ID_SUFFIX}`,
    type: 'ad_click',
    assetType: assetTypeOf('ad_click'),
    campaign: utm.campaign,
    adKeyword: utm.term,
    properties: JSON.stringify({ clickId: event.clickId }),
  };
  return [row, adClick];
}
