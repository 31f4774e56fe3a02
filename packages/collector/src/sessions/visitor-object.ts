import { DurableObject } from 'cloudflare:workers';
import type { PreparedEvent } from '../ingest/prepared-event';
import { resolveIdentities } from './resolve-identities';
import {
  type Identity,
  type Planned,
  planVisitor,
  type VisitorState,
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

/** Statements per D1 batch: large batches are far cheaper per row. */
const STATEMENTS_PER_BATCH = 500;
/** Visitors kept in memory per object; others are read back on demand. */
const MAX_CACHED_VISITORS = 5_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (visitor TEXT NOT NULL, id TEXT NOT NULL,
  body TEXT NOT NULL, PRIMARY KEY (visitor, id));
CREATE TABLE IF NOT EXISTS identities (visitor TEXT NOT NULL,
  key TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (visitor, key));
CREATE TABLE IF NOT EXISTS written (visitor TEXT NOT NULL,
  key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (visitor, key));
CREATE TABLE IF NOT EXISTS dirty (visitor TEXT PRIMARY KEY);
`;

/**
 * One shard of a portal's visitors (see visitor-shards.ts). Holds each
 * visitor's whole event set and derives sessions, contact links and first
 * touch from it as a pure function of the set (sessionize sorts first),
 * then writes to D1 only the rows whose derived values changed, for all
 * visitors of the call in a few large batches. Calls are chained, so two
 * Queue batches touching the same visitor never interleave, whatever
 * order they arrive in; D1 sees a visitor's writes in order.
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
   * Forgets one visitor: its events, identities and write records (the
   * right to erasure). Chained like ingest, so none is cut in half.
   */
  erase(visitorId: string): Promise<void> {
    return this.serialise(async () => {
      this.ensureSchema();
      const sql = this.ctx.storage.sql;
      for (const table of ['events', 'identities', 'written', 'dirty']) {
        sql.exec(`DELETE FROM ${table} WHERE visitor = ?`, visitorId);
      }
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
    for (const row of sql.exec<{ key: string; value: string }>(
      'SELECT key, value FROM written WHERE visitor = ?',
      visitorId,
    )) {
      state.written.set(row.key, row.value);
    }
    state.dirty =
      sql.exec('SELECT 1 FROM dirty WHERE visitor = ?', visitorId).toArray()
        .length > 0;
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
    const dirty = new Set<VisitorState>();
    this.ctx.storage.transactionSync(() => {
      for (const { visitorId, events } of batch.visitors) {
        const state = this.load(visitorId);
        let added = 0;
        for (const event of events) {
          if (state.events.has(event.id)) continue;
          sql.exec(
            'INSERT OR IGNORE INTO events (visitor, id, body) VALUES (?, ?, ?)',
            visitorId,
            event.id,
            JSON.stringify(event),
          );
          state.events.set(event.id, event);
          added += 1;
        }
        fresh += added;
        // Stays marked until D1 took the derived rows: a retried message
        // whose events are all known still brings D1 up to date.
        if (added > 0 && !state.dirty) {
          sql.exec('INSERT OR IGNORE INTO dirty VALUES (?)', visitorId);
          state.dirty = true;
        }
        if (state.dirty) dirty.add(state);
      }
    });
    return { fresh, dirty: [...dirty] };
  }

  private async process(batch: ShardBatch): Promise<ShardResult> {
    this.ensureSchema();
    const { fresh, dirty } = this.storeFresh(batch);
    if (dirty.length === 0) return { fresh, statements: 0 };

    const db = this.env.DB;
    const resolved = await resolveIdentities(db, batch.portalId, dirty);
    const plans = new Map<VisitorState, Planned[]>();
    for (const state of dirty) {
      plans.set(state, await planVisitor(db, batch.portalId, state));
    }
    const statements = [...plans.values()].flat().map((p) => p.stmt);
    for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) {
      await db.batch(statements.slice(i, i + STATEMENTS_PER_BATCH));
    }

    this.recordWritten(plans, resolved);
    return { fresh, statements: statements.length };
  }

  /** After D1 took the writes: remember them, and the identities used. */
  private recordWritten(
    plans: Map<VisitorState, Planned[]>,
    resolved: VisitorState[],
  ): void {
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      for (const state of resolved) {
        for (const [key, identity] of state.identities) {
          sql.exec(
            `INSERT OR REPLACE INTO identities (visitor, key, body)
             VALUES (?, ?, ?)`,
            state.id,
            key,
            JSON.stringify(identity),
          );
        }
      }
      for (const [state, planned] of plans) {
        for (const { key, value } of planned) {
          if (value === null) {
            sql.exec(
              'DELETE FROM written WHERE visitor = ? AND key = ?',
              state.id,
              key,
            );
            state.written.delete(key);
            continue;
          }
          sql.exec(
            `INSERT OR REPLACE INTO written (visitor, key, value)
             VALUES (?, ?, ?)`,
            state.id,
            key,
            value,
          );
          state.written.set(key, value);
        }
        sql.exec('DELETE FROM dirty WHERE visitor = ?', state.id);
        state.dirty = false;
      }
    });
  }
}
