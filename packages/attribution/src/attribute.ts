import { computeCredit, conversionValue } from './credit';
import {
  conversionExclusion,
  conversionTime,
  createModelExclusions,
  EXCLUSION,
} from './exclusion';
import { buildJourney, createJourney, DEFAULT_MAX_TOUCHES } from './journey';
import { checkMaxTouches, checkModels } from './options';
import { positionsOf } from './position-bits';
import type {
  AttributedJourney,
  Conversion,
  EngineOptions,
  ModelName,
  Position,
  Touch,
} from './types';

function excludeAll(
  c: Conversion,
  models: readonly ModelName[],
  reason: string,
): AttributedJourney {
  const excluded: Partial<Record<ModelName, string>> = {};
  for (const model of models) excluded[model] = reason;
  return {
    conversion: c,
    touches: [],
    positions: [],
    credit: {},
    excluded,
    sampled: false,
  };
}

/**
 * Builds the journey of one conversion and each model's credit per touch.
 * Credit is in conversion value units: fractions summing to 1, or to the
 * deal amount in revenue reports. A model that gives no values for the
 * conversion has no credit array and a reason in `excluded`.
 *
 * @example
 * const journey = attribute(conversion, modelsFor(conversion.report));
 * journey.touches.forEach((touch, i) => {
 *   console.log(touch.id, journey.positions[i], journey.credit.linear?.[i]);
 * });
 */
export function attribute(
  c: Conversion,
  models: readonly ModelName[],
  options: EngineOptions = {},
): AttributedJourney {
  const maxTouches = options.maxTouches ?? DEFAULT_MAX_TOUCHES;
  checkModels(models);
  checkMaxTouches(maxTouches);

  const reason = conversionExclusion(c);
  if (reason !== null) return excludeAll(c, models, reason);
  const j = createJourney();
  buildJourney(c, conversionTime(c), maxTouches, j);
  if (j.length === 0) return excludeAll(c, models, EXCLUSION.noInteractions);

  const touches: Touch[] = [];
  const positions: (readonly Position[])[] = [];
  for (let i = 0; i < j.length; i++) {
    touches.push(c.touches[j.order[i] as number] as Touch);
    positions.push(positionsOf(j.bits[i] as number));
  }

  const value = conversionValue(c);
  const credit: Partial<Record<ModelName, Float64Array>> = {};
  const excluded: Partial<Record<ModelName, string>> = {};
  const reasons: (string | null)[] = [];
  createModelExclusions(models)(c, reasons);
  models.forEach((model, k) => {
    const why = reasons[k] ?? null;
    if (why !== null) {
      excluded[model] = why;
      return;
    }
    const out = new Float64Array(j.length);
    computeCredit(model, c, j, { out, offset: 0, stride: 1, value });
    credit[model] = out;
  });

  return {
    conversion: c,
    touches,
    positions,
    credit,
    excluded,
    sampled: j.sampled,
  };
}
