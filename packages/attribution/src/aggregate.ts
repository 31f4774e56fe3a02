import { computeCredit } from './credit';
import {
  createKeyTable,
  type KeyTable,
  MAX_KEYS_PER_TOUCH,
} from './dimension-keys';
import {
  conversionExclusion,
  conversionTime,
  dealPrecedesContact,
  EXCLUSION,
  modelExclusion,
} from './exclusion';
import { buildJourney, createJourney, DEFAULT_MAX_TOUCHES } from './journey';
import { checkMaxTouches, checkModels } from './options';
import type {
  AggregateOptions,
  Conversion,
  ModelName,
  Report,
  ReportRow,
  Touch,
} from './types';

/** Growable per-group accumulators; credit is laid out group-major. */
interface Groups {
  credit: Float64Array;
  interactions: Float64Array;
  conversions: Float64Array;
  lastSeen: Int32Array;
  key1: Int32Array;
  key2: Int32Array;
  size: number;
}

function createGroups(models: number): Groups {
  const capacity = 64;
  return {
    credit: new Float64Array(capacity * models),
    interactions: new Float64Array(capacity),
    conversions: new Float64Array(capacity),
    lastSeen: new Int32Array(capacity).fill(-1),
    key1: new Int32Array(capacity),
    key2: new Int32Array(capacity),
    size: 0,
  };
}

function grow(g: Groups, models: number): void {
  const capacity = g.interactions.length * 2;
  const credit = new Float64Array(capacity * models);
  credit.set(g.credit);
  g.credit = credit;
  for (const field of ['interactions', 'conversions'] as const) {
    const next = new Float64Array(capacity);
    next.set(g[field]);
    g[field] = next;
  }
  const lastSeen = new Int32Array(capacity).fill(-1);
  lastSeen.set(g.lastSeen);
  g.lastSeen = lastSeen;
  for (const field of ['key1', 'key2'] as const) {
    const next = new Int32Array(capacity);
    next.set(g[field]);
    g[field] = next;
  }
}

/** Maps (key1, key2) id pairs to dense group ids. */
function createPairs(groups: Groups, models: number, paired: boolean) {
  const pairs = new Map<number, number>();
  // Key ids stay far below 2^26, so the pair code is an exact integer.
  const PAIR_RADIX = 2 ** 26;
  return (k1: number, k2: number): number => {
    const code = paired ? k1 * PAIR_RADIX + k2 : k1;
    let id = pairs.get(code);
    if (id !== undefined) return id;
    id = groups.size++;
    if (id >= groups.interactions.length) grow(groups, models);
    groups.key1[id] = k1;
    groups.key2[id] = k2;
    pairs.set(code, id);
    return id;
  };
}

function buildRows(
  groups: Groups,
  models: readonly ModelName[],
  keys: KeyTable,
  keys2: KeyTable | undefined,
): ReportRow[] {
  const rows: ReportRow[] = [];
  const m = models.length;
  for (let g = 0; g < groups.size; g++) {
    const credit: Partial<Record<ModelName, number>> = {};
    for (let k = 0; k < m; k++) {
      credit[models[k] as ModelName] = groups.credit[g * m + k] as number;
    }
    const row: ReportRow = {
      key: keys.labels[groups.key1[g] as number] ?? '',
      credit,
      interactions: groups.interactions[g] as number,
      conversions: groups.conversions[g] as number,
    };
    if (keys2) row.key2 = keys2.labels[groups.key2[g] as number] ?? '';
    rows.push(row);
  }
  return rows.sort(compareRows);
}

function compareRows(a: ReportRow, b: ReportRow): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  const a2 = a.key2 ?? '';
  const b2 = b.key2 ?? '';
  if (a2 === b2) return 0;
  return a2 < b2 ? -1 : 1;
}

/**
 * Attributes every conversion and groups the credit by `dimension` (and
 * `dimension2`): one row per key (pair) with each model's credit, in
 * conversions or in money for revenue, plus interaction and conversion
 * counts. Conversions left out of every model (no interactions, missing
 * revenue fields) and of single models (W-shaped and full path for a deal
 * created before a contact) are counted in `excluded` by reason.
 */
export function aggregate(
  conversions: Iterable<Conversion>,
  options: AggregateOptions,
): Report {
  const models = options.models;
  const maxTouches = options.maxTouches ?? DEFAULT_MAX_TOUCHES;
  checkModels(models);
  checkMaxTouches(maxTouches);

  const m = models.length;
  const keys = createKeyTable(options.dimension);
  const keys2 =
    options.dimension2 === undefined
      ? undefined
      : createKeyTable(options.dimension2);
  const groups = createGroups(m);
  const groupOf = createPairs(groups, m, keys2 !== undefined);
  const journey = createJourney();
  let weights = models.map(() => new Float64Array(64));
  const active = new Uint8Array(m);
  const ids1 = new Int32Array(MAX_KEYS_PER_TOUCH);
  const ids2 = new Int32Array(MAX_KEYS_PER_TOUCH);
  const excluded: Record<string, number> = {};
  const sampled: string[] = [];
  const reasons: string[] = [];
  let ordinal = -1;

  const exclude = (reason: string) => {
    excluded[reason] = (excluded[reason] ?? 0) + 1;
  };

  for (const c of conversions) {
    ordinal++;
    const reason = conversionExclusion(c);
    if (reason !== null) {
      exclude(reason);
      continue;
    }
    buildJourney(c, conversionTime(c), maxTouches, journey);
    const n = journey.length;
    if (n === 0) {
      exclude(EXCLUSION.noInteractions);
      continue;
    }
    if (journey.sampled) sampled.push(c.id);

    if ((weights[0]?.length ?? n) < n) {
      const size = 2 ** Math.ceil(Math.log2(n));
      weights = models.map(() => new Float64Array(size));
    }
    const value = c.report === 'revenue' ? c.value : 1;
    const dealFirst = dealPrecedesContact(c);
    reasons.length = 0;
    for (let k = 0; k < m; k++) {
      const model = models[k] as ModelName;
      const why = modelExclusion(model, c, dealFirst);
      active[k] = why === null ? 1 : 0;
      if (why === null) {
        computeCredit(model, c, journey, value, weights[k] as Float64Array);
      } else if (!reasons.includes(why)) {
        reasons.push(why);
      }
    }
    for (const why of reasons) exclude(why);

    const { order, bits } = journey;
    for (let i = 0; i < n; i++) {
      const t = c.touches[order[i] as number] as Touch;
      const b = bits[i] as number;
      const count1 = keys.resolve(t, c, b, ids1);
      const count2 = keys2 ? keys2.resolve(t, c, b, ids2) : 1;
      for (let a = 0; a < count1; a++) {
        for (let z = 0; z < count2; z++) {
          const g = groupOf(ids1[a] as number, keys2 ? (ids2[z] as number) : 0);
          const credit = groups.credit;
          groups.interactions[g] = (groups.interactions[g] as number) + 1;
          if (groups.lastSeen[g] !== ordinal) {
            groups.lastSeen[g] = ordinal;
            groups.conversions[g] = (groups.conversions[g] as number) + 1;
          }
          const base = g * m;
          for (let k = 0; k < m; k++) {
            if (active[k] === 0) continue;
            credit[base + k] =
              (credit[base + k] as number) +
              ((weights[k] as Float64Array)[i] as number);
          }
        }
      }
    }
  }

  return {
    rows: buildRows(groups, models, keys, keys2),
    conversions: ordinal + 1,
    excluded,
    sampled,
  };
}
