import { Hono } from 'hono';
import type { AppEnv } from '../types';

/**
 * GET/POST /v1/noop: the benchmark's baseline, the cheapest answer this
 * Worker can give. Exists only when the BENCH variable is set.
 */
export const noopRoutes = new Hono<AppEnv>();

noopRoutes.on(['GET', 'POST'], '/v1/noop', async (c, next) => {
  if (!c.env.BENCH) return next();
  return c.body(null, 204);
});
