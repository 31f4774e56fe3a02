import type { InteractionRow } from './interaction-rows';
import { jsonChunks } from './json-chunks';

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
  /** Country of the session's first event; null when unknown. */
  country: string | null;
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

/** A tracked interaction with the links derived from its visitor's set. */
export interface LinkedInteraction {
  row: InteractionRow;
  visitorId: string;
  sessionId: string;
  contactId: string | null;
}

/** Everything one write brings to D1, for any number of visitors. */
export interface RowSet {
  interactions: LinkedInteraction[];
  sessions: SessionRow[];
  visitors: VisitorRow[];
  contacts: ContactRow[];
  /** Visitors whose sessions outside `live` must go (merged by a late event). */
  sessionSets: { visitorId: string; live: string[] }[];
}

/**
 * Rows per statement. Each statement carries its rows as one JSON
 * parameter (read back with json_each), which keeps under D1's limit of
 * 100 bound parameters and costs one statement for many rows. Long rows
 * (a custom event's properties) make a statement carry fewer.
 */
const ROWS_PER_STATEMENT = 200;

/** `value->>0, value->>1, …`: the columns of one JSON array row. */
function columns(count: number): string {
  return Array.from({ length: count }, (_, i) => `value->>${i}`).join(', ');
}

// Tracked interactions are written once; later statements may only move
// them to another session or contact (a late event merged or split a
// session). asset_type and content_type are never in the update list.
const UPSERT_INTERACTIONS = `INSERT INTO interactions (portal_id, id, type,
  at, received_at, visitor_id, contact_id, session_id, url, title,
  content_type, asset_type, utm_campaign, utm_source, utm_medium,
  utm_content, utm_term, campaign, ad_keyword, cta, form, event_name,
  properties)
SELECT ?1, ${columns(22)} FROM json_each(?2) WHERE true
ON CONFLICT (portal_id, id) DO UPDATE SET
  session_id = excluded.session_id, contact_id = excluded.contact_id`;

const UPSERT_SESSIONS = `INSERT INTO sessions (portal_id, id, visitor_id,
  started_at, ended_at, source, classifier_version, landing_url, referrer,
  utm_campaign, utm_source, utm_medium, utm_content, utm_term, click_id,
  events, country)
SELECT ?1, ${columns(16)} FROM json_each(?2) WHERE true
ON CONFLICT (portal_id, id) DO UPDATE SET
  ended_at = excluded.ended_at, events = excluded.events,
  started_at = excluded.started_at, source = excluded.source,
  classifier_version = excluded.classifier_version,
  landing_url = excluded.landing_url, referrer = excluded.referrer,
  utm_campaign = excluded.utm_campaign, utm_source = excluded.utm_source,
  utm_medium = excluded.utm_medium, utm_content = excluded.utm_content,
  utm_term = excluded.utm_term, click_id = excluded.click_id,
  country = excluded.country`;

// First touch only ever moves to an earlier event (one that arrived late);
// a later campaign never replaces it. A visitor row made by a CRM import
// has no first touch yet (first_source is null) and takes the tracked one.
// A contact linked by an import is kept when the tracker knows none.
const EARLIER = `(visitors.first_source IS NULL
    OR excluded.first_seen_at <= visitors.first_seen_at)`;
const UPSERT_VISITORS = `INSERT INTO visitors (portal_id, id, contact_id,
  first_seen_at, first_source, first_referrer, first_landing_url, first_utm)
SELECT ?1, ${columns(7)} FROM json_each(?2) WHERE true
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
const UPSERT_CONTACTS = `INSERT INTO contacts (portal_id, id, email,
  created_at, method)
SELECT ?1, ${columns(4)} FROM json_each(?2) WHERE true
ON CONFLICT (portal_id, id) DO UPDATE SET
  created_at = excluded.created_at, method = excluded.method
WHERE excluded.created_at < contacts.created_at`;

const DELETE_MERGED_SESSIONS = `DELETE FROM sessions
WHERE portal_id = ?1 AND visitor_id = ?2
  AND id NOT IN (SELECT value FROM json_each(?3))`;

function bulk<T>(
  db: D1Database,
  sql: string,
  portalId: string,
  rows: readonly T[],
  toArray: (row: T) => unknown[],
): D1PreparedStatement[] {
  return jsonChunks(rows.map(toArray), ROWS_PER_STATEMENT).map((chunk) =>
    db.prepare(sql).bind(portalId, chunk),
  );
}

/**
 * The statements that write a row set: contacts, visitors, sessions and
 * interactions as bulk upserts, then removal of merged sessions. Every
 * statement is idempotent, so a retried write changes nothing twice.
 */
export function rowSetStatements(
  db: D1Database,
  portalId: string,
  set: RowSet,
): D1PreparedStatement[] {
  return [
    ...bulk(db, UPSERT_CONTACTS, portalId, set.contacts, (c) => [
      c.id,
      c.email,
      c.createdAt,
      c.method,
    ]),
    ...bulk(db, UPSERT_VISITORS, portalId, set.visitors, (v) => [
      v.id,
      v.contactId,
      v.firstSeenAt,
      v.firstSource,
      v.firstReferrer,
      v.firstLandingUrl,
      v.firstUtm,
    ]),
    ...bulk(db, UPSERT_SESSIONS, portalId, set.sessions, (s) => [
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
      s.country,
    ]),
    ...bulk(db, UPSERT_INTERACTIONS, portalId, set.interactions, (i) => [
      i.row.id,
      i.row.type,
      i.row.at,
      i.row.receivedAt,
      i.visitorId,
      i.contactId,
      i.sessionId,
      i.row.url,
      i.row.title,
      i.row.contentType,
      i.row.assetType,
      i.row.utmCampaign,
      i.row.utmSource,
      i.row.utmMedium,
      i.row.utmContent,
      i.row.utmTerm,
      i.row.campaign,
      i.row.adKeyword,
      i.row.cta,
      i.row.form,
      i.row.eventName,
      i.row.properties,
    ]),
    ...set.sessionSets.map(({ visitorId, live }) =>
      db
        .prepare(DELETE_MERGED_SESSIONS)
        .bind(portalId, visitorId, JSON.stringify(live)),
    ),
  ];
}
