import { DurableObject } from 'cloudflare:workers';
import { rowSetStatements } from '../ingest/d1-writes';
import { jsonChunks } from '../ingest/json-chunks';
import type { PreparedEvent } from '../ingest/prepared-event';
import { numberVar } from '../number-var';
import { resolveIdentities } from './resolve-identities';
import { VisitorCache } from './visitor-cache';
import {
  emptyRowSet,
  type Identity,
  planVisitor,
  type VisitorState,
  type WrittenChanges,
} from './visitor-plan';

/** The variables that bound the object's memory. */
interface ObjectVars {
  /** Events kept in memory for all cached visitors (see VisitorCache). */
  VISITOR_CACHE_EVENTS?: string;
  /** Events stored per visitor; later ones are dropped and counted. */
  VISITOR_MAX_EVENTS?: string;
}

/** What the consumer hands one object: events of some of its visitors. */
export interface ShardBatch {
  portalId: string;
  visitors: { visitorId: string; events: PreparedEvent[] }[];
}

/** What one call stored. */
export interface ShardResult {
  /** Events not seen before, counted when D1 first took their rows. */
  fresh: number;
  /** Events dropped because their visitor holds VISITOR_MAX_EVENTS. */
  overLimit: number;
  /** D1 statements written. */
  statements: number;
}

/** A visitor nothing is known of yet. */
function emptyState(id: string): VisitorState {
  return {
    id,
    events: new Map(),
    identities: new Map(),
    written: new Map(),
    writtenKnown: false,
    dirty: false,
  };
}

/** Statements per D1 batch (each carries up to 200 rows). */
const STATEMENTS_PER_BATCH = 50;
/** Visitors kept in memory per object; others are read back on demand. */
const MAX_CACHED_VISITORS = 5_000;
/**
 * Events of those visitors together, unless the VISITOR_CACHE_EVENTS
 * variable says otherwise: about 17 MB of heap.
 */
const DEFAULT_CACHED_EVENTS = 20_000;
/**
 * Events stored per visitor unless VISITOR_MAX_EVENTS says otherwise. No
 * person's visits come near it; a script or a page left reloading can,
 * and every call for such a visitor loads and re-derives all its events:
 * without a bound one of them could outgrow the object's memory and fail
 * every batch of its shard. About 8.5 MB of heap at the bound.
 */
const DEFAULT_MAX_EVENTS_PER_VISITOR = 10_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (visitor TEXT NOT NULL, id TEXT NOT NULL,
  body TEXT NOT NULL, PRIMARY KEY (visitor, id));
CREATE TABLE IF NOT EXISTS identities (visitor TEXT NOT NULL,
  key TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (visitor, key));
CREATE TABLE IF NOT EXISTS erased (visitor TEXT PRIMARY KEY,
  at INTEGER NOT NULL);
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
  private readonly visitors: VisitorCache;

  private readonly maxEventsPerVisitor: number;

  constructor(ctx: DurableObjectState, env: Env & ObjectVars) {
    super(ctx, env);
    this.visitors = new VisitorCache(
      MAX_CACHED_VISITORS,
      numberVar(
        'VISITOR_CACHE_EVENTS',
        env.VISITOR_CACHE_EVENTS,
        DEFAULT_CACHED_EVENTS,
        { integer: true },
      ),
    );
    this.maxEventsPerVisitor = numberVar(
      'VISITOR_MAX_EVENTS',
      env.VISITOR_MAX_EVENTS,
      DEFAULT_MAX_EVENTS_PER_VISITOR,
      { integer: true },
    );
  }

  /** Stores the events and brings these visitors' D1 rows up to date. */
  ingest(batch: ShardBatch): Promise<ShardResult> {
    return this.serialise(() => this.process(batch));
  }

  /**
   * Forgets one visitor: its events and identities (the right to
   * erasure), and marks when, so that events the collector received
   * before then and the Queue delivers later are dropped; events received
   * afterwards are new visits. Chained like ingest, so none is cut in half.
   */
  erase(visitorId: string): Promise<void> {
    return this.serialise(async () => {
      this.ensureSchema();
      const sql = this.ctx.storage.sql;
      sql.exec('DELETE FROM events WHERE visitor = ?', visitorId);
      sql.exec('DELETE FROM identities WHERE visitor = ?', visitorId);
      // Events received before now may still be in the Queue: the mark
      // keeps them out when they arrive.
      sql.exec(
        'INSERT OR REPLACE INTO erased (visitor, at) VALUES (?, ?)',
        visitorId,
        Date.now(),
      );
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

  /**
   * The states of these visitors: cached ones as they are, the others
   * read from storage with one query per table for all of them.
   */
  private loadAll(visitorIds: readonly string[]): VisitorState[] {
    const states = new Map<string, VisitorState>();
    for (const id of visitorIds) {
      const cached = this.visitors.get(id);
      if (cached) states.set(id, cached);
    }
    const missing = visitorIds.filter((id) => !states.has(id));
    if (missing.length > 0) {
      for (const id of missing) states.set(id, emptyState(id));
      this.readStored(missing, states);
      for (const id of missing) {
        this.visitors.add(states.get(id) as VisitorState);
      }
    }
    return visitorIds.map((id) => states.get(id) as VisitorState);
  }

  private readStored(ids: string[], states: Map<string, VisitorState>): void {
    const list = JSON.stringify(ids);
    const rows = <T>(columns: string, table: string) =>
      this.ctx.storage.sql.exec<T & { visitor: string }>(
        `SELECT visitor, ${columns} FROM ${table}
         WHERE visitor IN (SELECT value FROM json_each(?))`,
        list,
      );
    for (const row of rows<{ body: string }>('body', 'events')) {
      const event = JSON.parse(row.body) as PreparedEvent;
      states.get(row.visitor)?.events.set(event.id, event);
    }
    for (const row of rows<{ key: string; body: string }>(
      'key, body',
      'identities',
    )) {
      const identity = JSON.parse(row.body) as Identity;
      states.get(row.visitor)?.identities.set(row.key, identity);
    }
    for (const row of rows<{ at: number }>('at', 'erased')) {
      const state = states.get(row.visitor);
      if (state) state.erasedAt = row.at;
    }
    for (const id of ids) {
      const state = states.get(id) as VisitorState;
      // Whether D1 holds these events' rows is unknown after a restart:
      // rewriting them is harmless, missing them is not. A visitor with
      // no stored events has no rows in D1 (events are stored before any
      // row is written), so what was written is known: nothing.
      state.dirty = state.events.size > 0;
      state.writtenKnown = !state.dirty;
    }
  }

  /**
   * Stores the events not held yet, up to the bound per visitor, all in
   * one statement, and only then adds them to the visitors' states.
   */
  private storeFresh(batch: ShardBatch): {
    overLimit: number;
    dirty: VisitorState[];
  } {
    const states = this.loadAll(batch.visitors.map((v) => v.visitorId));
    const rows: [VisitorState, PreparedEvent][] = [];
    const seen = new Set<string>();
    const held = new Map<VisitorState, number>();
    let overLimit = 0;
    batch.visitors.forEach(({ visitorId, events }, i) => {
      const state = states[i] as VisitorState;
      for (const event of events) {
        const key = `${visitorId}\n${event.id}`;
        if (state.events.has(event.id) || seen.has(key)) continue;
        seen.add(key);
        if (
          state.erasedAt !== undefined &&
          event.receivedAt <= state.erasedAt
        ) {
          continue;
        }
        const count = held.get(state) ?? state.events.size;
        if (count >= this.maxEventsPerVisitor) {
          overLimit += 1;
          continue;
        }
        held.set(state, count + 1);
        rows.push([state, event]);
      }
    });
    this.insertEvents(rows);
    for (const [state, event] of rows) {
      state.events.set(event.id, event);
      state.dirty = true;
      state.uncounted = (state.uncounted ?? 0) + 1;
    }
    const dirty = [...new Set(states)].filter((state) => state.dirty);
    // The call holds its own states: one dropped here is only read back
    // when its visitor comes again.
    this.visitors.trim();
    return { overLimit, dirty };
  }

  /** Inserts events as few statements, all in one transaction. */
  private insertEvents(rows: [VisitorState, PreparedEvent][]): void {
    const sql = this.ctx.storage.sql;
    const list = rows.map(([state, event]) => [
      state.id,
      event.id,
      JSON.stringify(event),
    ]);
    this.ctx.storage.transactionSync(() => {
      for (const chunk of jsonChunks(list, Number.POSITIVE_INFINITY)) {
        sql.exec(
          `INSERT OR IGNORE INTO events (visitor, id, body)
           SELECT value->>0, value->>1, value->>2 FROM json_each(?)`,
          chunk,
        );
      }
    });
  }

  private async process(batch: ShardBatch): Promise<ShardResult> {
    this.ensureSchema();
    const { overLimit, dirty } = this.storeFresh(batch);
    if (dirty.length === 0) return { fresh: 0, overLimit, statements: 0 };

    const db = this.env.DB;
    const resolved = await resolveIdentities(db, batch.portalId, dirty);
    this.storeIdentities(resolved);
    const set = emptyRowSet();
    const changes = new Map<VisitorState, WrittenChanges>();
    for (const state of dirty) {
      changes.set(state, await planVisitor(batch.portalId, state, set));
    }
    const statements = rowSetStatements(db, batch.portalId, set);
    try {
      for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) {
        await db.batch(statements.slice(i, i + STATEMENTS_PER_BATCH));
      }
    } catch (err) {
      // Some D1 batches may have landed: what D1 holds is unknown again.
      for (const state of dirty) state.writtenKnown = false;
      throw err;
    }

    let fresh = 0;
    for (const [state, list] of changes) {
      for (const [key, value] of list) {
        if (value === null) state.written.delete(key);
        else state.written.set(key, value);
      }
      state.writtenKnown = true;
      state.dirty = false;
      fresh += state.uncounted ?? 0;
      state.uncounted = 0;
    }
    return { fresh, overLimit, statements: statements.length };
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
