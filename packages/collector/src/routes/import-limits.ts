import type { Context } from 'hono';
import { ApiError } from '../errors';

/**
 * Largest body of a server import (contacts, deals, interactions). Larger
 * than the tracker's limit: 1,000 interactions of ~1 KiB fit.
 */
export const IMPORT_BODY_LIMIT_BYTES = 1024 * 1024;

/** bodyLimit's onError: the JSON error shape with a 413. */
export function tooLarge(_c: Context): never {
  throw new ApiError(
    413,
    'too_large',
    `the body exceeds ${IMPORT_BODY_LIMIT_BYTES} bytes`,
  );
}
