/**
 * A variable that holds a number of at least 0: its value, or `fallback`
 * when it is unset or empty. A malformed value throws, naming the
 * variable, so a typo in the configuration fails instead of quietly
 * meaning the default.
 */
export function numberVar(
  name: string,
  value: string | undefined,
  fallback: number,
  { integer }: { integer: boolean },
): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  const valid = integer ? Number.isInteger(n) : Number.isFinite(n);
  if (!valid || n < 0) {
    const kind = integer ? 'an integer' : 'a number';
    throw new Error(`${name} must be ${kind} >= 0: ${value}`);
  }
  return n;
}
