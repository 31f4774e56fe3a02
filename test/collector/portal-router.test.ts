import {
  applyD1Migrations,
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
} from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../packages/collector/src/index';
import type { CollectMessage } from '../../packages/collector/src/ingest/message';
import {
  databaseFor,
  databaseNameFor,
  parseRoutingTable,
} from '../../packages/collector/src/portal-router';
import { collectMessage, EVENTS_QUEUE, eventId } from './ingest-support';

const ROUTING = JSON.stringify({ 'portal-a': 'DB_A', 'portal-b': 'DB_B' });
const routedEnv = { ...env, PORTAL_DATABASES: ROUTING };

async function ids(db: D1Database, portal: string): Promise<string[]> {
  const { results } = await db
    .prepare('SELECT id FROM interactions WHERE portal_id = ? ORDER BY id')
    .bind(portal)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/**
 * Delivers messages the way a routed consumer would: grouped by the
 * database their portal maps to, each group through the real queue
 * handler with that database as DB.
 */
async function deliverRouted(bodies: CollectMessage[]) {
  const groups = new Map<D1Database, CollectMessage[]>();
  for (const body of bodies) {
    const db = databaseFor(routedEnv, body.portalId);
    groups.set(db, [...(groups.get(db) ?? []), body]);
  }
  let n = 0;
  for (const [db, group] of groups) {
    const batch = createMessageBatch(
      EVENTS_QUEUE,
      group.map((body) => {
        n += 1;
        return { id: `routed-${n}`, timestamp: new Date(), attempts: 1, body };
      }),
    );
    const ctx = createExecutionContext();
    await worker.queue(batch, { ...env, DB: db }, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages).toEqual([]);
  }
}

function anonymousView() {
  return {
    i: eventId('routed'),
    t: 'pv' as const,
    ts: Date.now(),
    u: 'https://shop.example/',
  };
}

describe('per-portal database routing', () => {
  beforeAll(async () => {
    for (const [db, portal] of [
      [env.DB_A, 'portal-a'],
      [env.DB_B, 'portal-b'],
    ] as const) {
      await applyD1Migrations(db, env.TEST_MIGRATIONS);
      await db
        .prepare(
          "INSERT INTO portals (id, name, domains, created_at) VALUES (?, ?, '[]', 0)",
        )
        .bind(portal, portal)
        .run();
    }
  });

  it('maps portals to binding names, with a default', () => {
    const table = parseRoutingTable(
      JSON.stringify({ big: 'DB_BIG', '*': 'DB_SHARED' }),
    );
    expect(databaseNameFor(table, 'big')).toBe('DB_BIG');
    expect(databaseNameFor(table, 'small')).toBe('DB_SHARED');
    expect(databaseNameFor(new Map(), 'any')).toBe('DB');
  });

  it('refuses a malformed table or a missing binding at start-up', () => {
    expect(() => parseRoutingTable('{')).toThrow(/PORTAL_DATABASES/);
    expect(() => parseRoutingTable('{"a":"db-lower"}')).toThrow(
      /PORTAL_DATABASES.a/,
    );
    expect(() =>
      databaseFor({ ...env, PORTAL_DATABASES: '{"a":"DB_NONE"}' }, 'a'),
    ).toThrow(/DB_NONE/);
  });

  it("writes portal A's events to DB_A and B's to DB_B, and none to DB", async () => {
    const a = [anonymousView(), anonymousView()];
    const b = [anonymousView()];
    await deliverRouted([
      collectMessage('portal-a', [a[0] ?? anonymousView()]),
      collectMessage('portal-b', b),
      collectMessage('portal-a', [a[1] ?? anonymousView()]),
    ]);

    const aIds = a.map((e) => e.i).sort();
    const bIds = b.map((e) => e.i).sort();
    expect(await ids(env.DB_A, 'portal-a')).toEqual(aIds);
    expect(await ids(env.DB_B, 'portal-b')).toEqual(bIds);
    expect(await ids(env.DB_A, 'portal-b')).toEqual([]);
    expect(await ids(env.DB_B, 'portal-a')).toEqual([]);
    expect(await ids(env.DB, 'portal-a')).toEqual([]);
    expect(await ids(env.DB, 'portal-b')).toEqual([]);
  });
});
