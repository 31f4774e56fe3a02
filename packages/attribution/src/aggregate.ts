import { computeCredit, fillLane } from './credit';
import { createKeyTable, MAX_KEYS_PER_TOUCH } from './dimension-keys';
import {
  conversionExclusion,
  conversionTime,
  createModelExclusions,
  EXCLUSION,
} from './exclusion';
import { buildJourney, createJourney, DEFAULT_MAX_TOUCHES } from './journey';
import { checkMaxTouches, checkModels } from './options';
import { buildRows, createReportGroups } from './report-groups';
import type {
  AggregateOptions,
  Conversion,
  ModelName,
  Report,
  Touch,
} from './types';

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
  const groups = createReportGroups(m, keys2 !== undefined);
  const modelExclusions = createModelExclusions(models);
  const whyNot: (string | null)[] = models.map(() => null);
  const journey = createJourney();
  // Credit of the current conversion, slot-major: slot i, model k at
  // i * m + k, so each touch adds one contiguous run to its group.
  const lane = { out: new Float64Array(64 * m), offset: 0, stride: m };
  // (journey slot, group) pairs of one conversion: a touch falls in several
  // groups when a dimension is interaction_position.
  let pairSlot = new Int32Array(64);
  let pairGroup = new Int32Array(64);
  const ids1 = new Int32Array(MAX_KEYS_PER_TOUCH);
  const ids2 = new Int32Array(MAX_KEYS_PER_TOUCH);
  ids2[0] = 0;
  const excluded: Record<string, number> = {};
  const sampled: string[] = [];
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

    if (lane.out.length < n * m) {
      lane.out = new Float64Array(2 ** Math.ceil(Math.log2(n)) * m);
    }
    const value = c.report === 'revenue' ? c.value : 1;
    modelExclusions(c, whyNot);
    for (let k = 0; k < m; k++) {
      lane.offset = k;
      const why = whyNot[k];
      if (why === undefined || why === null) {
        computeCredit(models[k] as ModelName, c, journey, value, lane);
        continue;
      }
      // Zero credit, so the accumulation below needs no per-model branch.
      fillLane(lane, n, 0);
      if (whyNot.indexOf(why) === k) exclude(why);
    }

    const most = n * MAX_KEYS_PER_TOUCH * MAX_KEYS_PER_TOUCH;
    if (pairSlot.length < most) {
      pairSlot = new Int32Array(2 ** Math.ceil(Math.log2(most)));
      pairGroup = new Int32Array(pairSlot.length);
    }
    let pairs = 0;
    const { order, bits } = journey;
    for (let i = 0; i < n; i++) {
      const t = c.touches[order[i] as number] as Touch;
      const b = bits[i] as number;
      const count1 = keys.resolve(t, c, b, ids1);
      const count2 = keys2 ? keys2.resolve(t, c, b, ids2) : 1;
      for (let a = 0; a < count1; a++) {
        for (let z = 0; z < count2; z++) {
          const g = groups.groupOf(ids1[a] as number, ids2[z] as number);
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

    const credit = groups.credit;
    const weights = lane.out;
    for (let p = 0; p < pairs; p++) {
      const base = pairGroup[p] as number;
      const from = pairSlot[p] as number;
      for (let k = 0; k < m; k++) {
        credit[base + k] =
          (credit[base + k] as number) + (weights[from + k] as number);
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
