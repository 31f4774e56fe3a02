import { POSITION_BITS } from './position-bits';
import type { Conversion, ReportKind, Touch } from './types';

/** Row key of a touch or conversion with no value for the dimension. */
export const NONE_KEY = '(none)';
/** interaction_position row of touches that hold no position. */
export const INTERMEDIATE_KEY = 'intermediate';

const MS_PER_DAY = 86_400_000;
/** Most keys one touch can fall under in one dimension (its positions). */
export const MAX_KEYS_PER_TOUCH = POSITION_BITS.length;

// Positions each report labels: contact reports and deal reports differ.
const CONTACT_POSITION_BITS = POSITION_BITS.filter(([p]) =>
  ['first_interaction', 'last_interaction', 'lead_created'].includes(p),
);
const DEAL_POSITION_BITS = POSITION_BITS.filter(([p]) =>
  [
    'first_interaction',
    'lead_creation',
    'deal_creation',
    'closed_won',
  ].includes(p),
);

/**
 * Writes the key ids a touch falls under into `out` and returns how many
 * (several only for interaction_position).
 */
export type KeyResolver = (
  t: Touch,
  c: Conversion,
  bits: number,
  out: Int32Array,
) => number;

/** Interns the keys of one dimension to dense integer ids. */
export interface KeyTable {
  labels: string[];
  resolve: KeyResolver;
}

/**
 * Builds the key table of one dimension. Engine-computed dimensions:
 * interaction_position, interaction_date (UTC day of the touch) and
 * interaction_type (falls back to the touch's type). Any other dimension
 * is read from the touch, then from the conversion.
 */
export function createKeyTable(dimension: string): KeyTable {
  const labels: string[] = [];
  const ids = new Map<string, number>();
  const intern = (key: string): number => {
    let id = ids.get(key);
    if (id === undefined) {
      id = labels.length;
      labels.push(key);
      ids.set(key, id);
    }
    return id;
  };

  if (dimension === 'interaction_position') {
    return { labels, resolve: resolvePosition(intern) };
  }
  if (dimension === 'interaction_date') {
    return { labels, resolve: resolveDate(intern) };
  }
  const resolve: KeyResolver = (t, c, _bits, out) => {
    let value = t.dims[dimension];
    if (value === undefined) value = c.dims[dimension];
    if (value === undefined && dimension === 'interaction_type') {
      value = t.type;
    }
    out[0] = intern(
      value === null || value === undefined || value === '' ? NONE_KEY : value,
    );
    return 1;
  };
  return { labels, resolve };
}

function resolvePosition(intern: (key: string) => number): KeyResolver {
  const intermediate = intern(INTERMEDIATE_KEY);
  const labelled = (report: ReportKind) =>
    report === 'contact-create' ? CONTACT_POSITION_BITS : DEAL_POSITION_BITS;
  const contactIds = CONTACT_POSITION_BITS.map(([p]) => intern(p));
  const dealIds = DEAL_POSITION_BITS.map(([p]) => intern(p));

  return (_t, c, bits, out) => {
    const list = labelled(c.report);
    const ids = c.report === 'contact-create' ? contactIds : dealIds;
    let count = 0;
    for (let k = 0; k < list.length; k++) {
      const entry = list[k];
      if (entry !== undefined && bits & entry[1]) out[count++] = ids[k] ?? 0;
    }
    if (count === 0) out[count++] = intermediate;
    return count;
  };
}

function resolveDate(intern: (key: string) => number): KeyResolver {
  // Formatting a date per touch is slow; one string per distinct UTC day.
  const byDay = new Map<number, number>();
  return (t, _c, _bits, out) => {
    const day = Math.floor(t.at / MS_PER_DAY);
    let id = byDay.get(day);
    if (id === undefined) {
      const label = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
      id = intern(label);
      byDay.set(day, id);
    }
    out[0] = id;
    return 1;
  };
}
