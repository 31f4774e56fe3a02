import {
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import worker from '../../packages/collector/src/index';
import type { CollectMessage } from '../../packages/collector/src/ingest/message';
import type { WireEventInput } from '../../packages/collector/src/schemas/wire';

/** A browser user agent: isbot lets it through. */
export const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 ' +
  '(KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

export const ADMIN = { authorization: 'Bearer test-admin' };

/**
 * Runs the Worker's fetch handler on `request` with some bindings or
 * variables in place of the test's, and waits for the work it left
 * running in the background.
 */
export async function fetchWith(
  request: Request,
  bindings: Partial<Env> = {},
): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    request as Request<unknown, IncomingRequestCfProperties>,
    { ...env, ...bindings } as Env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

/**
 * The test database with its `batch` replaced by `batch`, which gets the
 * real database to call; every other member is the real one's.
 */
export function dbWithBatch(
  batch: (
    statements: D1PreparedStatement[],
    real: D1Database,
  ) => Promise<D1Result[]>,
): D1Database {
  return new Proxy(env.DB, {
    get(target, prop) {
      if (prop === 'batch') {
        return (statements: D1PreparedStatement[]) => batch(statements, target);
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Creates a portal through the API; returns its API key. */
export async function createPortal(
  id: string,
  domains: string[] = [],
): Promise<string> {
  const res = await exports.default.fetch('http://collector/v1/portals', {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ id, name: id, domains }),
  });
  if (res.status !== 201) throw new Error(`portal: ${await res.text()}`);
  const body = (await res.json()) as { apiKey: string };
  return body.apiKey;
}

let counter = 0;

/** A unique event id. */
export function eventId(prefix = 'e'): string {
  counter += 1;
  return `${prefix}-${counter}-${crypto.randomUUID().slice(0, 8)}`;
}

/** A 32-hex visitor token. */
export function visitorToken(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

/** POSTs a wire batch to the collect path as the tracker does. */
export function postBatch(
  portal: string,
  events: WireEventInput[],
  init: {
    path?: string;
    userAgent?: string;
    contentType?: string;
    /** What the edge tells of the request (request.cf). */
    cf?: { country?: string };
  } = {},
): Promise<Response> {
  return exports.default.fetch(`http://collector${init.path ?? '/v1/e'}`, {
    method: 'POST',
    cf: init.cf,
    headers: {
      'content-type': init.contentType ?? 'text/plain;charset=UTF-8',
      'user-agent': init.userAgent ?? BROWSER_UA,
    },
    body: JSON.stringify({ v: 1, p: portal, e: events }),
  });
}

/** Polls a query until `done` holds or the bounded wait runs out. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  attempts = 100,
): Promise<T> {
  let value = await read();
  for (let i = 0; i < attempts && !done(value); i += 1) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

/** Counts rows of a table for a portal. */
export async function countRows(table: string, portal: string) {
  const row = await env.DB.prepare(
    `SELECT count(*) AS n FROM ${table} WHERE portal_id = ?`,
  )
    .bind(portal)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** What GET /v1/stats reports for the portal of `apiKey`. */
export async function portalStats(apiKey: string) {
  const res = await exports.default.fetch('http://collector/v1/stats', {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  if (res.status !== 200) {
    throw new Error(
      `GET /v1/stats answered ${res.status}: ${await res.text()}`,
    );
  }
  return (await res.json()) as {
    stored: number;
    dropped: Record<string, number>;
  };
}

/** The events Queue's name, as wrangler.toml declares it. */
export const EVENTS_QUEUE = 'attribution-events';

let messageCounter = 0;

/** A collect message as the collect route would enqueue it. */
export function collectMessage(
  portalId: string,
  events: WireEventInput[],
  receivedAt = Date.now(),
): CollectMessage {
  return { v: 1, portalId, receivedAt, country: null, events };
}

/**
 * Runs the real queue handler on one batch (as the Queue would deliver
 * it) and returns which messages were acknowledged or retried.
 */
export async function deliver(bodies: CollectMessage[], queue = EVENTS_QUEUE) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body) => {
      messageCounter += 1;
      return {
        id: `m-${messageCounter}`,
        timestamp: new Date(),
        attempts: 1,
        body,
      };
    }),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}
