import {
  type CreditLane,
  computeCredit,
  conversionValue,
  fillLane,
} from './credit';
import {
  createKeyTable,
  type KeyTable,
  MAX_KEYS_PER_TOUCH,
} from './dimension-keys';
import {
  conversionExclusion,
  conversionTime,
  createModelExclusions,
  EXCLUSION,
  type ModelExclusions,
} from './exclusion';
import {
  buildJourney,
  createJourney,
  DEFAULT_MAX_TOUCHES,
  type Journey,
} from './journey';
import { checkMaxTouches, checkModels } from './options';
import {
  buildRows,
  createReportGroups,
  type ReportGroups,
} from './report-groups';
import type {
  AggregateOptions,
  Conversion,
  ModelName,
  Report,
  Touch,
} from './types';

/** State of one aggregate() call: reused buffers and the row sums. */
interface Aggregation {
  models: readonly ModelName[];
  maxTouches: number;
  keys: KeyTable;
  keys2: KeyTable | undefined;
  groups: ReportGroups;
  modelExclusions: ModelExclusions;
  whyNot: (string | null)[];
  journey: Journey;
  /**
   * Credit of the current conversion, slot-major (slot i, model k at
   * i * models + k) so each touch adds one contiguous run to its row.
   */
  lane: CreditLane;
  /** (slot offset, row offset) pairs of the current conversion's touches. */
  pairSlot: Int32Array;
  pairGroup: Int32Array;
  ids1: Int32Array;
  ids2: Int32Array;
  excluded: Record<string, number>;
  sampled: string[];
}

function createAggregation(options: AggregateOptions): Aggregation {
  const models = options.models;
  const maxTouches = options.maxTouches ?? DEFAULT_MAX_TOUCHES;
  checkModels(models);
  checkMaxTouches(maxTouches);

  const m = models.length;
  const keys2 =
    options.dimension2 === undefined
      ? undefined
      : createKeyTable(options.dimension2);
  return {
    models,
    maxTouches,
    keys: createKeyTable(options.dimension),
    keys2,
    groups: createReportGroups(m, keys2 !== undefined),
    modelExclusions: createModelExclusions(models),
    whyNot: models.map(() => null),
    journey: createJourney(),
    lane: { out: new Float64Array(64 * m), offset: 0, stride: m, value: 1 },
    pairSlot: new Int32Array(64),
    pairGroup: new Int32Array(64),
    ids1: new Int32Array(MAX_KEYS_PER_TOUCH),
    ids2: new Int32Array(MAX_KEYS_PER_TOUCH),
    excluded: {},
    sampled: [],
  };
}

function exclude(a: Aggregation, reason: string): void {
  a.excluded[reason] = (a.excluded[reason] ?? 0) + 1;
}

/** Fills the lane with every model's credit for the built journey. */
function creditModels(a: Aggregation, c: Conversion): void {
  const { models, lane, whyNot } = a;
  const n = a.journey.length;
  const m = models.length;
  if (lane.out.length < n * m) {
    lane.out = new Float64Array(2 ** Math.ceil(Math.log2(n)) * m);
  }

  lane.value = conversionValue(c);
  a.modelExclusions(c, whyNot);
  for (let k = 0; k < m; k++) {
    lane.offset = k;
    const why = whyNot[k];
    if (why === undefined || why === null) {
      computeCredit(models[k] as ModelName, c, a.journey, lane);
      continue;
    }
    // Zero credit, so the accumulation needs no per-model branch.
    fillLane(lane, n, 0);
    if (whyNot.indexOf(why) === k) exclude(a, why);
  }
}

/**
 * Finds the row of every touch (several with interaction_position) and
 * counts the touch and the conversion there; returns the number of
 * (touch, row) pairs written to pairSlot / pairGroup.
 */
function placeTouches(a: Aggregation, c: Conversion, ordinal: number): number {
  const { journey, groups, keys, keys2, ids1, ids2 } = a;
  const n = journey.length;
  const m = a.models.length;
  const most = n * MAX_KEYS_PER_TOUCH * MAX_KEYS_PER_TOUCH;
  if (a.pairSlot.length < most) {
    a.pairSlot = new Int32Array(2 ** Math.ceil(Math.log2(most)));
    a.pairGroup = new Int32Array(a.pairSlot.length);
  }

  const { pairSlot, pairGroup } = a;
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    const t = c.touches[journey.order[i] as number] as Touch;
    const bits = journey.bits[i] as number;
    const count1 = keys.resolve(t, c, bits, ids1);
    const count2 = keys2 ? keys2.resolve(t, c, bits, ids2) : 1;
    for (let x = 0; x < count1; x++) {
      for (let y = 0; y < count2; y++) {
        const g = groups.groupOf(ids1[x] as number, ids2[y] as number);
        groups.interactions[g] = (groups.interactions[g] as number) + 1;
        if (groups.lastSeen[g] !== ordinal) {
          groups.lastSeen[g] = ordinal;
          groups.conversions[g] = (groups.conversions[g] as number) + 1;
        }
        pairSlot[pairs] = i * m;
        pairGroup[pairs] = g * m;
        pairs++;
      }
    }
  }
  return pairs;
}

/** Adds the lane's credit of each (touch, row) pair to the row sums. */
function accumulate(a: Aggregation, pairs: number): void {
  const credit = a.groups.credit;
  const weights = a.lane.out;
  const { pairSlot, pairGroup } = a;
  const m = a.models.length;
  for (let p = 0; p < pairs; p++) {
    const base = pairGroup[p] as number;
    const from = pairSlot[p] as number;
    for (let k = 0; k < m; k++) {
      credit[base + k] =
        (credit[base + k] as number) + (weights[from + k] as number);
    }
  }
}

function addConversion(a: Aggregation, c: Conversion, ordinal: number): void {
  const reason = conversionExclusion(c);
  if (reason !== null) {
    exclude(a, reason);
    return;
  }
  buildJourney(c, conversionTime(c), a.maxTouches, a.journey);
  if (a.journey.length === 0) {
    exclude(a, EXCLUSION.noInteractions);
    return;
  }
  if (a.journey.sampled) a.sampled.push(c.id);

  creditModels(a, c);
  accumulate(a, placeTouches(a, c, ordinal));
}

/**
 * Attributes every conversion and groups the credit by `dimension` (and
 * `dimension2`): one row per key (or key pair) with each model's credit,
 * in conversions or in money for revenue, plus interaction and conversion
 * counts. Conversions left out of every model (no interactions, missing
 * revenue fields) and of single models (W-shaped and full path for a deal
 * created before a contact) are counted in `excluded` by reason.
 *
 * @example
 * const report = aggregate(deals, {
 *   models: modelsFor('revenue'),
 *   dimension: 'utm_campaign',
 *   dimension2: 'interaction_position',
 * });
 */
export function aggregate(
  conversions: Iterable<Conversion>,
  options: AggregateOptions,
): Report {
  const a = createAggregation(options);
  let count = 0;
  for (const c of conversions) addConversion(a, c, count++);

  return {
    rows: buildRows(a.groups, a.models, a.keys, a.keys2),
    conversions: count,
    excluded: a.excluded,
    sampled: a.sampled,
  };
}
