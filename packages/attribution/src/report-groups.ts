import type { KeyTable } from './dimension-keys';
import type { ModelName, ReportRow } from './types';

/**
 * Per-row accumulators of a report in growable typed arrays. A group is one
 * key (or key pair); credit is laid out group-major, one slot per model.
 */
export interface ReportGroups {
  models: number;
  credit: Float64Array;
  interactions: Float64Array;
  conversions: Float64Array;
  /** Ordinal of the last conversion counted in the group. */
  lastSeen: Float64Array;
  key1: Int32Array;
  key2: Int32Array;
  size: number;
  /** Group id of a key id (one dimension) or key id pair (two). */
  groupOf: (k1: number, k2: number) => number;
}

const INITIAL_GROUPS = 64;
// Key ids stay far below 2^26, so a pair code is an exact integer.
const PAIR_RADIX = 2 ** 26;

function widen<T extends Float64Array | Int32Array>(array: T, size: number): T {
  const next = new (array.constructor as new (n: number) => T)(size);
  next.set(array);
  return next;
}

function grow(g: ReportGroups, atLeast: number): void {
  const old = g.interactions.length;
  let capacity = old;
  while (capacity <= atLeast) capacity *= 2;
  g.credit = widen(g.credit, capacity * g.models);
  g.interactions = widen(g.interactions, capacity);
  g.conversions = widen(g.conversions, capacity);
  g.lastSeen = widen(g.lastSeen, capacity);
  g.lastSeen.fill(-1, old);
  g.key1 = widen(g.key1, capacity);
  g.key2 = widen(g.key2, capacity);
}

/** Empty groups for `models` models, keyed by one or two dimensions. */
export function createReportGroups(
  models: number,
  paired: boolean,
): ReportGroups {
  const g: ReportGroups = {
    models,
    credit: new Float64Array(INITIAL_GROUPS * models),
    interactions: new Float64Array(INITIAL_GROUPS),
    conversions: new Float64Array(INITIAL_GROUPS),
    lastSeen: new Float64Array(INITIAL_GROUPS).fill(-1),
    key1: new Int32Array(INITIAL_GROUPS),
    key2: new Int32Array(INITIAL_GROUPS),
    size: 0,
    groupOf: () => 0,
  };
  const add = (k1: number, k2: number): number => {
    const id = g.size++;
    if (id >= g.interactions.length) grow(g, id);
    g.key1[id] = k1;
    g.key2[id] = k2;
    return id;
  };

  if (!paired) {
    // One dimension: key ids are dense already, so they are the group ids.
    g.groupOf = (k1) => {
      while (g.size <= k1) add(g.size, 0);
      return k1;
    };
    return g;
  }
  const pairs = new Map<number, number>();
  g.groupOf = (k1, k2) => {
    const code = k1 * PAIR_RADIX + k2;
    let id = pairs.get(code);
    if (id === undefined) {
      id = add(k1, k2);
      pairs.set(code, id);
    }
    return id;
  };
  return g;
}

function compareRows(a: ReportRow, b: ReportRow): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  const a2 = a.key2 ?? '';
  const b2 = b.key2 ?? '';
  if (a2 === b2) return 0;
  return a2 < b2 ? -1 : 1;
}

/** Report rows of the groups that hold a touch, sorted by key then key2. */
export function buildRows(
  g: ReportGroups,
  models: readonly ModelName[],
  keys: KeyTable,
  keys2: KeyTable | undefined,
): ReportRow[] {
  const rows: ReportRow[] = [];
  for (let id = 0; id < g.size; id++) {
    const interactions = g.interactions[id] as number;
    if (interactions === 0) continue;
    const credit: Partial<Record<ModelName, number>> = {};
    models.forEach((model, k) => {
      credit[model] = g.credit[id * g.models + k] as number;
    });
    const row: ReportRow = {
      key: keys.labels[g.key1[id] as number] ?? '',
      credit,
      interactions,
      conversions: g.conversions[id] as number,
    };
    if (keys2) row.key2 = keys2.labels[g.key2[id] as number] ?? '';
    rows.push(row);
  }
  return rows.sort(compareRows);
}
