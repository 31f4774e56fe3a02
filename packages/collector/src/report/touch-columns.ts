/**
 * SQL for each touch-level dimension, over `interactions i` and (where a
 * column says so) `sessions s` joined on the interaction's session.
 * Dimensions missing here come from the contact (company, lead_source),
 * the conversion (deal_*) or the engine (interaction_position, _date).
 */
export interface TouchColumn {
  sql: string;
  needsSession: boolean;
}

// Outside a session, the source follows the interaction's type.
const SOURCE_SQL = `COALESCE(s.source, i.source, CASE
  WHEN i.type IN ('call', 'meeting', 'sales_email_reply', 'conversation')
    THEN 'sales'
  WHEN i.type = 'marketing_email_click' THEN 'email_marketing'
  WHEN i.type = 'social_post_click' THEN 'organic_social'
  WHEN i.type = 'contact_create' THEN 'offline_sources' END)`;

// A touch without UTM values of its own carries its session's campaign.
const utm = (part: string): TouchColumn => ({
  sql: `COALESCE(i.utm_${part}, s.utm_${part})`,
  needsSession: true,
});

const own = (column: string): TouchColumn => ({
  sql: `i.${column}`,
  needsSession: false,
});

/** Touch dimension → how to read it. */
export const TOUCH_COLUMNS: Readonly<Record<string, TouchColumn>> = {
  asset_title: { sql: 'COALESCE(i.title, i.url)', needsSession: false },
  asset_type: own('asset_type'),
  interaction_source: { sql: SOURCE_SQL, needsSession: true },
  interaction_type: own('type'),
  interaction_url: own('url'),
  utm_campaign: utm('campaign'),
  utm_source: utm('source'),
  utm_medium: utm('medium'),
  utm_content: utm('content'),
  utm_term: utm('term'),
  ad_keyword: own('ad_keyword'),
  campaign: own('campaign'),
  cta: own('cta'),
  form: own('form'),
  social_post: own('social_post'),
  // Where the session's first request came from; CRM touches have none.
  country: { sql: 's.country', needsSession: true },
};

/** Columns the journey view shows besides the dimensions above. */
export const JOURNEY_COLUMNS: Readonly<Record<string, TouchColumn>> = {
  url: own('url'),
  title: own('title'),
  session_id: own('session_id'),
  content_type: own('content_type'),
};
