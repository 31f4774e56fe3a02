import {
  type ContactRow,
  deleteSession,
  type SessionRow,
  upsertContact,
  upsertInteraction,
  upsertSession,
  upsertVisitor,
  type VisitorRow,
} from '../ingest/d1-writes';
import { interactionRowsOf } from '../ingest/interaction-rows';
import type { PreparedEvent } from '../ingest/prepared-event';
import { contactsInForce, firstIdentityEvents } from './identity';
import { compareEvents, type SessionSpan, sessionize } from './sessionize';

/** How one identity of a visitor resolved to a contact. */
export interface Identity {
  contactId: string;
  /** True when the collector creates this contact (it did not exist). */
  create: boolean;
}

/** One visitor as its object holds it. */
export interface VisitorState {
  id: string;
  events: Map<string, PreparedEvent>;
  identities: Map<string, Identity>;
  /** Last value written to D1 per row key (i:…, s:…, c:…, v). */
  written: Map<string, string>;
  /** Stored events not yet reflected in D1. */
  dirty: boolean;
}

/** One D1 statement and the written-state change it stands for. */
export interface Planned {
  key: string;
  /** The value recorded as written once D1 took it; null removes it. */
  value: string | null;
  stmt: D1PreparedStatement;
}

/** The visitor's events in session order (time, then id). */
export function sortedEvents(state: VisitorState): PreparedEvent[] {
  return [...state.events.values()].sort(compareEvents);
}

/**
 * The D1 statements that bring the stored rows of one visitor to the
 * state derived from its whole event set: only rows whose derived value
 * differs from what was last written.
 */
export async function planVisitor(
  db: D1Database,
  portalId: string,
  state: VisitorState,
): Promise<Planned[]> {
  const sorted = sortedEvents(state);
  const contactAt = contactsInForce(
    sorted,
    (key) => state.identities.get(key)?.contactId,
  );
  const spans = sessionize(sorted.filter((e) => e.type !== 'id'));
  const planned: Planned[] = [];
  const change = (key: string, row: unknown, stmt: D1PreparedStatement) => {
    const value = JSON.stringify(row);
    if (state.written.get(key) === value) return;
    planned.push({ key, value, stmt });
  };

  for (const [key, first] of firstIdentityEvents(sorted)) {
    const identity = state.identities.get(key);
    if (!identity?.create) continue;
    const contact: ContactRow = {
      id: identity.contactId,
      email: first.email,
      createdAt: first.ts,
      method: first.type === 'form' ? 'form' : 'other',
    };
    change(`c:${key}`, contact, upsertContact(db, portalId, contact));
  }

  const live = new Set<string>();
  for (const span of spans) {
    const session = await sessionRowOf(portalId, state.id, span);
    live.add(`s:${session.id}`);
    change(`s:${session.id}`, session, upsertSession(db, portalId, session));
    for (const event of span.events) {
      const contactId = contactAt.get(event.id) ?? null;
      for (const row of interactionRowsOf(event)) {
        change(
          `i:${row.id}`,
          [session.id, contactId],
          upsertInteraction(db, portalId, state.id, row, session.id, contactId),
        );
      }
    }
  }
  // A late event merged this session into another: its row goes.
  for (const key of state.written.keys()) {
    if (!key.startsWith('s:') || live.has(key)) continue;
    planned.push({
      key,
      value: null,
      stmt: deleteSession(db, portalId, key.slice(2)),
    });
  }

  const visitor = visitorRowOf(state.id, spans[0], contactAt, sorted);
  if (visitor) change('v', visitor, upsertVisitor(db, portalId, visitor));
  return planned;
}

const sessionIds = new Map<string, string>();
const MAX_CACHED_SESSION_IDS = 10_000;

/** Deterministic: the same first event always names the same session. */
async function sessionIdOf(
  portalId: string,
  visitorId: string,
  firstEventId: string,
): Promise<string> {
  const key = `${portalId}\n${visitorId}\n${firstEventId}`;
  const known = sessionIds.get(key);
  if (known) return known;
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(key),
  );
  const hex = [...new Uint8Array(digest).slice(0, 12)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
  const id = `s_${hex}`;
  if (sessionIds.size >= MAX_CACHED_SESSION_IDS) sessionIds.clear();
  sessionIds.set(key, id);
  return id;
}

async function sessionRowOf(
  portalId: string,
  visitorId: string,
  span: SessionSpan<PreparedEvent>,
): Promise<SessionRow> {
  const { first, last } = span;
  return {
    id: await sessionIdOf(portalId, visitorId, first.id),
    visitorId,
    startedAt: first.ts,
    endedAt: last.ts,
    source: span.source,
    classifierVersion: first.classifierVersion,
    landingUrl: first.url,
    referrer: first.referrer,
    utmCampaign: first.utm.campaign,
    utmSource: first.utm.source,
    utmMedium: first.utm.medium,
    utmContent: first.utm.content,
    utmTerm: first.utm.term,
    clickId: first.clickId,
    events: span.events.length,
  };
}

function visitorRowOf(
  visitorId: string,
  firstSpan: SessionSpan<PreparedEvent> | undefined,
  contactAt: Map<string, string | null>,
  sorted: PreparedEvent[],
): VisitorRow | null {
  const lastEvent = sorted[sorted.length - 1];
  const first = firstSpan?.first ?? sorted[0];
  if (!first || !lastEvent) return null;
  return {
    id: visitorId,
    contactId: contactAt.get(lastEvent.id) ?? null,
    firstSeenAt: first.ts,
    firstSource: firstSpan?.source ?? 'direct_traffic',
    firstReferrer: first.referrer,
    firstLandingUrl: first.url,
    firstUtm: JSON.stringify(first.utm),
  };
}
