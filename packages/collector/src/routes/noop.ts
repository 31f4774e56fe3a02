import { Hono } from 'hono';
import { ApiError } from '../errors';
import {
  type CollectMessage,
  MESSAGE_VERSION,
  QUEUE_CONTENT_TYPE,
} from '../ingest/message';
import type { WireEventInput } from '../schemas/wire';
import type { AppEnv } from '../types';

/**
 * The benchmark's baselines. Both exist only when the BENCH variable is
 * set.
 */
export const noopRoutes = new Hono<AppEnv>();

/** GET/POST /v1/noop: the cheapest answer this Worker can give. */
noopRoutes.on(['GET', 'POST'], '/v1/noop', async (c, next) => {
  if (!c.env.BENCH) return next();
  return c.body(null, 204);
});

/**
 * POST /v1/noop/send: the no-op route plus the Queue send the collect
 * route makes, with no validation, bot check or portal lookup. Its rate
 * against /v1/noop is what the Queue costs; collect against it is what
 * the collector's own checks cost.
 */
noopRoutes.post('/v1/noop/send', async (c, next) => {
  if (!c.env.BENCH) return next();
  let body: { p: string; e: WireEventInput[] };
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new ApiError(400, 'invalid_json', 'the body is not valid JSON');
  }
  const message: CollectMessage = {
    v: MESSAGE_VERSION,
    portalId: body.p,
    receivedAt: Date.now(),
    country: null,
    events: body.e,
  };
  await c.env.EVENTS.send(message, { contentType: QUEUE_CONTENT_TYPE });
  return c.body(null, 202);
});
