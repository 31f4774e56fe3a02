import type { Journey } from './journey';
import type { Conversion, ModelName } from './types';

/** Time decay halves a touch's weight for every 7 days before conversion. */
export const HALF_LIFE_MS = 7 * 86_400_000;

/**
 * Where a model writes its credit: slot i of the journey goes to
 * `out[offset + i * stride]`. aggregate() interleaves all models in one
 * array (stride = model count) so its accumulation reads memory in order.
 */
export interface CreditLane {
  out: Float64Array;
  offset: number;
  stride: number;
  /**
   * What the weights sum to: 1, or the amount in revenue reports. Held in
   * the lane because a double passed as an argument is boxed on the heap at
   * every call that is not inlined, and this runs per model per conversion.
   */
  value: number;
}

/** What one conversion's credit sums to: 1, or the deal amount. */
export function conversionValue(c: Conversion): number {
  return c.report === 'revenue' ? c.value : 1;
}

// Key slots of the model being computed, -1 when missing. A module-level
// scratch array: the split runs once per model per conversion, and an
// array literal there would be an allocation each time.
const keys = new Int32Array(4);

function setKeys(k0: number, k1: number, k2: number, k3: number): void {
  keys[0] = k0;
  keys[1] = k1;
  keys[2] = k2;
  keys[3] = k3;
}

/** Writes `value` into the first `n` slots of a lane. */
export function fillLane(lane: CreditLane, n: number, value: number): void {
  const { out, offset, stride } = lane;
  for (let i = 0; i < n; i++) out[offset + i * stride] = value;
}

/**
 * Position-based split over the key slots in `keys`: each present key gets
 * its share (shares add up where keys coincide), every other slot up to
 * the last present key an equal part of `restShare`, all scaled to sum to
 * `value`. Slots after the last key get 0.
 */
function splitByPosition(
  lane: CreditLane,
  n: number,
  shares: Float64Array,
  restShare: number,
): void {
  const { out, offset, stride, value } = lane;
  fillLane(lane, n, 0);
  const k0 = keys[0] as number;
  const k1 = keys[1] as number;
  const k2 = keys[2] as number;
  const k3 = keys[3] as number;
  const end = Math.max(k0, k1, k2, k3);
  let keyTotal = 0;
  let keySlots = 0;
  for (let k = 0; k < 4; k++) {
    const slot = keys[k] as number;
    if (slot < 0) continue;
    const at = offset + slot * stride;
    if (out[at] === 0) keySlots++;
    out[at] = (out[at] as number) + (shares[k] as number);
    keyTotal += shares[k] as number;
  }

  const restCount = end + 1 - keySlots;
  const total = keyTotal + (restCount > 0 ? restShare : 0);
  const scale = value / total;
  const restEach = restCount > 0 ? (restShare / restCount) * scale : 0;
  for (let i = 0; i <= end; i++) {
    const at = offset + i * stride;
    if (i === k0 || i === k1 || i === k2 || i === k3) {
      out[at] = (out[at] as number) * scale;
    } else {
      out[at] = restEach;
    }
  }
}

function timeDecay(lane: CreditLane, j: Journey): void {
  // Weights relative to the last touch: the conversion time cancels out in
  // the normalisation, and the last weight is 1, so nothing underflows to
  // an all-zero journey however old its touches are.
  const { out, offset, stride, value } = lane;
  const n = j.length;
  const lastAt = j.at[n - 1] as number;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const at = j.at[i] as number;
    // exp is several times faster than a fractional power of 2 in V8.
    const w = Math.exp(((at - lastAt) / HALF_LIFE_MS) * Math.LN2);
    out[offset + i * stride] = w;
    sum += w;
  }
  const scale = value / sum;
  for (let i = 0; i < n; i++) {
    const at = offset + i * stride;
    out[at] = (out[at] as number) * scale;
  }
}

/**
 * Writes one model's credit for each slot of a non-empty journey into
 * `lane`, summing to `lane.value`. The caller has already checked that the
 * model gives values for this conversion.
 */
export function computeCredit(
  model: ModelName,
  c: Conversion,
  j: Journey,
  lane: CreditLane,
): void {
  const n = j.length;
  const value = lane.value;
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
    case 'linear': {
      const { out, offset, stride } = lane;
      const each = value / n;
      for (let i = 0; i < n; i++) out[offset + i * stride] = each;
      return;
    }
    case 'first_interaction':
      fillLane(lane, n, 0);
      lane.out[lane.offset] = value;
      return;
    case 'last_interaction':
      fillLane(lane, n, 0);
      lane.out[lane.offset + last * lane.stride] = value;
      return;
    case 'u_shaped':
      setKeys(0, lead, -1, -1);
      splitByPosition(lane, n, U_SHARES, 0.2);
      return;
    case 'w_shaped':
      setKeys(0, lead, j.dealCreation, -1);
      splitByPosition(lane, n, W_SHARES, 0.1);
      return;
    case 'full_path':
      setKeys(0, lead, j.dealCreation, j.closedWon);
      splitByPosition(lane, n, FULL_PATH_SHARES, 0.1);
      return;
    case 'j_shaped':
      setKeys(0, last, -1, -1);
      splitByPosition(lane, n, J_SHARES, 0.2);
      return;
    case 'inverse_j':
      setKeys(0, last, -1, -1);
      splitByPosition(lane, n, INVERSE_J_SHARES, 0.2);
      return;
    case 'time_decay':
      timeDecay(lane, j);
      return;
  }
}

const U_SHARES = Float64Array.of(0.4, 0.4, 0, 0);
const W_SHARES = Float64Array.of(0.3, 0.3, 0.3, 0);
const FULL_PATH_SHARES = Float64Array.of(0.225, 0.225, 0.225, 0.225);
const J_SHARES = Float64Array.of(0.2, 0.6, 0, 0);
const INVERSE_J_SHARES = Float64Array.of(0.6, 0.2, 0, 0);
