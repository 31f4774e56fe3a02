import { DurableObject } from 'cloudflare:workers';
import { rowSetStatements } from '../ingest/d1-writes';
import type { PreparedEvent } from '../ingest/prepared-event';
import { resolveIdentities } from './resolve-identities';
import {
  emptyRowSet,
  type Identity,
  planVisitor,
  type VisitorState,
  type WrittenChanges,
} from './visitor-plan';

/** What the consumer hands one object: events of some of its visitors. */
export interface ShardBatch {
  portalId: string;
  visitors: { visitorId: string; events: PreparedEvent[] }[];
}

/** What one call stored. */
export interface ShardResult {
  /** Events not seen before. */
  fresh: number;
  /** D1 statements written. */
  statements: number;
}

/** Statements per D1 batch (each carries up to 200 rows). */
const STATEMENTS_PER_BATCH = 50;
/** Visitors kept in memory per object; others are read back on demand. */
const MAX_CACHED_VISITORS = 5_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (visitor TEXT NOT NULL, id TEXT NOT NULL,
  body TEXT NOT NULL, PRIMARY KEY (visitor, id));
CREATE TABLE IF NOT EXISTS identities (visitor TEXT NOT NULL,
  key TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (visitor, key));
`;

/**
 * One shard of a portal's visitors (see visitor-shards.ts). Holds each
 * visitor's whole event set durably and derives sessions, contact links
 * and first touch from it as a pure function of the set (sessionize sorts
 * first), then writes to D1 the rows whose derived values changed, for
 * all visitors of the call in a few bulk statements. Calls are chained, so
 * two Queue batches touching the same visitor never interleave, whatever
 * order they arrive in, and D1 sees a visitor's writes in order.
 */
export class VisitorObject extends DurableObject<Env> {
  private chain: Promise<unknown> = Promise.resolve();
  private schemaReady = false;
  private readonly visitors = new Map<string, VisitorState>();

  /** Stores the events and brings these visitors' D1 rows up to date. */
  ingest(batch: ShardBatch): Promise<ShardResult> {
    return this.serialise(() => this.process(batch));
  }

  /**
   * Forgets one visitor: its events and identities (the right to
   * erasure). Chained like ingest, so none is cut in half.
   */
  erase(visitorId: string): Promise<void> {
    return this.serialise(async () => {
      this.ensureSchema();
      const sql = this.ctx.storage.sql;
      sql.exec('DELETE FROM events WHERE visitor = ?', visitorId);
      sql.exec('DELETE FROM identities WHERE visitor = ?', visitorId);
      this.visitors.delete(visitorId);
    });
  }

  private serialise<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private ensureSchema(): void {
    if (this.schemaReady) return;
    this.ctx.storage.sql.exec(SCHEMA);
    this.schemaReady = true;
  }

  private load(visitorId: string): VisitorState {
    const cached = this.visitors.get(visitorId);
    if (cached) return cached;
    const sql = this.ctx.storage.sql;
    const state: VisitorState = {
      id: visitorId,
      events: new Map(),
      identities: new Map(),
      written: new Map(),
      writtenKnown: false,
      dirty: false,
    };
    for (const row of sql.exec<{ body: string }>(
      'SELECT body FROM events WHERE visitor = ?',
      visitorId,
    )) {
      const event = JSON.parse(row.body) as PreparedEvent;
      state.events.set(event.id, event);
    }
    for (const row of sql.exec<{ key: string; body: string }>(
      'SELECT key, body FROM identities WHERE visitor = ?',
      visitorId,
    )) {
      state.identities.set(row.key, JSON.parse(row.body) as Identity);
    }
    // Whether D1 holds these events' rows is unknown after a restart:
    // rewriting them is harmless, missing them is not.
    state.dirty = state.events.size > 0;
    if (this.visitors.size >= MAX_CACHED_VISITORS) {
      const oldest = this.visitors.keys().next().value;
      if (oldest !== undefined) this.visitors.delete(oldest);
    }
    this.visitors.set(visitorId, state);
    return state;
  }

  private storeFresh(batch: ShardBatch): {
    fresh: number;
    dirty: VisitorState[];
  } {
    const sql = this.ctx.storage.sql;
    let fresh = 0;
    const dirty: VisitorState[] = [];
    this.ctx.storage.transactionSync(() => {
      for (const { visitorId, events } of batch.visitors) {
        const state = this.load(visitorId);
        for (const event of events) {
          if (state.events.has(event.id)) continue;
          sql.exec(
            'INSERT OR IGNORE INTO events (visitor, id, body) VALUES (?, ?, ?)',
            visitorId,
            event.id,
            JSON.stringify(event),
          );
          state.events.set(event.id, event);
          state.dirty = true;
          fresh += 1;
        }
        if (state.dirty) dirty.push(state);
      }
    });
    return { fresh, dirty };
  }

  private async process(batch: ShardBatch): Promise<ShardResult> {
    this.ensureSchema();
    const { fresh, dirty } = this.storeFresh(batch);
    if (dirty.length === 0) return { fresh, statements: 0 };

    const db = this.env.DB;
    const resolved = await resolveIdentities(db, batch.portalId, dirty);
    this.storeIdentities(resolved);
    const set = emptyRowSet();
    const changes = new Map<VisitorState, WrittenChanges>();
    for (const state of dirty) {
      changes.set(state, await planVisitor(batch.portalId, state, set));
    }
    const statements = rowSetStatements(db, batch.portalId, set);
    for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) {
      await db.batch(statements.slice(i, i + STATEMENTS_PER_BATCH));
    }

    for (const [state, list] of changes) {
      for (const [key, value] of list) {
        if (value === null) state.written.delete(key);
        else state.written.set(key, value);
      }
      state.writtenKnown = true;
      state.dirty = false;
    }
    return { fresh, statements: statements.length };
  }

  /** Keeps resolved identities, so that a contact link never changes. */
  private storeIdentities(states: VisitorState[]): void {
    if (states.length === 0) return;
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      for (const state of states) {
        for (const [key, identity] of state.identities) {
          sql.exec(
            `INSERT OR IGNORE INTO identities (visitor, key, body)
             VALUES (?, ?, ?)`,
            state.id,
            key,
            JSON.stringify(identity),
          );
        }
      }
    });
  }
}
