import type { InteractionType, Touch } from '@stack/attribution';
import type { conversionContactsSql, Scope } from './conversion-sql';
import { JOURNEY_COLUMNS, TOUCH_COLUMNS } from './touch-columns';
import { type Columns, packedTouchesSql, rowTouchesSql } from './touch-sql';

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
  /** Dimensions the answer needs; only their columns are read. */
  dimensions: readonly string[];
  /** Also read the journey view's columns. */
  journey: boolean;
  /** Awaited only after the touch query returns: both run at once. */
  contacts: Promise<ReadonlyMap<string, ContactFacts>>;
  /** Force one touch per row (the fallback); default packed. */
  rows?: boolean;
}

/** Touches per contact, plus every read column by interaction id. */
export interface LoadedTouches {
  byContact: Map<string, Touch[]>;
  extras: Map<string, Record<string, unknown>>;
}

const CONTACT_DIMS: Readonly<Record<string, keyof ContactFacts>> = {
  company: 'company',
  lead_source: 'leadSource',
};

// SQLite's SQLITE_TOOBIG, as D1 reports a value over its 2 MB cap.
const TOO_BIG = /too big|TOOBIG/i;

/**
 * Loads, in one query, every interaction of the conversions' contacts up
 * to each contact's latest cutoff: those stored with the contact's id and
 * those of the visitors linked to it (earlier rows are never rewritten when
 * a visitor is identified, so both paths are needed).
 */
export async function loadTouches(load: TouchLoad): Promise<LoadedTouches> {
  const names = [
    ...load.dimensions.filter((d) => d in TOUCH_COLUMNS),
    ...(load.journey ? Object.keys(JOURNEY_COLUMNS) : []),
  ];
  const columns: Columns = names.flatMap((name) => {
    const column = TOUCH_COLUMNS[name] ?? JOURNEY_COLUMNS[name];
    return column ? [[name, column] as const] : [];
  });
  const input = { report: load.report, scope: load.scope, columns };

  if (!load.rows) {
    try {
      const packed = await load.db
        .prepare(packedTouchesSql(input))
        .bind(...load.params)
        .raw<[string, string, string]>();
      const builder = new TouchBuilder(load, columns, await load.contacts);
      for (const [contactId, own, viaVisitors] of packed) {
        for (const row of JSON.parse(own) as unknown[][]) {
          builder.add(row, contactId);
        }
        for (const row of JSON.parse(viaVisitors) as unknown[][]) {
          builder.add(row, contactId);
        }
      }
      return builder.result();
    } catch (err) {
      if (!(err instanceof Error && TOO_BIG.test(err.message))) throw err;
      // TODO(perf): only the contact past the cap needs rows; all are re-read.
      return loadTouches({ ...load, rows: true });
    }
  }

  const rows = await load.db
    .prepare(rowTouchesSql(input))
    .bind(...load.params)
    .raw<unknown[]>();
  const builder = new TouchBuilder(load, columns, await load.contacts);
  const owner = 4 + columns.length;
  for (const row of rows) builder.add(row, row[owner] as string);
  return builder.result();
}

/** Turns `[seq, id, type, at, ...columns]` rows into engine touches. */
class TouchBuilder {
  private readonly byContact = new Map<string, Touch[]>();
  private readonly extras = new Map<string, Record<string, unknown>>();
  private readonly contactDims: string[];

  constructor(
    private readonly load: TouchLoad,
    private readonly columns: Columns,
    private readonly contacts: ReadonlyMap<string, ContactFacts>,
  ) {
    this.contactDims = load.dimensions.filter((d) => d in CONTACT_DIMS);
  }

  add(row: unknown[], contactId: string): void {
    const [seq, id, type, at] = row as [
      number,
      string,
      InteractionType,
      number,
    ];
    const contact = this.contacts.get(contactId);
    const dims: Record<string, string | null> = {};
    for (let k = 0; k < this.columns.length; k++) {
      const name = this.columns[k]?.[0] as string;
      dims[name] = (row[4 + k] ?? null) as string | null;
    }
    for (const d of this.contactDims) {
      const field = CONTACT_DIMS[d] as keyof ContactFacts;
      dims[d] = (contact?.[field] ?? null) as string | null;
    }

    const touch: Touch = { id, at, seq, type, contactId, dims };
    if (createsContact(touch, contact)) touch.createsContact = true;
    const list = this.byContact.get(contactId);
    if (list) list.push(touch);
    else this.byContact.set(contactId, [touch]);
    if (this.load.journey) this.extras.set(id, dims);
  }

  result(): LoadedTouches {
    return { byContact: this.byContact, extras: this.extras };
  }
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
