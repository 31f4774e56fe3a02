import { interactionRowsOf } from './interaction-rows';
import type { PreparedEvent } from './prepared-event';

/** An event sent before consent: no visitor token, so no session. */
export interface AnonymousEvent {
  portalId: string;
  event: PreparedEvent;
  message: Message;
}

const INSERT_ANONYMOUS = `INSERT OR IGNORE INTO interactions (portal_id, id,
  type, at, received_at, url, title, content_type, asset_type, source,
  utm_campaign, utm_source, utm_medium, utm_content, utm_term, campaign,
  ad_keyword, cta, form, event_name, properties)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Stores anonymous interactions as they are: with no visitor they belong
 * to no session, so each keeps the source of its own arrival.
 */
export async function writeAnonymous(
  db: D1Database,
  items: readonly AnonymousEvent[],
): Promise<void> {
  const statements: D1PreparedStatement[] = [];
  for (const { portalId, event } of items) {
    for (const row of interactionRowsOf(event)) {
      statements.push(
        db
          .prepare(INSERT_ANONYMOUS)
          .bind(
            portalId,
            row.id,
            row.type,
            row.at,
            row.receivedAt,
            row.url,
            row.title,
            row.contentType,
            row.assetType,
            event.source ?? 'direct_traffic',
            row.utmCampaign,
            row.utmSource,
            row.utmMedium,
            row.utmContent,
            row.utmTerm,
            row.campaign,
            row.adKeyword,
            row.cta,
            row.form,
            row.eventName,
            row.properties,
          ),
      );
    }
  }
  if (statements.length > 0) await db.batch(statements);
}
