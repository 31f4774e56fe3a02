import type { Journey } from './journey';

/**
 * Keeps every touch holding a position and an even, deterministic spread
 * of the others (first of them included) up to `maxTouches` in total.
 */
export function sampleJourney(j: Journey, maxTouches: number): void {
  const { order, bits } = j;
  let keyCount = 0;
  for (let i = 0; i < j.length; i++) if (bits[i] !== 0) keyCount++;
  const rest = j.length - keyCount;
  const slots = Math.max(0, Math.min(rest, maxTouches - keyCount));

  let kept = 0;
  let rank = 0;
  let picked = 0;
  let nextRank = slots > 0 ? 0 : -1;
  for (let i = 0; i < j.length; i++) {
    let keep = bits[i] !== 0;
    if (!keep) {
      if (rank === nextRank) {
        keep = true;
        picked++;
        nextRank = picked < slots ? Math.floor((picked * rest) / slots) : -1;
      }
      rank++;
    }
    if (!keep) continue;
    order[kept] = order[i] as number;
    bits[kept] = bits[i] as number;
    j.at[kept] = j.at[i] as number;
    kept++;
  }
  j.length = kept;
  j.sampled = true;
}
