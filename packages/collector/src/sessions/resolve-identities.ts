import type { PreparedEvent } from '../ingest/prepared-event';
import { contactIdForEmail, firstIdentityEvents } from './identity';
import { type Identity, sortedEvents, type VisitorState } from './visitor-plan';

/** Bound parameters per D1 statement stay under D1's limit of 100. */
const VALUES_PER_QUERY = 90;

interface Pending {
  state: VisitorState;
  key: string;
  first: PreparedEvent;
}

async function existing(
  db: D1Database,
  portalId: string,
  column: 'id' | 'email',
  values: string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const unique = [...new Set(values)];
  for (let i = 0; i < unique.length; i += VALUES_PER_QUERY) {
    const chunk = unique.slice(i, i + VALUES_PER_QUERY);
    const marks = chunk.map(() => '?').join(', ');
    // Oldest first, so that the first row seen per email is the oldest.
    const { results } = await db
      .prepare(
        `SELECT id, ${column} AS value FROM contacts
         WHERE portal_id = ? AND ${column} IN (${marks})
         ORDER BY created_at DESC, id DESC`,
      )
      .bind(portalId, ...chunk)
      .all<{ id: string; value: string }>();
    for (const row of results) found.set(row.value, row.id);
  }
  return found;
}

/**
 * Resolves every identity these visitors have not resolved before: the
 * site's own id names the contact; an email links to the oldest contact
 * with it, or to a new contact whose id derives from the email (so that
 * visitors resolving at the same time agree). Two queries per call.
 */
export async function resolveIdentities(
  db: D1Database,
  portalId: string,
  states: readonly VisitorState[],
): Promise<VisitorState[]> {
  const pending: Pending[] = [];
  for (const state of states) {
    for (const [key, first] of firstIdentityEvents(sortedEvents(state))) {
      if (!state.identities.has(key)) pending.push({ state, key, first });
    }
  }
  if (pending.length === 0) return [];

  const ids = pending.flatMap((p) =>
    p.key.startsWith('ii:') && p.first.externalId ? [p.first.externalId] : [],
  );
  const emails = pending.flatMap((p) =>
    p.key.startsWith('em:') && p.first.email ? [p.first.email] : [],
  );
  const [byId, byEmail] = await Promise.all([
    existing(db, portalId, 'id', ids),
    existing(db, portalId, 'email', emails),
  ]);

  const changed = new Set<VisitorState>();
  for (const { state, key, first } of pending) {
    let identity: Identity;
    if (key.startsWith('ii:') && first.externalId) {
      const id = first.externalId;
      identity = { contactId: id, create: !byId.has(id) };
    } else {
      const email = first.email ?? '';
      const found = byEmail.get(email);
      identity = found
        ? { contactId: found, create: false }
        : { contactId: await contactIdForEmail(portalId, email), create: true };
    }
    state.identities.set(key, identity);
    changed.add(state);
  }
  return [...changed];
}
