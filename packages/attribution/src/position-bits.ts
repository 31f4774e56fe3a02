import type { Position } from './types';

// Positions travel through the hot loops as bits of one byte per touch, so
// a touch can hold several at once without an allocation.
export const FIRST_BIT = 1;
export const LAST_BIT = 2;
export const LEAD_CREATED_BIT = 4;
export const LEAD_CREATION_BIT = 8;
export const DEAL_CREATION_BIT = 16;
export const CLOSED_WON_BIT = 32;

/** Positions in label order, each with its bit. */
export const POSITION_BITS: readonly (readonly [Position, number])[] = [
  ['first_interaction', FIRST_BIT],
  ['last_interaction', LAST_BIT],
  ['lead_created', LEAD_CREATED_BIT],
  ['lead_creation', LEAD_CREATION_BIT],
  ['deal_creation', DEAL_CREATION_BIT],
  ['closed_won', CLOSED_WON_BIT],
];

const ALL_BITS = 64;
const positionLists: (readonly Position[])[] = [];
for (let bits = 0; bits < ALL_BITS; bits++) {
  const list = POSITION_BITS.filter(([, bit]) => bits & bit).map(([p]) => p);
  positionLists.push(Object.freeze(list));
}

/** The positions a bit set stands for; shared frozen arrays. */
export function positionsOf(bits: number): readonly Position[] {
  return positionLists[bits & (ALL_BITS - 1)] ?? [];
}
