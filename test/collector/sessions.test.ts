import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WireEventInput } from '../../packages/collector/src/schemas/wire';
import {
  collectMessage,
  createPortal,
  deliver,
  visitorToken,
} from './ingest-support';

const PORTAL = 'sessions';
const SITE = 'https://www.shop.example';
const MIN_MS = 60_000;
const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);

/** One visitor's morning: four sessions by the rules of the spec. */
function timeline(vi: string, prefix: string): WireEventInput[] {
  const at = (minutes: number) => T0 + minutes * MIN_MS;
  const pv = (id: string, minutes: number, u: string, r?: string) => ({
    i: `${prefix}${id}`,
    t: 'pv' as const,
    ts: at(minutes),
    u,
    vi,
    ...(r ? { r } : {}),
  });
  return [
    // A: an email campaign lands; internal clicks continue it.
    pv('1', 0, `${SITE}/?utm_source=news&utm_medium=email`),
    pv('2', 2, `${SITE}/pricing`, `${SITE}/`),
    {
      i: `${prefix}3`,
      t: 'cta',
      ts: at(3),
      u: `${SITE}/pricing`,
      vi,
      ci: 'demo',
    },
    // B: arriving from a search engine within 30 minutes is a new source.
    pv('4', 10, `${SITE}/blog`, 'https://www.google.com/'),
    pv('5', 12, `${SITE}/blog/post`, `${SITE}/blog`),
    // C: 48 idle minutes end B; a bare visit starts a direct session.
    pv('6', 60, `${SITE}/contact`),
    {
      i: `${prefix}7`,
      t: 'form',
      ts: at(61),
      u: `${SITE}/contact`,
      vi,
      fi: 'f',
    },
    // D: a new campaign within 30 minutes; its reload continues it.
    pv('8', 62, `${SITE}/offer?utm_campaign=spring&utm_source=partner`),
    pv('9', 63, `${SITE}/offer?utm_campaign=spring&utm_source=partner`),
    { i: `${prefix}10`, t: 'ce', ts: at(64), u: `${SITE}/offer`, vi, n: 'x' },
  ];
}

interface StoredSession {
  id: string;
  started_at: number;
  ended_at: number;
  source: string;
  landing_url: string;
  referrer: string | null;
  utm_campaign: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  events: number;
}

async function sessionsOf(vi: string) {
  const { results } = await env.DB.prepare(
    `SELECT id, started_at, ended_at, source, landing_url, referrer,
       utm_campaign, utm_source, utm_medium, events
     FROM sessions WHERE portal_id = ? AND visitor_id = ?
     ORDER BY started_at`,
  )
    .bind(PORTAL, vi)
    .all<StoredSession>();
  return results;
}

/** Each interaction's session, as an index into the visitor's sessions. */
async function membership(vi: string, prefix: string) {
  const sessions = await sessionsOf(vi);
  const { results } = await env.DB.prepare(
    `SELECT id, session_id FROM interactions
     WHERE portal_id = ? AND visitor_id = ? ORDER BY at, id`,
  )
    .bind(PORTAL, vi)
    .all<{ id: string; session_id: string }>();
  return results.map((r) => [
    r.id.slice(prefix.length),
    sessions.findIndex((s) => s.id === r.session_id),
  ]);
}

function withoutIds(sessions: StoredSession[]) {
  return sessions.map(({ id: _id, ...rest }) => rest);
}

/** A deterministic shuffle (seeded), so a failure can be replayed. */
function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('sessions', () => {
  beforeAll(async () => {
    await createPortal(PORTAL, ['shop.example']);
  });

  it('splits on idle time and on a new source, and continues on bare internal views', async () => {
    const vi = visitorToken();
    for (const event of timeline(vi, 'inorder-')) {
      const result = await deliver([collectMessage(PORTAL, [event])]);
      expect(result.explicitAcks).toHaveLength(1);
    }

    const sessions = await sessionsOf(vi);
    expect(sessions.map((s) => [s.source, s.events])).toEqual([
      ['email_marketing', 3],
      ['organic_search', 2],
      ['direct_traffic', 2],
      ['other_campaigns', 3],
    ]);
    expect(sessions[0]).toMatchObject({
      started_at: T0,
      ended_at: T0 + 3 * MIN_MS,
      landing_url: `${SITE}/?utm_source=news&utm_medium=email`,
      utm_source: 'news',
      utm_medium: 'email',
    });
    expect(sessions[1]?.referrer).toBe('https://www.google.com/');
  });

  it('gives the same sessions when batches arrive shuffled and concurrently', async () => {
    const ordered = visitorToken();
    for (const event of timeline(ordered, 'o-')) {
      await deliver([collectMessage(PORTAL, [event])]);
    }

    const shuffled = visitorToken();
    const events = shuffle(timeline(shuffled, 's-'), 7);
    const messages = events.map((e) => collectMessage(PORTAL, [e]));
    // Four batches, one message delivered twice (a Queue redelivery).
    const batches = [
      [messages[0], messages[1], messages[2]],
      [messages[3], messages[4], messages[0]],
      [messages[5], messages[6]],
      [messages[7], messages[8], messages[9]],
    ].map((b) => b.filter((m) => m !== undefined));
    const results = await Promise.all(batches.map((b) => deliver(b)));
    for (const r of results) expect(r.retryMessages).toEqual([]);

    expect(withoutIds(await sessionsOf(shuffled))).toEqual(
      withoutIds(await sessionsOf(ordered)),
    );
    expect(await membership(shuffled, 's-')).toEqual(
      await membership(ordered, 'o-'),
    );
  });

  it('merges two sessions when a late event fills the idle gap', async () => {
    const vi = visitorToken();
    const pv = (i: string, minutes: number) => ({
      i,
      t: 'pv' as const,
      ts: T0 + minutes * MIN_MS,
      u: `${SITE}/p${i}`,
      vi,
    });
    await deliver([
      collectMessage(PORTAL, [pv('late-a', 0), pv('late-c', 40)]),
    ]);
    expect(await sessionsOf(vi)).toHaveLength(2);

    await deliver([collectMessage(PORTAL, [pv('late-b', 20)])]);
    const sessions = await sessionsOf(vi);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      events: 3,
      ended_at: T0 + 40 * MIN_MS,
    });
    const stale = await env.DB.prepare(
      `SELECT count(*) AS n FROM interactions
       WHERE portal_id = ? AND visitor_id = ? AND session_id != ?`,
    )
      .bind(PORTAL, vi, sessions[0]?.id)
      .first<{ n: number }>();
    expect(stale?.n).toBe(0);
  });

  it('writes nothing twice when a batch is delivered again', async () => {
    const vi = visitorToken();
    const message = collectMessage(PORTAL, timeline(vi, 'twice-'));
    await deliver([message]);
    const before = await sessionsOf(vi);
    const stored = await env.DB.prepare(
      'SELECT sum(stored) AS n FROM ingest_counts WHERE portal_id = ?',
    )
      .bind(PORTAL)
      .first<{ n: number }>();

    const again = await deliver([message, message]);
    expect(again.explicitAcks).toHaveLength(2);
    expect(await sessionsOf(vi)).toEqual(before);
    const count = await env.DB.prepare(
      'SELECT count(*) AS n FROM interactions WHERE portal_id = ? AND visitor_id = ?',
    )
      .bind(PORTAL, vi)
      .first<{ n: number }>();
    expect(count?.n).toBe(10);
    const storedAfter = await env.DB.prepare(
      'SELECT sum(stored) AS n FROM ingest_counts WHERE portal_id = ?',
    )
      .bind(PORTAL)
      .first<{ n: number }>();
    expect(storedAfter?.n).toBe(stored?.n);
  });

  it('keeps the earliest first touch, even when it arrives last', async () => {
    const vi = visitorToken();
    const later = {
      i: 'ft-2',
      t: 'pv' as const,
      ts: T0 + 90 * MIN_MS,
      u: `${SITE}/?utm_campaign=later&utm_source=x`,
      vi,
    };
    const earlier = {
      i: 'ft-1',
      t: 'pv' as const,
      ts: T0,
      u: `${SITE}/`,
      r: 'https://www.bing.com/',
      vi,
    };
    await deliver([collectMessage(PORTAL, [later])]);
    const first = await env.DB.prepare(
      'SELECT first_source, first_seen_at FROM visitors WHERE portal_id = ? AND id = ?',
    )
      .bind(PORTAL, vi)
      .first();
    expect(first).toEqual({
      first_source: 'other_campaigns',
      first_seen_at: T0 + 90 * MIN_MS,
    });

    await deliver([collectMessage(PORTAL, [earlier])]);
    const visitor = await env.DB.prepare(
      `SELECT first_source, first_seen_at, first_landing_url, first_referrer
       FROM visitors WHERE portal_id = ? AND id = ?`,
    )
      .bind(PORTAL, vi)
      .first();
    expect(visitor).toEqual({
      first_source: 'organic_search',
      first_seen_at: T0,
      first_landing_url: `${SITE}/`,
      first_referrer: 'https://www.bing.com/',
    });
  });
});
