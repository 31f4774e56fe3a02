import { Hono } from 'hono';
import { portalOf, requireKey } from '../auth';
import { ApiError } from '../errors';
import { log } from '../logger';
import { idSchema } from '../schemas/crm';
import { parseWith } from '../schemas/validate-input';
import { visitorObject } from '../sessions/visitor-shards';
import type { AppEnv } from '../types';

/** Rows removed by one erasure, by table. */
export interface ErasureCounts {
  contacts: number;
  visitors: number;
  sessions: number;
  interactions: number;
  interactionDeals: number;
  dealContacts: number;
}

// ?1 portal, ?2 contact. Every statement names the contact's visitors by
// this subquery, so the set is read inside the same transaction as the
// deletes; the visitors themselves go last.
const LINKED_VISITORS = `SELECT id FROM visitors
  WHERE portal_id = ?1 AND contact_id = ?2`;
const CONTACT_INTERACTIONS = `SELECT id FROM interactions
  WHERE portal_id = ?1
    AND (contact_id = ?2 OR visitor_id IN (${LINKED_VISITORS}))`;

const ERASE_STATEMENTS: [keyof ErasureCounts, string][] = [
  [
    'interactionDeals',
    `DELETE FROM interaction_deals WHERE portal_id = ?1
       AND interaction_id IN (${CONTACT_INTERACTIONS})`,
  ],
  [
    'interactions',
    `DELETE FROM interactions WHERE portal_id = ?1
       AND (contact_id = ?2 OR visitor_id IN (${LINKED_VISITORS}))`,
  ],
  [
    'sessions',
    `DELETE FROM sessions WHERE portal_id = ?1
       AND visitor_id IN (${LINKED_VISITORS})`,
  ],
  [
    'dealContacts',
    'DELETE FROM deal_contacts WHERE portal_id = ?1 AND contact_id = ?2',
  ],
  ['visitors', 'DELETE FROM visitors WHERE portal_id = ?1 AND contact_id = ?2'],
  ['contacts', 'DELETE FROM contacts WHERE portal_id = ?1 AND id = ?2'],
];

/**
 * DELETE /v1/contacts/:id: the right to erasure. Removes the contact,
 * its visitors and their sessions, every interaction of the contact or of
 * its visitors, and its deal links, in one D1 batch (one transaction).
 * Deals themselves stay: they are the company's records, not the person's.
 */
export const erasureRoutes = new Hono<AppEnv>();

erasureRoutes.delete('/v1/contacts/:id', requireKey, async (c) => {
  const portalId = portalOf(c);
  const contactId = parseWith(idSchema, c.req.param('id'), 'id');
  const db = c.env.DB;

  const known = await db
    .prepare('SELECT 1 AS found FROM contacts WHERE portal_id = ? AND id = ?')
    .bind(portalId, contactId)
    .first();
  if (!known) {
    throw new ApiError(404, 'not_found', 'no such contact', 'id');
  }

  // The visitors' objects hold their raw events; they are emptied first, so
  // that a failure before the D1 batch leaves the request safe to repeat.
  const { results: visitors } = await db
    .prepare(LINKED_VISITORS)
    .bind(portalId, contactId)
    .all<{ id: string }>();
  await Promise.all(
    visitors.map((v) => visitorObject(c.env, portalId, v.id).erase(v.id)),
  );

  const results = await db.batch(
    ERASE_STATEMENTS.map(([, sql]) =>
      db.prepare(sql).bind(portalId, contactId),
    ),
  );
  const erased = Object.fromEntries(
    ERASE_STATEMENTS.map(([name], i) => [name, results[i]?.meta.changes ?? 0]),
  ) as unknown as ErasureCounts;
  log('info', 'contact_erased', { portalId, ...erased });
  return c.json({ id: contactId, erased });
});
