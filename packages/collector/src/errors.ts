import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one error shape every 4xx answers with. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/**
 * A client error: thrown anywhere in a handler, answered by `onError` as
 * `{ error: { code, message, field } }` with its status.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** Answers an ApiError in the JSON error shape. */
export function respondWithError(c: Context, err: ApiError): Response {
  const body: ErrorBody = { error: { code: err.code, message: err.message } };
  if (err.field !== undefined) body.error.field = err.field;
  return c.json(body, err.status, err.headers);
}
