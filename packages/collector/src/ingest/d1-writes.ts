import type { InteractionRow } from './interaction-rows';

/** One session row as stored in D1. */
export interface SessionRow {
  id: string;
  visitorId: string;
  startedAt: number;
  endedAt: number;
  source: string;
  classifierVersion: number;
  landingUrl: string;
  referrer: string | null;
  utmCampaign: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmContent: string | null;
  utmTerm: string | null;
  clickId: string | null;
  events: number;
}

/** The visitor row: its contact and its first touch. */
export interface VisitorRow {
  id: string;
  contactId: string | null;
  firstSeenAt: number;
  firstSource: string;
  firstReferrer: string | null;
  firstLandingUrl: string;
  firstUtm: string;
}

/** A contact the collector creates from an identify or a form email. */
export interface ContactRow {
  id: string;
  email: string | null;
  createdAt: number;
  method: 'form' | 'other';
}

// Tracked interactions are written once; later statements may only move
// them to another session or contact (a late event merged or split a
// session). asset_type and content_type are never in the update list.
const UPSERT_INTERACTION = `INSERT INTO interactions (portal_id, id, type, at,
  received_at, visitor_id, contact_id, session_id, url, title, content_type,
  asset_type, utm_campaign, utm_source, utm_medium, utm_content, utm_term,
  campaign, ad_keyword, cta, form, event_name, properties)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (portal_id, id) DO UPDATE SET
  session_id = excluded.session_id, contact_id = excluded.contact_id`;

const UPSERT_SESSION = `INSERT INTO sessions (portal_id, id, visitor_id,
  started_at, ended_at, source, classifier_version, landing_url, referrer,
  utm_campaign, utm_source, utm_medium, utm_content, utm_term, click_id,
  events)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (portal_id, id) DO UPDATE SET
  ended_at = excluded.ended_at, events = excluded.events,
  started_at = excluded.started_at, source = excluded.source,
  classifier_version = excluded.classifier_version,
  landing_url = excluded.landing_url, referrer = excluded.referrer,
  utm_campaign = excluded.utm_campaign, utm_source = excluded.utm_source,
  utm_medium = excluded.utm_medium, utm_content = excluded.utm_content,
  utm_term = excluded.utm_term, click_id = excluded.click_id`;

// First touch only ever moves to an earlier event (one that arrived late);
// a later campaign never replaces it. A visitor row made by a CRM import
// has no first touch yet (first_source is null) and takes the tracked one.
// A contact linked by an import is kept when the tracker knows none.
const EARLIER = `(visitors.first_source IS NULL
    OR excluded.first_seen_at <= visitors.first_seen_at)`;
const UPSERT_VISITOR = `INSERT INTO visitors (portal_id, id, contact_id,
  first_seen_at, first_source, first_referrer, first_landing_url, first_utm)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (portal_id, id) DO UPDATE SET
  contact_id = coalesce(excluded.contact_id, visitors.contact_id),
  first_source = iif(${EARLIER}, excluded.first_source, visitors.first_source),
  first_referrer = iif(${EARLIER},
    excluded.first_referrer, visitors.first_referrer),
  first_landing_url = iif(${EARLIER},
    excluded.first_landing_url, visitors.first_landing_url),
  first_utm = iif(${EARLIER}, excluded.first_utm, visitors.first_utm),
  first_seen_at = iif(${EARLIER},
    excluded.first_seen_at, visitors.first_seen_at)`;

// Two visitors may create the same contact at once (same email, same
// derived id): both converge on the earliest creation.
const UPSERT_CONTACT = `INSERT INTO contacts (portal_id, id, email,
  created_at, method) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (portal_id, id) DO UPDATE SET
  created_at = excluded.created_at, method = excluded.method
WHERE excluded.created_at < contacts.created_at`;

/** Statement writing one tracked interaction with its derived links. */
export function upsertInteraction(
  db: D1Database,
  portalId: string,
  visitorId: string,
  row: InteractionRow,
  sessionId: string,
  contactId: string | null,
): D1PreparedStatement {
  return db
    .prepare(UPSERT_INTERACTION)
    .bind(
      portalId,
      row.id,
      row.type,
      row.at,
      row.receivedAt,
      visitorId,
      contactId,
      sessionId,
      row.url,
      row.title,
      row.contentType,
      row.assetType,
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
    );
}

/** Statement writing one session. */
export function upsertSession(
  db: D1Database,
  portalId: string,
  s: SessionRow,
): D1PreparedStatement {
  return db
    .prepare(UPSERT_SESSION)
    .bind(
      portalId,
      s.id,
      s.visitorId,
      s.startedAt,
      s.endedAt,
      s.source,
      s.classifierVersion,
      s.landingUrl,
      s.referrer,
      s.utmCampaign,
      s.utmSource,
      s.utmMedium,
      s.utmContent,
      s.utmTerm,
      s.clickId,
      s.events,
    );
}

/** Statement removing a session that a late event merged into another. */
export function deleteSession(
  db: D1Database,
  portalId: string,
  sessionId: string,
): D1PreparedStatement {
  return db
    .prepare('DELETE FROM sessions WHERE portal_id = ? AND id = ?')
    .bind(portalId, sessionId);
}

/** Statement writing the visitor's contact link and first touch. */
export function upsertVisitor(
  db: D1Database,
  portalId: string,
  v: VisitorRow,
): D1PreparedStatement {
  return db
    .prepare(UPSERT_VISITOR)
    .bind(
      portalId,
      v.id,
      v.contactId,
      v.firstSeenAt,
      v.firstSource,
      v.firstReferrer,
      v.firstLandingUrl,
      v.firstUtm,
    );
}

/** Statement creating a contact (or moving its creation earlier). */
export function upsertContact(
  db: D1Database,
  portalId: string,
  c: ContactRow,
): D1PreparedStatement {
  return db
    .prepare(UPSERT_CONTACT)
    .bind(portalId, c.id, c.email, c.createdAt, c.method);
}
