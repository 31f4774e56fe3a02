import type { InteractionType, Touch } from '@stack/attribution';
import { conversionContactsSql, type Scope } from './conversion-sql';
import {
  JOURNEY_COLUMNS,
  TOUCH_COLUMNS,
  type TouchColumn,
} from './touch-columns';

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

/**
 * Touches per row of the answer. D1 moves one row with a long JSON text
 * much faster than hundreds of small rows, but caps a value at 2 MB: 500
 * report touches (or 100 journey touches, which carry every column) stay
 * well under it.
 */
const TOUCHES_PER_PART = 500;
const JOURNEY_TOUCHES_PER_PART = 100;

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
  const perPart = load.journey ? JOURNEY_TOUCHES_PER_PART : TOUCHES_PER_PART;
  const sql = touchesSql(load, columns, perPart);
  const parts = await load.db
    .prepare(sql)
    .bind(...load.params)
    .raw<[string]>();
  const rows: unknown[][] = [];
  for (const [part] of parts) {
    for (const row of JSON.parse(part) as unknown[][]) rows.push(row);
  }

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

type Columns = readonly (readonly [string, TouchColumn | undefined])[];

/**
 * The touch query: each contact's touches, packed as JSON arrays
 * `[seq, id, type, at, contactId, ...columns]`, in parts of about
 * `perPart` touches (split by seq modulo the contact's part count).
 */
function touchesSql(load: TouchLoad, columns: Columns, perPart: number) {
  const needsSession = columns.some(([, c]) => c?.needsSession);
  const select = columns.map(([, c], k) => `, ${c?.sql} AS d${k}`).join('');
  const values = columns.map((_, k) => `, d${k}`).join('');
  const session = needsSession
    ? 'LEFT JOIN sessions s ON s.portal_id = ?1 AND s.id = i.session_id'
    : '';
  const head = `SELECT i.seq AS seq, i.id AS id, i.type AS type, i.at AS at,
      cc.contact_id AS owner, cc.parts AS parts ${select}`;

  // MATERIALIZED: the counts run once per contact, not once per touch.
  // CROSS JOIN fixes the join order (SQLite keeps it as written): from the
  // conversions' contacts into the indexes, never a scan of a portal's
  // visitors or interactions, whatever the planner guesses without stats.
  return `WITH conv AS (${conversionContactsSql(load.report, load.scope)}),
    cc0 AS MATERIALIZED (SELECT contact_id, max(cutoff) AS cutoff FROM conv
      GROUP BY contact_id),
    cc AS MATERIALIZED (SELECT contact_id, cutoff, 1 + (
        (SELECT count(*) FROM interactions x WHERE x.portal_id = ?1
           AND x.contact_id = cc0.contact_id AND x.at <= cc0.cutoff)
      + (SELECT count(*) FROM visitors v CROSS JOIN interactions x
           ON x.portal_id = ?1 AND x.visitor_id = v.id AND x.at <= cc0.cutoff
         WHERE v.portal_id = ?1 AND v.contact_id = cc0.contact_id)
      ) / ${perPart} AS parts FROM cc0),
    t AS (
      ${head}
      FROM cc CROSS JOIN interactions i ON i.portal_id = ?1
        AND i.contact_id = cc.contact_id AND i.at <= cc.cutoff
      ${session}
      UNION ALL
      ${head}
      FROM cc CROSS JOIN visitors v ON v.portal_id = ?1
        AND v.contact_id = cc.contact_id
      CROSS JOIN interactions i ON i.portal_id = ?1 AND i.visitor_id = v.id
        AND i.at <= cc.cutoff
        AND (i.contact_id IS NULL OR i.contact_id <> cc.contact_id)
      ${session})
    SELECT json_group_array(json_array(seq, id, type, at, owner ${values}))
    FROM t GROUP BY owner, seq % parts`;
}
