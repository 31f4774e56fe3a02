import { DurableObject } from 'cloudflare:workers';
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
import {
  contactIdForEmail,
  contactsInForce,
  firstIdentityEvents,
} from './identity';
import { type SessionSpan, sessionize } from './sessionize';

/** What the consumer hands a visitor's object. */
export interface VisitorBatch {
  portalId: string;
  visitorId: string;
  events: PreparedEvent[];
}

/** What one call stored. */
export interface VisitorResult {
  /** Events not seen before. */
  fresh: number;
  /** D1 statements written. */
  statements: number;
}

interface Identity {
  contactId: string;
  /** True when the collector creates this contact (it did not exist). */
  create: boolean;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS identities (key TEXT PRIMARY KEY, body TEXT);
CREATE TABLE IF NOT EXISTS written (key TEXT PRIMARY KEY, value TEXT);
`;

/**
 * One visitor's ingest, serialised. Holds the visitor's whole event set
 * and derives sessions, contact links and first touch from it as a pure
 * function (sessionize sorts first), then writes to D1 only the rows whose
 * derived values changed. Calls are chained, so two Queue batches for the
 * same visitor never interleave, whatever order they arrive in.
 */
export class VisitorObject extends DurableObject<Env> {
  private chain: Promise<unknown> = Promise.resolve();
  private loaded = false;
  private readonly events = new Map<string, PreparedEvent>();
  private readonly identities = new Map<string, Identity>();
  /** Last value written to D1 per row key (i:, s:, v, c:). */
  private readonly written = new Map<string, string>();
  private dirty = false;

  /** Stores the events and brings this visitor's D1 rows up to date. */
  ingest(batch: VisitorBatch): Promise<VisitorResult> {
    const run = this.chain.then(() => this.process(batch));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Forgets this visitor: every stored event, identity and write record
   * (the right to erasure). Chained like ingest, so an ingest already
   * queued finishes first and none starts halfway through.
   */
  erase(): Promise<void> {
    const run = this.chain.then(async () => {
      await this.ctx.storage.deleteAll();
      this.events.clear();
      this.identities.clear();
      this.written.clear();
      this.dirty = false;
      this.loaded = false;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private load(): void {
    if (this.loaded) return;
    const sql = this.ctx.storage.sql;
    sql.exec(SCHEMA);
    for (const row of sql.exec<{ body: string }>('SELECT body FROM events')) {
      const event = JSON.parse(row.body) as PreparedEvent;
      this.events.set(event.id, event);
    }
    for (const row of sql.exec<{ key: string; body: string }>(
      'SELECT key, body FROM identities',
    )) {
      this.identities.set(row.key, JSON.parse(row.body) as Identity);
    }
    for (const row of sql.exec<{ key: string; value: string }>(
      'SELECT key, value FROM written',
    )) {
      this.written.set(row.key, row.value);
    }
    // Anything stored but not confirmed written is retried on next call.
    this.dirty = this.events.size > 0;
    this.loaded = true;
  }

  private async process(batch: VisitorBatch): Promise<VisitorResult> {
    this.load();
    const sql = this.ctx.storage.sql;
    let fresh = 0;
    for (const event of batch.events) {
      if (this.events.has(event.id)) continue;
      sql.exec(
        'INSERT OR IGNORE INTO events (id, body) VALUES (?, ?)',
        event.id,
        JSON.stringify(event),
      );
      this.events.set(event.id, event);
      fresh += 1;
    }
    if (fresh > 0) this.dirty = true;
    if (!this.dirty) return { fresh: 0, statements: 0 };

    const statements = await this.plan(batch.portalId, batch.visitorId);
    if (statements.length > 0)
      await this.env.DB.batch(statements.map((s) => s.stmt));

    this.ctx.storage.transactionSync(() => {
      for (const { key, value } of statements) {
        if (value === null) sql.exec('DELETE FROM written WHERE key = ?', key);
        else {
          sql.exec(
            'INSERT OR REPLACE INTO written (key, value) VALUES (?, ?)',
            key,
            value,
          );
        }
      }
    });
    for (const { key, value } of statements) {
      if (value === null) this.written.delete(key);
      else this.written.set(key, value);
    }
    this.dirty = false;
    return { fresh, statements: statements.length };
  }

  /** The D1 statements that bring stored rows to the derived state. */
  private async plan(portalId: string, visitorId: string): Promise<Planned[]> {
    const db = this.env.DB;
    const sorted = sessionOrder([...this.events.values()]);
    const firsts = firstIdentityEvents(sorted);
    await this.resolveIdentities(portalId, firsts);
    const contactAt = contactsInForce(
      sorted,
      (key) => this.identities.get(key)?.contactId,
    );
    const spans = sessionize(sorted.filter((e) => e.type !== 'id'));
    const planned: Planned[] = [];
    const change = (
      key: string,
      value: string | null,
      stmt: D1PreparedStatement,
    ) => {
      if ((this.written.get(key) ?? null) === value) return;
      planned.push({ key, value, stmt });
    };

    for (const [key, first] of firsts) {
      const identity = this.identities.get(key);
      if (!identity?.create) continue;
      const contact: ContactRow = {
        id: identity.contactId,
        email: first.email,
        createdAt: first.ts,
        method: first.type === 'form' ? 'form' : 'other',
      };
      change(
        `c:${key}`,
        JSON.stringify(contact),
        upsertContact(db, portalId, contact),
      );
    }

    const liveSessions = new Set<string>();
    for (const span of spans) {
      const session = await sessionRowOf(portalId, visitorId, span);
      liveSessions.add(session.id);
      change(
        `s:${session.id}`,
        JSON.stringify(session),
        upsertSession(db, portalId, session),
      );
      for (const event of span.events) {
        const contactId = contactAt.get(event.id) ?? null;
        for (const row of interactionRowsOf(event)) {
          const links = JSON.stringify([session.id, contactId]);
          change(
            `i:${row.id}`,
            links,
            upsertInteraction(
              db,
              portalId,
              visitorId,
              row,
              session.id,
              contactId,
            ),
          );
        }
      }
    }
    for (const key of this.written.keys()) {
      if (!key.startsWith('s:') || liveSessions.has(key.slice(2))) continue;
      planned.push({
        key,
        value: null,
        stmt: deleteSession(db, portalId, key.slice(2)),
      });
    }

    const visitor = visitorRowOf(visitorId, spans[0], contactAt, sorted);
    if (visitor) {
      change(
        'v',
        JSON.stringify(visitor),
        upsertVisitor(db, portalId, visitor),
      );
    }
    return planned;
  }

  private async resolveIdentities(
    portalId: string,
    firsts: Map<string, PreparedEvent>,
  ): Promise<void> {
    const sql = this.ctx.storage.sql;
    for (const [key, first] of firsts) {
      if (this.identities.has(key)) continue;
      const identity = await this.findContact(portalId, key, first);
      this.identities.set(key, identity);
      sql.exec(
        'INSERT OR REPLACE INTO identities (key, body) VALUES (?, ?)',
        key,
        JSON.stringify(identity),
      );
    }
  }

  private async findContact(
    portalId: string,
    key: string,
    first: PreparedEvent,
  ): Promise<Identity> {
    const db = this.env.DB;
    if (first.externalId && key.startsWith('ii:')) {
      const row = await db
        .prepare('SELECT id FROM contacts WHERE portal_id = ? AND id = ?')
        .bind(portalId, first.externalId)
        .first<{ id: string }>();
      return { contactId: first.externalId, create: !row };
    }
    const email = first.email ?? '';
    const row = await db
      .prepare(
        `SELECT id FROM contacts WHERE portal_id = ? AND email = ?
         ORDER BY created_at, id LIMIT 1`,
      )
      .bind(portalId, email)
      .first<{ id: string }>();
    if (row) return { contactId: row.id, create: false };
    return {
      contactId: await contactIdForEmail(portalId, email),
      create: true,
    };
  }
}

interface Planned {
  key: string;
  /** The value recorded as written; null removes the record. */
  value: string | null;
  stmt: D1PreparedStatement;
}

function sessionOrder(events: PreparedEvent[]): PreparedEvent[] {
  return events.sort((a, b) =>
    a.ts !== b.ts ? a.ts - b.ts : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
}

const sessionIds = new Map<string, string>();

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
  if (sessionIds.size > 10_000) sessionIds.clear();
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
