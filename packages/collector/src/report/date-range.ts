import { ApiError } from '../errors';

const MS_PER_DAY = 86_400_000;
/** A report covers the last 30 days unless told otherwise. */
export const DEFAULT_RANGE_MS = 30 * MS_PER_DAY;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A date range in ms, both ends inclusive. */
export interface DateRange {
  from: number;
  to: number;
}

/**
 * Resolves `from` / `to` (validated ISO dates or date-times). A bare date
 * means the whole UTC day: `from` its start, `to` its last millisecond.
 * Missing `to` is now; missing `from` is 30 days before `to`.
 */
export function resolveRange(
  from: string | undefined,
  to: string | undefined,
  now: number,
): DateRange {
  const end =
    to === undefined
      ? now
      : DATE_ONLY.test(to)
        ? Date.parse(`${to}T00:00:00Z`) + MS_PER_DAY - 1
        : Date.parse(to);
  const start =
    from === undefined
      ? end - DEFAULT_RANGE_MS + 1
      : DATE_ONLY.test(from)
        ? Date.parse(`${from}T00:00:00Z`)
        : Date.parse(from);
  if (start > end) {
    throw new ApiError(400, 'invalid', 'from is after to', 'from');
  }
  return { from: start, to: end };
}
