import type {
  ContactRow,
  RowSet,
  SessionRow,
  VisitorRow,
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
  /**
   * Last value written to D1 per row key (i:…, s:…, c:…, v), in memory
   * only. After a restart it is empty and `writtenKnown` false: the next
   * write repeats the visitor's rows, which the upserts make harmless.
   */
  written: Map<string, string>;
  writtenKnown: boolean;
  /** Stored events that may not be reflected in D1 yet. */
  dirty: boolean;
  /**
   * Events stored since D1 last took this visitor's rows, in memory only:
   * they count as stored once a write succeeds, even a retried one.
   */
  uncounted?: number;
  /**
   * When the visitor was erased (ms since the epoch): events the collector
   * received before then, still in the Queue at the erasure, are dropped.
   */
  erasedAt?: number;
}

/** Written-state changes a plan makes once D1 took its rows. */
export type WrittenChanges = [key: string, value: string | null][];

/** An empty row set to plan into. */
export function emptyRowSet(): RowSet {
  return {
    interactions: [],
    sessions: [],
    visitors: [],
    contacts: [],
    sessionSets: [],
  };
}

/** The visitor's events in session order (time, then id). */
export function sortedEvents(state: VisitorState): PreparedEvent[] {
  return [...state.events.values()].sort(compareEvents);
}

/**
 * Adds to `set` the rows that bring one visitor's stored rows to the
 * state derived from its whole event set: only rows whose derived value
 * differs from what was last written. Returns the written-state changes
 * to record once D1 took them.
 */
export async function planVisitor(
  portalId: string,
  state: VisitorState,
  set: RowSet,
): Promise<WrittenChanges> {
  const sorted = sortedEvents(state);
  const contactAt = contactsInForce(
    sorted,
    (key) => state.identities.get(key)?.contactId,
  );
  const spans = sessionize(sorted.filter((e) => e.type !== 'id'));
  const changes: WrittenChanges = [];
  const changed = (key: string, row: unknown): boolean => {
    const value = JSON.stringify(row);
    if (state.written.get(key) === value) return false;
    changes.push([key, value]);
    return true;
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
    if (changed(`c:${key}`, contact)) set.contacts.push(contact);
  }

  const live: string[] = [];
  for (const span of spans) {
    const session = await sessionRowOf(portalId, state.id, span);
    live.push(session.id);
    if (changed(`s:${session.id}`, session)) set.sessions.push(session);
    for (const event of span.events) {
      const contactId = contactAt.get(event.id) ?? null;
      for (const row of interactionRowsOf(event)) {
        if (!changed(`i:${row.id}`, [session.id, contactId])) continue;
        set.interactions.push({
          row,
          visitorId: state.id,
          sessionId: session.id,
          contactId,
        });
      }
    }
  }
  // A late event merged sessions: rows of sessions no longer derived go.
  // After a restart the old set is unknown, so the delete always runs.
  const liveKeys = new Set(live.map((id) => `s:${id}`));
  const gone = [...state.written.keys()].filter(
    (key) => key.startsWith('s:') && !liveKeys.has(key),
  );
  if (gone.length > 0 || !state.writtenKnown) {
    set.sessionSets.push({ visitorId: state.id, live });
    for (const key of gone) changes.push([key, null]);
  }

  const visitor = visitorRowOf(state.id, spans[0], contactAt, sorted);
  if (visitor && changed('v', visitor)) set.visitors.push(visitor);
  return changes;
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
    country: first.country ?? null,
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
