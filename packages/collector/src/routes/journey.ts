import {
  type AttributedJourney,
  attribute,
  modelsFor,
  type ReportKind,
} from '@stack/attribution';
import { Hono } from 'hono';
import { portalOf, requireKey } from '../auth';
import { ApiError } from '../errors';
import { loadConversions } from '../report/load-conversions';
import { TOUCH_COLUMNS } from '../report/touch-columns';
import { idSchema } from '../schemas/crm';
import { journeyQuerySchema } from '../schemas/report';
import { parseWith } from '../schemas/validate-input';
import type { AppEnv } from '../types';

interface ContactRow {
  id: string;
  email: string | null;
  created_at: number;
  method: string;
  company: string | null;
  lead_source: string | null;
}

interface DealRow {
  id: string;
  name: string;
  amount: number | null;
  currency: string | null;
  stage: string;
  created_at: number;
  closed_at: number | null;
}

/** Deals a journey lists for picking another; a contact rarely has more. */
const MAX_LISTED_DEALS = 100;

const ALL_DIMENSIONS = [
  ...Object.keys(TOUCH_COLUMNS),
  'company',
  'lead_source',
];

/** GET /v1/contacts/:id/journey: one contact's touches with their credit. */
export const journeyRoutes = new Hono<AppEnv>();

journeyRoutes.get('/v1/contacts/:id/journey', requireKey, async (c) => {
  const portalId = portalOf(c);
  const contactId = parseWith(idSchema, c.req.param('id'), 'id');
  const query = parseWith(journeyQuerySchema, c.req.query());
  const db = c.env.DB;

  const contact = await db
    .prepare(
      `SELECT id, email, created_at, method, company, lead_source
       FROM contacts WHERE portal_id = ? AND id = ?`,
    )
    .bind(portalId, contactId)
    .first<ContactRow>();
  if (!contact) {
    throw new ApiError(404, 'not_found', `no contact ${contactId}`, 'id');
  }
  const deals =
    query.report === 'contact-create'
      ? undefined
      : await contactDeals(db, portalId, contactId, query.report);
  const deal =
    deals === undefined
      ? undefined
      : await dealOf(db, portalId, contactId, query.report, query.deal, deals);

  const { conversions, extras } = await loadConversions({
    db,
    portalId,
    report: query.report,
    scope: { kind: 'one', id: deal?.id ?? contactId },
    dimensions: ALL_DIMENSIONS,
    journey: true,
  });
  const conversion = conversions[0];
  if (!conversion) throw new ApiError(404, 'not_found', 'no conversion');
  const journey = attribute(conversion, modelsFor(query.report));

  return c.json({
    report: query.report,
    contact: {
      id: contact.id,
      email: contact.email,
      createdAt: new Date(contact.created_at).toISOString(),
      method: contact.method,
      company: contact.company,
      leadSource: contact.lead_source,
    },
    ...(deal ? { deal: dealView(deal) } : {}),
    ...(deals
      ? {
          deals: deals.map((d) => ({
            id: d.id,
            name: d.name,
            createdAt: new Date(d.created_at).toISOString(),
          })),
        }
      : {}),
    excluded: journey.excluded,
    sampled: journey.sampled,
    interactions: interactionsOf(journey, extras),
  });
});

/**
 * The contact's deals this report can show a journey for (revenue: won
 * deals only), oldest first: up to MAX_LISTED_DEALS, or only `dealId`.
 */
async function contactDeals(
  db: D1Database,
  portalId: string,
  contactId: string,
  report: ReportKind,
  dealId?: string,
): Promise<DealRow[]> {
  const won = report === 'revenue' ? "AND d.stage = 'closedwon'" : '';
  const pick = dealId === undefined ? '' : 'AND d.id = ?4';
  const statement = db.prepare(
    `SELECT d.id, d.name, d.amount, d.currency, d.stage, d.created_at,
       d.closed_at
     FROM deal_contacts dc JOIN deals d
       ON d.portal_id = dc.portal_id AND d.id = dc.deal_id
     WHERE dc.portal_id = ?1 AND dc.contact_id = ?2 ${won} ${pick}
     ORDER BY d.created_at, d.id LIMIT ?3`,
  );
  const bound =
    dealId === undefined
      ? statement.bind(portalId, contactId, MAX_LISTED_DEALS)
      : statement.bind(portalId, contactId, 1, dealId);
  return (await bound.all<DealRow>()).results;
}

/**
 * The deal a deal report's journey is about: `?deal=` when given (it must
 * be associated with the contact), else the first of `listed`, the
 * contact's deals by creation.
 */
async function dealOf(
  db: D1Database,
  portalId: string,
  contactId: string,
  report: ReportKind,
  dealId: string | undefined,
  listed: readonly DealRow[],
): Promise<DealRow> {
  const deal =
    dealId === undefined
      ? listed[0]
      : (await contactDeals(db, portalId, contactId, report, dealId))[0];
  if (deal) return deal;

  const what = report === 'revenue' ? 'closed-won deal' : 'deal';
  const message =
    dealId === undefined
      ? `contact ${contactId} has no ${what}`
      : `no ${what} ${dealId} associated with contact ${contactId}`;
  throw new ApiError(404, 'not_found', message, 'deal');
}

function dealView(deal: DealRow) {
  return {
    id: deal.id,
    name: deal.name,
    amount: deal.amount,
    currency: deal.currency,
    stage: deal.stage,
    createdAt: new Date(deal.created_at).toISOString(),
    closedAt:
      deal.closed_at === null ? null : new Date(deal.closed_at).toISOString(),
  };
}

function interactionsOf(
  journey: AttributedJourney,
  extras: Map<string, Record<string, unknown>>,
) {
  const value = journey.conversion.value;
  const isMoney = journey.conversion.report === 'revenue';
  return journey.touches.map((t, index) => {
    const x = extras.get(t.id) ?? {};
    const credit: Record<string, number> = {};
    for (const [model, weights] of Object.entries(journey.credit)) {
      const amount = weights?.[index] ?? 0;
      // Shares of the conversion: money divided back by the deal amount.
      credit[model] = isMoney && value > 0 ? amount / value : amount;
    }
    return {
      id: t.id,
      type: t.type,
      at: new Date(t.at).toISOString(),
      contactId: t.contactId,
      url: x.url ?? null,
      title: x.title ?? null,
      sessionId: x.session_id ?? null,
      source: x.interaction_source ?? null,
      assetType: x.asset_type ?? null,
      contentType: x.content_type ?? null,
      country: x.country ?? null,
      utm: {
        campaign: x.utm_campaign ?? null,
        source: x.utm_source ?? null,
        medium: x.utm_medium ?? null,
        content: x.utm_content ?? null,
        term: x.utm_term ?? null,
      },
      positions: journey.positions[index] ?? [],
      credit,
    };
  });
}
