import type { Conversion, ReportKind, Touch } from '@stack/attribution';
import { contactFilter, dealFilter, type Scope } from './conversion-sql';
import { type ContactFacts, loadTouches } from './load-touches';

/** Conversions in a date range (ms, inclusive), or one contact or deal. */
export type ConversionScope =
  | { kind: 'range'; from: number; to: number }
  | { kind: 'one'; id: string };

/** What to load for a report or a journey. */
export interface ConversionLoad {
  db: D1Database;
  portalId: string;
  report: ReportKind;
  scope: ConversionScope;
  /** Dimensions the answer groups by: only their columns are read. */
  dimensions: readonly string[];
  /** Also read the journey view's columns (url, title, session, …). */
  journey?: boolean;
  /** Read one touch per row instead of packed (the too-big fallback). */
  rows?: boolean;
}

/** Conversions ready for the engine, plus journey columns by touch id. */
export interface LoadedConversions {
  conversions: Conversion[];
  extras: Map<string, Record<string, unknown>>;
}

interface ContactRow {
  cid: string;
  id: string;
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
  pipeline: string | null;
  type: string | null;
  owner: string | null;
  created_at: number;
  closed_at: number | null;
}

/**
 * Loads a report's conversions with every touch of their contacts in four
 * queries whatever their number: contacts, deals, deal links of sales
 * activities, then all touches at once, grouped in memory.
 */
export async function loadConversions(
  load: ConversionLoad,
): Promise<LoadedConversions> {
  const { db, report } = load;
  const scope: Scope = { kind: load.scope.kind };
  const params =
    load.scope.kind === 'range'
      ? [load.portalId, load.scope.from, load.scope.to]
      : [load.portalId, load.scope.id];
  const isDeal = report !== 'contact-create';

  const filter = dealFilter(report, scope);
  const contactSql = isDeal
    ? `SELECT dc.deal_id AS cid, c.id, c.created_at, c.method, c.company,
         c.lead_source
       FROM deals d
       CROSS JOIN deal_contacts dc
         ON dc.portal_id = d.portal_id AND dc.deal_id = d.id
       CROSS JOIN contacts c
         ON c.portal_id = dc.portal_id AND c.id = dc.contact_id
       WHERE ${filter}`
    : `SELECT c.id AS cid, c.id, c.created_at, c.method, c.company,
         c.lead_source
       FROM contacts c WHERE ${contactFilter(scope)}`;
  const statements = [db.prepare(contactSql).bind(...params)];
  if (isDeal) {
    statements.push(
      db
        .prepare(
          `SELECT d.id, d.name, d.amount, d.currency, d.pipeline, d.type, d.owner,
             d.created_at, d.closed_at
           FROM deals d WHERE ${filter}`,
        )
        .bind(...params),
      db
        .prepare(
          `SELECT l.interaction_id AS i, l.deal_id AS d
           FROM interaction_deals l WHERE l.portal_id = ?1
             AND l.deal_id IN (SELECT d.id FROM deals d WHERE ${filter})`,
        )
        .bind(...params),
    );
  }
  // The touch query does not wait for the others: one round trip less.
  const batch = db.batch(statements);
  const facts = batch.then(([contactRes]) => factsOf(contactRes));
  // A failed batch is reported through Promise.all below, not twice.
  facts.catch(() => undefined);
  const [[contactRes, dealRes, linkRes], { byContact, extras }] =
    await Promise.all([
      batch,
      loadTouches({
        db,
        params,
        report,
        scope,
        dimensions: load.dimensions,
        journey: load.journey ?? false,
        contacts: facts,
        rows: load.rows,
      }),
    ]);
  const contactRows = (contactRes?.results ?? []) as ContactRow[];
  attachDealLinks(byContact, (linkRes?.results ?? []) as LinkRow[]);

  const conversions = isDeal
    ? dealConversions(
        report,
        (dealRes?.results ?? []) as DealRow[],
        contactRows,
        byContact,
      )
    : contactConversions(contactRows, byContact);
  return { conversions, extras };
}

function factsOf(result: D1Result | undefined): Map<string, ContactFacts> {
  const facts = new Map<string, ContactFacts>();
  for (const r of (result?.results ?? []) as ContactRow[]) {
    facts.set(r.id, {
      createdAt: r.created_at,
      method: r.method,
      company: r.company,
      leadSource: r.lead_source,
    });
  }
  return facts;
}

interface LinkRow {
  i: string;
  d: string;
}

function attachDealLinks(
  byContact: Map<string, Touch[]>,
  links: readonly LinkRow[],
): void {
  if (links.length === 0) return;
  const dealsOf = new Map<string, string[]>();
  for (const { i, d } of links) {
    const list = dealsOf.get(i);
    if (list) list.push(d);
    else dealsOf.set(i, [d]);
  }
  for (const touches of byContact.values()) {
    for (const t of touches) {
      const deals = dealsOf.get(t.id);
      if (deals) t.dealIds = deals;
    }
  }
}

function contactConversions(
  rows: readonly ContactRow[],
  byContact: Map<string, Touch[]>,
): Conversion[] {
  return rows.map((r) => ({
    id: r.id,
    report: 'contact-create',
    contacts: [{ id: r.id, createdAt: r.created_at }],
    value: 1,
    dims: { company: r.company, lead_source: r.lead_source },
    touches: byContact.get(r.id) ?? [],
  }));
}

function utcDay(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().slice(0, 10);
}

function dealConversions(
  report: ReportKind,
  deals: readonly DealRow[],
  contactRows: readonly ContactRow[],
  byContact: Map<string, Touch[]>,
): Conversion[] {
  const contactsOf = new Map<string, ContactRow[]>();
  for (const r of contactRows) {
    const list = contactsOf.get(r.cid);
    if (list) list.push(r);
    else contactsOf.set(r.cid, [r]);
  }

  return deals.map((d) => {
    const contacts = contactsOf.get(d.id) ?? [];
    const touches =
      contacts.length === 1
        ? (byContact.get(contacts[0]?.id ?? '') ?? [])
        : contacts.flatMap((c) => byContact.get(c.id) ?? []);
    const conversion: Conversion = {
      id: d.id,
      report,
      contacts: contacts.map((c) => ({ id: c.id, createdAt: c.created_at })),
      dealCreatedAt: d.created_at,
      value: report === 'revenue' ? (d.amount ?? Number.NaN) : 1,
      dims: {
        deal_name: d.name,
        deal_owner: d.owner,
        deal_pipeline: d.pipeline,
        deal_type: d.type,
        deal_create_date: utcDay(d.created_at),
        deal_close_date: utcDay(d.closed_at),
        deal_currency: d.currency,
      },
      touches,
    };
    if (report === 'revenue' && d.closed_at !== null) {
      conversion.closedWonAt = d.closed_at;
    }
    return conversion;
  });
}
