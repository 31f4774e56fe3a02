import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WireEventInput } from '../../packages/collector/src/schemas/wire';
import {
  collectMessage,
  createPortal,
  deliver,
  portalStats,
  visitorToken,
} from './ingest-support';

const PORTAL = 'visitor-limit';
const SITE = 'https://www.limit.example';
const T0 = Date.UTC(2026, 4, 4, 8, 0, 0);
/** VISITOR_MAX_EVENTS in the suites' configuration (vitest.config.ts). */
const LIMIT = 200;
let apiKey = '';

function pageViews(vi: string, from: number, count: number): WireEventInput[] {
  return Array.from({ length: count }, (_, k) => ({
    i: `${vi}-${from + k}`,
    t: 'pv' as const,
    ts: T0 + (from + k) * 1_000,
    u: `${SITE}/p${from + k}`,
    vi,
  }));
}

async function storedOf(vi: string) {
  const row = await env.DB.prepare(
    `SELECT count(*) AS n FROM interactions
     WHERE portal_id = ? AND visitor_id = ?`,
  )
    .bind(PORTAL, vi)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

describe('the bound on events per visitor', () => {
  beforeAll(async () => {
    apiKey = await createPortal(PORTAL);
  });

  it('stores a visitor first events up to the bound, then drops and counts the rest', async () => {
    const busy = visitorToken();
    const other = visitorToken();
    // 100 events a message, as the tracker's largest batch; the last
    // message also carries a second visitor, which the bound never touches.
    const result = await deliver([
      collectMessage(PORTAL, pageViews(busy, 0, 100)),
      collectMessage(PORTAL, pageViews(busy, 100, 90)),
      collectMessage(PORTAL, [
        ...pageViews(busy, 190, 15),
        ...pageViews(other, 0, 3),
      ]),
    ]);
    expect(result.retryMessages).toEqual([]);

    expect(await storedOf(busy)).toBe(LIMIT);
    expect(await storedOf(other)).toBe(3);
    const { stored, dropped } = await portalStats(apiKey);
    expect(stored).toBe(LIMIT + 3);
    expect(dropped).toEqual({ visitor_limit: 5 });

    // Later events of that visitor are dropped too; what it holds stays.
    await deliver([collectMessage(PORTAL, pageViews(busy, 205, 2))]);
    expect(await storedOf(busy)).toBe(LIMIT);
    expect((await portalStats(apiKey)).dropped).toEqual({ visitor_limit: 7 });
  });
});
