import { Hono } from 'hono';
import { portalOf, requireKey } from '../auth';
import { sessionCursor, sessionQuerySchema } from '../schemas/session';
import { parseWith } from '../schemas/validate-input';
import type { AppEnv } from '../types';

interface SessionRecord {
  id: string;
  visitor_id: string;
  contact_id: string | null;
  started_at: number;
  ended_at: number;
  source: string;
  landing_url: string | null;
  referrer: string | null;
  utm_campaign: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_content: string | null;
  utm_term: string | null;
  events: number;
  country: string | null;
}

/**
 * GET /v1/sessions?from=&to=: sessions started in the range, oldest first
 * (or newest, `order=desc`), a page at a time: `next` continues.
 */
export const sessionRoutes = new Hono<AppEnv>();

sessionRoutes.get('/v1/sessions', requireKey, async (c) => {
  const portalId = portalOf(c);
  const query = parseWith(sessionQuerySchema, c.req.query());
  const from = query.from ?? 0;
  const to = query.to ?? Number.MAX_SAFE_INTEGER;

  const desc = query.order === 'desc';
  // Row values compare (started_at, id) as one key: the page order.
  const { results } = await c.env.DB.prepare(
    `SELECT s.id, s.visitor_id, v.contact_id, s.started_at, s.ended_at,
       s.source, s.landing_url, s.referrer, s.utm_campaign, s.utm_source,
       s.utm_medium, s.utm_content, s.utm_term, s.events, s.country
     FROM sessions s
     LEFT JOIN visitors v ON v.portal_id = s.portal_id AND v.id = s.visitor_id
     WHERE s.portal_id = ?1 AND s.started_at >= ?2 AND s.started_at < ?3
       AND (?4 IS NULL OR s.visitor_id = ?4)
       AND (?6 IS NULL OR (s.started_at, s.id) ${desc ? '<' : '>'} (?6, ?7))
     ORDER BY s.started_at ${desc ? 'DESC' : ''}, s.id ${desc ? 'DESC' : ''}
     LIMIT ?5`,
  )
    .bind(
      portalId,
      from,
      to,
      query.visitorId ?? null,
      query.limit + 1,
      query.after?.startedAt ?? null,
      query.after?.id ?? null,
    )
    .all<SessionRecord>();
  const page = results.slice(0, query.limit);
  const last = page[page.length - 1];
  const more = results.length > query.limit && last !== undefined;

  return c.json({
    sessions: page.map((s) => ({
      id: s.id,
      visitorId: s.visitor_id,
      contactId: s.contact_id,
      startedAt: new Date(s.started_at).toISOString(),
      endedAt: new Date(s.ended_at).toISOString(),
      source: s.source,
      landingUrl: s.landing_url,
      referrer: s.referrer,
      utm: {
        campaign: s.utm_campaign,
        source: s.utm_source,
        medium: s.utm_medium,
        content: s.utm_content,
        term: s.utm_term,
      },
      events: s.events,
      country: s.country,
    })),
    next: more ? sessionCursor(last.started_at, last.id) : null,
  });
});
