// Keyed GET requests to the collector, with its JSON errors turned into
// messages a marketer can act on.

/** A failed call: HTTP status (0 when the network failed) and message. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function errorMessageOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' ? message : undefined;
}

/** Same-origin path with its query built from the defined params. */
export function apiPath(
  path: string,
  params: Record<string, string | undefined> = {},
): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) query.set(name, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * GETs JSON with the portal key. Throws ApiFailure with the collector's
 * message; an abort is rethrown as the DOMException it is.
 */
export async function getJson<T>(
  path: string,
  key: string,
  signal?: AbortSignal,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiFailure(
      0,
      'network',
      'The collector could not be reached. Check the connection and retry.',
    );
  }

  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    const message =
      errorMessageOf(body) ?? `The collector answered ${response.status}.`;
    throw new ApiFailure(response.status, 'http', message);
  }
  return (await response.json()) as T;
}
