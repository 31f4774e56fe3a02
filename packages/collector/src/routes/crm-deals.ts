import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { portalOf, requireKey } from '../auth';
import { ApiError } from '../errors';
import {
  type DealPatch,
  dealInputSchema,
  dealPatchSchema,
  idSchema,
} from '../schemas/crm';
import { parseJsonBody, parseWith } from '../schemas/validate-input';
import type { AppEnv } from '../types';
import { IMPORT_BODY_LIMIT_BYTES, tooLarge } from './import-limits';
import { assertKnownIds } from './known-ids';

interface DealRecord {
  name: string;
  amount: number | null;
  currency: string | null;
  pipeline: string | null;
  type: string | null;
  owner: string | null;
  createdAt: number;
  stage: 'open' | 'closedwon' | 'closedlost';
  closedAt: number | null;
}

interface DealRow {
  name: string;
  amount: number | null;
  currency: string | null;
  pipeline: string | null;
  type: string | null;
  owner: string | null;
  created_at: number;
  stage: DealRecord['stage'];
  closed_at: number | null;
}

/** POST /v1/deals and PATCH /v1/deals/:id: deals from a CRM. */
export const crmDealRoutes = new Hono<AppEnv>();

const limit = bodyLimit({
  maxSize: IMPORT_BODY_LIMIT_BYTES,
  onError: tooLarge,
});

crmDealRoutes.post('/v1/deals', requireKey, limit, async (c) => {
  const portalId = portalOf(c);
  const input = await parseJsonBody(c, dealInputSchema);
  const db = c.env.DB;
  await assertKnownIds(
    db,
    portalId,
    'contacts',
    input.contactIds,
    'contactIds',
  );

  const stored = await loadDeal(db, portalId, input.id);
  const { id, contactIds, ...fields } = input;
  const record = mergeDeal(stored, fields, false);
  await saveDeal(db, portalId, id, record, contactIds);
  return c.json({ id, created: !stored }, stored ? 200 : 201);
});

crmDealRoutes.patch('/v1/deals/:id', requireKey, limit, async (c) => {
  const portalId = portalOf(c);
  const id = parseWith(idSchema, c.req.param('id'), 'id');
  const patch = await parseJsonBody(c, dealPatchSchema);
  const db = c.env.DB;
  const contactIds = patch.contactIds ?? [];
  await assertKnownIds(db, portalId, 'contacts', contactIds, 'contactIds');

  const stored = await loadDeal(db, portalId, id);
  if (!stored) throw new ApiError(404, 'not_found', `no deal ${id}`, 'id');
  const record = mergeDeal(stored, patch, true);
  await saveDeal(db, portalId, id, record, contactIds);
  return c.json({ id, created: false });
});

async function loadDeal(
  db: D1Database,
  portalId: string,
  id: string,
): Promise<DealRecord | undefined> {
  const row = await db
    .prepare(
      `SELECT name, amount, currency, pipeline, type, owner, created_at,
              stage, closed_at
       FROM deals WHERE portal_id = ? AND id = ?`,
    )
    .bind(portalId, id)
    .first<DealRow>();
  if (!row) return undefined;
  const { created_at, closed_at, ...rest } = row;
  return { ...rest, createdAt: created_at, closedAt: closed_at };
}

/**
 * Fields given replace stored ones; fields left out keep them. A PATCH that
 * moves a deal to closed won without a close date closes it now, as a CRM
 * stage change would; an import (POST) keeps a missing close date missing,
 * since the real one is unknown.
 */
function mergeDeal(
  stored: DealRecord | undefined,
  input: Omit<DealPatch, 'contactIds'>,
  isStageChange: boolean,
): DealRecord {
  const name = input.name ?? stored?.name;
  const createdAt = input.createdAt ?? stored?.createdAt;
  if (name === undefined || createdAt === undefined) {
    throw new ApiError(400, 'invalid', 'name and createdAt are required');
  }
  const stage = input.stage ?? stored?.stage ?? 'open';
  let closedAt = input.closedAt ?? stored?.closedAt ?? null;
  const becameWon = stage === 'closedwon' && stored?.stage !== 'closedwon';
  if (isStageChange && becameWon && closedAt === null) closedAt = Date.now();

  return {
    name,
    amount: input.amount ?? stored?.amount ?? null,
    currency: input.currency ?? stored?.currency ?? null,
    pipeline: input.pipeline ?? stored?.pipeline ?? null,
    type: input.type ?? stored?.type ?? null,
    owner: input.owner ?? stored?.owner ?? null,
    createdAt,
    stage,
    closedAt,
  };
}

async function saveDeal(
  db: D1Database,
  portalId: string,
  id: string,
  deal: DealRecord,
  contactIds: readonly string[],
): Promise<void> {
  const upsert = db
    .prepare(
      `INSERT INTO deals (portal_id, id, name, amount, currency, pipeline,
         type, owner, created_at, stage, closed_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
       ON CONFLICT (portal_id, id) DO UPDATE SET
         name = excluded.name, amount = excluded.amount,
         currency = excluded.currency, pipeline = excluded.pipeline,
         type = excluded.type, owner = excluded.owner,
         created_at = excluded.created_at, stage = excluded.stage,
         closed_at = excluded.closed_at`,
    )
    .bind(
      portalId,
      id,
      deal.name,
      deal.amount,
      deal.currency,
      deal.pipeline,
      deal.type,
      deal.owner,
      deal.createdAt,
      deal.stage,
      deal.closedAt,
    );
  // Associations are only ever added; associated_at is the deal's creation.
  const associate = db
    .prepare(
      `INSERT OR IGNORE INTO deal_contacts
         (portal_id, deal_id, contact_id, associated_at)
       SELECT ?1, ?2, value, ?3 FROM json_each(?4)`,
    )
    .bind(portalId, id, deal.createdAt, JSON.stringify(contactIds));
  await db.batch(contactIds.length ? [upsert, associate] : [upsert]);
}
