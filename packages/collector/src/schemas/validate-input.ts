import type { Context } from 'hono';
import type { z } from 'zod';
import { parseGuardedJson } from '../body-guard';
import { ApiError } from '../errors';

/** Writes a zod issue path as `interactions[3].utm.source`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/**
 * Parses a value or throws a 400 naming the first bad field. `name` is the
 * field reported when the value itself is at fault (e.g. a path
 * parameter).
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  name?: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;

  const issue = result.error.issues[0];
  const path = issue ? fieldPath(issue.path) : '';
  const field = name && path ? `${name}.${path}` : name || path;
  const message = issue
    ? `${field || 'body'}: ${issue.message}`
    : 'invalid input';
  throw new ApiError(400, 'invalid', message, field || undefined);
}

/** Reads a JSON request body and validates it against a schema. */
export async function parseJsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
): Promise<z.output<S>> {
  const body = parseGuardedJson(await c.req.text());
  return parseWith(schema, body);
}
