import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { assetTypeOf } from '../asset-type';
import { portalOf, requireKey } from '../auth';
import { ApiError } from '../errors';
import { type ContactInput, contactInputSchema } from '../schemas/crm';
import { parseJsonBody } from '../schemas/validate-input';
import type { AppEnv } from '../types';
import { IMPORT_BODY_LIMIT_BYTES, tooLarge } from './import-limits';

/** Id of the contact_create interaction recorded for an offline contact. */
export function contactCreateInteractionId(contactId: string): string {
  return `contact_create:${contactId}`;
}

interface StoredContact {
  created_at: number;
  method: string;
}

/** POST /v1/contacts: contacts from a CRM import or integration. */
export const crmContactRoutes = new Hono<AppEnv>();

crmContactRoutes.post(
  '/v1/contacts',
  requireKey,
  bodyLimit({ maxSize: IMPORT_BODY_LIMIT_BYTES, onError: tooLarge }),
  async (c) => {
    const portalId = portalOf(c);
    const input = await parseJsonBody(c, contactInputSchema);

    const db = c.env.DB;
    // One transaction: the insert tells a new contact from a repeat, and
    // every later statement runs only while the stored contact agrees on
    // createdAt and method, so two requests at once cannot both create
    // it, and a conflicting repeat writes nothing.
    const [inserted, agreed] = await db.batch([
      insertContact(db, portalId, input),
      updateRepeat(db, portalId, input),
      ...linkVisitors(db, portalId, input),
      ...recordCreation(db, portalId, input),
    ]);
    const created = inserted?.meta.changes === 1;
    if (!created && agreed?.meta.changes !== 1) {
      await refuseConflict(db, portalId, input);
    }
    return c.json({ id: input.id, created }, created ? 201 : 200);
  },
);

async function refuseConflict(
  db: D1Database,
  portalId: string,
  input: ContactInput,
): Promise<void> {
  const stored = await db
    .prepare(
      'SELECT created_at, method FROM contacts WHERE portal_id = ? AND id = ?',
    )
    .bind(portalId, input.id)
    .first<StoredContact>();
  if (stored) assertSameIdentity(stored, input);
  // Unreachable unless the contact was deleted meanwhile: ask for a retry.
  throw new ApiError(409, 'conflict', 'the contact changed; retry', 'id');
}

// createdAt and method decide the contact's creating touch; changing them
// after the fact would silently rewrite every report, so a repeat must agree.
function assertSameIdentity(stored: StoredContact, input: ContactInput): void {
  if (stored.created_at !== input.createdAt) {
    throw new ApiError(
      409,
      'conflict',
      'createdAt differs from the stored contact and cannot change',
      'createdAt',
    );
  }
  if (stored.method !== input.method) {
    throw new ApiError(
      409,
      'conflict',
      'method differs from the stored contact and cannot change',
      'method',
    );
  }
}

/** The stored contact, only when it has the same createdAt and method. */
const AGREES = 'portal_id = ?1 AND id = ?2 AND created_at = ?3 AND method = ?4';
const AGREEING_CONTACT = `SELECT 1 FROM contacts WHERE ${AGREES}`;

function insertContact(
  db: D1Database,
  portalId: string,
  input: ContactInput,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO contacts (portal_id, id, created_at, method)
       VALUES (?1, ?2, ?3, ?4) ON CONFLICT (portal_id, id) DO NOTHING`,
    )
    .bind(portalId, input.id, input.createdAt, input.method);
}

function updateRepeat(
  db: D1Database,
  portalId: string,
  input: ContactInput,
): D1PreparedStatement {
  // Fields left out of a repeat keep their stored value.
  return db
    .prepare(
      `UPDATE contacts SET
         email = COALESCE(?5, email),
         company = COALESCE(?6, company),
         lead_source = COALESCE(?7, lead_source)
       WHERE ${AGREES}`,
    )
    .bind(
      portalId,
      input.id,
      input.createdAt,
      input.method,
      input.email?.toLowerCase() ?? null,
      input.company ?? null,
      input.leadSource ?? null,
    );
}

function linkVisitors(
  db: D1Database,
  portalId: string,
  input: ContactInput,
): D1PreparedStatement[] {
  if (!input.visitorIds?.length) return [];
  // A visitor seen only through this import gets a row dated at the
  // contact's creation; a known visitor keeps its first-touch columns.
  const statement = db
    .prepare(
      `INSERT INTO visitors (portal_id, id, contact_id, first_seen_at)
       SELECT ?1, value, ?2, ?3 FROM json_each(?5)
       WHERE EXISTS (${AGREEING_CONTACT})
       ON CONFLICT (portal_id, id) DO UPDATE SET
         contact_id = excluded.contact_id`,
    )
    .bind(
      portalId,
      input.id,
      input.createdAt,
      input.method,
      JSON.stringify(input.visitorIds),
    );
  return [statement];
}

function recordCreation(
  db: D1Database,
  portalId: string,
  input: ContactInput,
): D1PreparedStatement[] {
  // A form-created contact's creating touch is its form submission, which
  // the tracker records; only offline creations need a touch of their own.
  if (input.method === 'form') return [];
  const statement = db
    .prepare(
      `INSERT OR IGNORE INTO interactions
         (portal_id, id, type, at, received_at, contact_id, asset_type,
          source, title)
       SELECT ?1, ?5, 'contact_create', ?3, ?6, ?2, ?7, 'offline_sources', ?8
       WHERE EXISTS (${AGREEING_CONTACT})`,
    )
    .bind(
      portalId,
      input.id,
      input.createdAt,
      input.method,
      contactCreateInteractionId(input.id),
      Date.now(),
      assetTypeOf('contact_create', undefined, input.method),
      CREATION_TITLES[input.method],
    );
  return [statement];
}

const CREATION_TITLES: Record<ContactInput['method'], string> = {
  form: 'Form submission',
  import: 'Contact import',
  integration: 'Integration',
  other: 'Other contact creation',
};
