import type { Journey } from './journey';
import type { Conversion, ModelName, Touch } from './types';

/** Time decay halves a touch's weight for every 7 days before conversion. */
export const HALF_LIFE_MS = 7 * 86_400_000;

/**
 * Position-based split: `out[0..end]` gets each present key's share plus an
 * equal part of `restShare` for every other slot up to the last present key,
 * all scaled so they sum to `value`. Slots after the last key get 0. Four
 * key arguments (some -1 or repeated) avoid an array per conversion.
 */
function splitByPosition(
  out: Float64Array,
  n: number,
  value: number,
  keys: readonly [number, number, number, number],
  shares: readonly [number, number, number, number],
  restShare: number,
): void {
  out.fill(0, 0, n);
  const [k0, k1, k2, k3] = keys;
  const end = Math.max(k0, k1, k2, k3);
  let keyTotal = 0;
  let keySlots = 0;
  for (let k = 0; k < 4; k++) {
    const slot = keys[k] as number;
    if (slot < 0) continue;
    if (out[slot] === 0) keySlots++;
    out[slot] += shares[k] as number;
    keyTotal += shares[k] as number;
  }

  const restCount = end + 1 - keySlots;
  const total = keyTotal + (restCount > 0 ? restShare : 0);
  const scale = value / total;
  const restEach = restCount > 0 ? (restShare / restCount) * scale : 0;
  for (let i = 0; i <= end; i++) {
    if (i === k0 || i === k1 || i === k2 || i === k3) {
      out[i] = (out[i] as number) * scale;
    } else {
      out[i] = restEach;
    }
  }
}

function timeDecay(
  out: Float64Array,
  touches: readonly Touch[],
  j: Journey,
  value: number,
): void {
  // Weights relative to the last touch: the conversion time cancels out in
  // the normalisation, and the last weight is 1, so nothing underflows to
  // an all-zero journey however old its touches are.
  const n = j.length;
  const lastAt = (touches[j.order[n - 1] as number] as Touch).at;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const at = (touches[j.order[i] as number] as Touch).at;
    const w = 2 ** ((at - lastAt) / HALF_LIFE_MS);
    out[i] = w;
    sum += w;
  }
  const scale = value / sum;
  for (let i = 0; i < n; i++) out[i] = (out[i] as number) * scale;
}

/**
 * Writes one model's credit for each slot of a non-empty journey into
 * `out[0..j.length)`, summing to `value`. The caller has already checked
 * that the model gives values for this conversion.
 */
export function computeCredit(
  model: ModelName,
  c: Conversion,
  j: Journey,
  value: number,
  out: Float64Array,
): void {
  const n = j.length;
  const last = n - 1;
  // U-shaped in a contact-create report: the recorded creating touch, else
  // the last touch before creation.
  const lead =
    c.report === 'contact-create'
      ? j.leadCreated >= 0
        ? j.leadCreated
        : j.last
      : j.leadCreation;

  switch (model) {
    case 'linear':
      out.fill(value / n, 0, n);
      return;
    case 'first_interaction':
      out.fill(0, 0, n);
      out[0] = value;
      return;
    case 'last_interaction':
      out.fill(0, 0, n);
      out[last] = value;
      return;
    case 'u_shaped':
      splitByPosition(out, n, value, [0, lead, -1, -1], U_SHARES, 0.2);
      return;
    case 'w_shaped': {
      const keys = [0, lead, j.dealCreation, -1] as const;
      splitByPosition(out, n, value, keys, W_SHARES, 0.1);
      return;
    }
    case 'full_path': {
      const keys = [0, lead, j.dealCreation, j.closedWon] as const;
      splitByPosition(out, n, value, keys, FULL_PATH_SHARES, 0.1);
      return;
    }
    case 'j_shaped':
      splitByPosition(out, n, value, [0, last, -1, -1], J_SHARES, 0.2);
      return;
    case 'inverse_j':
      splitByPosition(out, n, value, [0, last, -1, -1], INVERSE_J_SHARES, 0.2);
      return;
    case 'time_decay':
      timeDecay(out, c.touches, j, value);
      return;
  }
}

const U_SHARES = [0.4, 0.4, 0, 0] as const;
const W_SHARES = [0.3, 0.3, 0.3, 0] as const;
const FULL_PATH_SHARES = [0.225, 0.225, 0.225, 0.225] as const;
const J_SHARES = [0.2, 0.6, 0, 0] as const;
const INVERSE_J_SHARES = [0.6, 0.2, 0, 0] as const;
