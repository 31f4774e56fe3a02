import { MODEL_NAMES } from './models-for';
import type { ModelName } from './types';

/** Rejects model names outside ModelName: a caller's configuration bug. */
export function checkModels(models: readonly ModelName[]): void {
  for (const model of models) {
    if (!MODEL_NAMES.includes(model)) {
      throw new RangeError(
        `models: unknown model "${String(model)}"; ` +
          `expected one of ${MODEL_NAMES.join(', ')}`,
      );
    }
  }
}

/** maxTouches must be a positive integer. */
export function checkMaxTouches(maxTouches: number): void {
  if (Number.isInteger(maxTouches) && maxTouches >= 1) return;
  throw new RangeError(
    `maxTouches: expected an integer of at least 1, got ${maxTouches}`,
  );
}
