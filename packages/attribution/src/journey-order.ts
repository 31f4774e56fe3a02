import type { Journey } from './journey';
import type { Touch } from './types';

/** Journey order: time, then arrival order, then id. */
export function compareTouches(a: Touch, b: Touch): number {
  if (a.at !== b.at) return a.at - b.at;
  if (a.seq !== b.seq) return a.seq - b.seq;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}

// Below this length an insertion sort beats Array.prototype.sort and needs
// no comparator closure; journeys are mostly short and nearly sorted.
const INSERTION_SORT_MAX = 32;

function insertionSort(touches: readonly Touch[], j: Journey): void {
  const order = j.order;
  for (let i = 1; i < j.length; i++) {
    const index = order[i] as number;
    const t = touches[index] as Touch;
    let k = i - 1;
    while (
      k >= 0 &&
      compareTouches(touches[order[k] as number] as Touch, t) > 0
    ) {
      order[k + 1] = order[k] as number;
      k--;
    }
    order[k + 1] = index;
  }
}

/**
 * Puts the journey's slots in journey order, drops a touch listed twice,
 * and copies each slot's time into `j.at`.
 */
export function sortTouches(touches: readonly Touch[], j: Journey): void {
  const order = j.order;
  if (j.length <= INSERTION_SORT_MAX) {
    insertionSort(touches, j);
  } else {
    let sorted = true;
    for (let i = 1; i < j.length && sorted; i++) {
      const a = touches[order[i - 1] as number] as Touch;
      sorted = compareTouches(a, touches[order[i] as number] as Touch) <= 0;
    }
    if (!sorted) {
      order
        .subarray(0, j.length)
        .sort((x, y) =>
          compareTouches(touches[x] as Touch, touches[y] as Touch),
        );
    }
  }

  // The same touch listed twice (once per contact) counts once.
  const at = j.at;
  let kept = 0;
  let prev: Touch | undefined;
  for (let i = 0; i < j.length; i++) {
    const t = touches[order[i] as number] as Touch;
    // Equal ids sort next to each other only with equal time and seq.
    const same = prev !== undefined && prev.at === t.at && prev.seq === t.seq;
    if (same && prev?.id === t.id) continue;
    order[kept] = order[i] as number;
    at[kept] = t.at;
    kept++;
    prev = t;
  }
  j.length = kept;
}
