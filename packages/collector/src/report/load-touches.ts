import type { InteractionType, Touch } from '@stack/attribution';
import { conversionContactsSql, type Scope } from './conversion-sql';
import { JOURNEY_COLUMNS, TOUCH_COLUMNS } from './touch-columns';

/** A contact as its touches need it: creation and contact-level dims. */
export interface ContactFacts {
  createdAt: number;
  method: string;
  company: string | null;
  leadSource: string | null;
}

/** What one touch load reads. */
export interface TouchLoad {
  db: D1Database;
  params: readonly unknown[];
  report: Parameters<typeof conversionContactsSql>[0];
  scope: Scope;
  /** Touch dimensions to read (keys of TOUCH_COLUMNS). */
  dimensions: readonly string[];
  /** Also read the journey view's columns. */
  journey: boolean;
  contacts: ReadonlyMap<string, ContactFacts>;
}

/** Touches per contact, plus the journey columns by interaction id. */
export interface LoadedTouches {
  byContact: Map<string, Touch[]>;
  extras: Map<string, Record<string, unknown>>;
}

const CONTACT_DIMS: Readonly<Record<string, keyof ContactFacts>> = {
  company: 'company',
  lead_source: 'leadSource',
};

/**
 * Loads, in one query, every interaction of the conversions' contacts up
 * to each contact's latest cutoff: those stored with the contact's id and
 * those of the visitors linked to it (earlier rows are never rewritten when
 * a visitor is identified, so both paths are needed).
 */
export async function loadTouches(load: TouchLoad): Promise<LoadedTouches> {
  const touchDims = load.dimensions.filter((d) => d in TOUCH_COLUMNS);
  const columns = [
    ...touchDims.map((d) => [d, TOUCH_COLUMNS[d]] as const),
    ...(load.journey ? Object.entries(JOURNEY_COLUMNS) : []),
  ].filter(([, c]) => c !== undefined);
  const needsSession = columns.some(([, c]) => c?.needsSession);
  const select = columns.map(([, c]) => `, ${c?.sql}`).join('');
  const session = needsSession
    ? 'LEFT JOIN sessions s ON s.portal_id = ?1 AND s.id = i.session_id'
    : '';

  const sql = `WITH conv AS (${conversionContactsSql(load.report, load.scope)}),
    cc AS (SELECT contact_id, max(cutoff) AS cutoff FROM conv
           GROUP BY contact_id)
    SELECT i.seq, i.id, i.type, i.at, cc.contact_id ${select}
    FROM cc JOIN interactions i ON i.portal_id = ?1
      AND i.contact_id = cc.contact_id AND i.at <= cc.cutoff
    ${session}
    UNION ALL
    SELECT i.seq, i.id, i.type, i.at, cc.contact_id ${select}
    FROM cc JOIN visitors v ON v.portal_id = ?1 AND v.contact_id = cc.contact_id
    JOIN interactions i ON i.portal_id = ?1 AND i.visitor_id = v.id
      AND i.at <= cc.cutoff
      AND (i.contact_id IS NULL OR i.contact_id <> cc.contact_id)
    ${session}`;
  const rows = await load.db
    .prepare(sql)
    .bind(...load.params)
    .raw<unknown[]>();

  const contactDims = load.dimensions.filter((d) => d in CONTACT_DIMS);
  const byContact = new Map<string, Touch[]>();
  const extras = new Map<string, Record<string, unknown>>();
  for (const row of rows) {
    const [seq, id, type, at, contactId] = row as [
      number,
      string,
      InteractionType,
      number,
      string,
    ];
    const contact = load.contacts.get(contactId);
    const dims: Record<string, string | null> = {};
    for (let k = 0; k < columns.length; k++) {
      dims[columns[k]?.[0] as string] = row[5 + k] as string | null;
    }
    for (const d of contactDims) {
      const field = CONTACT_DIMS[d] as keyof ContactFacts;
      dims[d] = (contact?.[field] ?? null) as string | null;
    }

    const touch: Touch = { id, at, seq, type, contactId, dims };
    if (createsContact(touch, contact)) touch.createsContact = true;
    const list = byContact.get(contactId);
    if (list) list.push(touch);
    else byContact.set(contactId, [touch]);
    if (load.journey) extras.set(id, dims);
  }
  return { byContact, extras };
}

/**
 * The recorded creation of a contact: its contact_create interaction for
 * an offline creation, or for a form creation the form submission stored
 * at the very moment the contact was created (the engine takes the first
 * in journey order when several match).
 */
function createsContact(
  touch: Touch,
  contact: ContactFacts | undefined,
): boolean {
  if (!contact) return false;
  if (contact.method !== 'form') return touch.type === 'contact_create';
  return touch.type === 'form_submission' && touch.at === contact.createdAt;
}
