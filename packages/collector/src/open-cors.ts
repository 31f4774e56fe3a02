import type { MiddlewareHandler } from 'hono';

/** Seconds a browser may keep a preflight answer. */
export const PREFLIGHT_MAX_AGE_S = 86_400;

const ALLOW_ORIGIN = 'access-control-allow-origin';

/**
 * CORS for the routes any site calls: the tracker script and the collect
 * route. Any origin, no credentials. A preflight is answered here; every
 * other answer, errors included, gets the allow-origin header once the
 * handler has made it. Hono's `cors()` sets its headers before the
 * handler runs, which makes a placeholder response on every request and
 * copies its headers over; on the collect route that was a tenth of the
 * Worker's time per request.
 */
export function openCors(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      const headers = new Headers({
        [ALLOW_ORIGIN]: '*',
        'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS',
        'access-control-max-age': String(PREFLIGHT_MAX_AGE_S),
      });
      const asked = c.req.raw.headers.get('access-control-request-headers');
      if (asked) {
        headers.set('access-control-allow-headers', asked);
        headers.set('vary', 'Access-Control-Request-Headers');
      }
      return new Response(null, { status: 204, headers });
    }
    await next();
    c.res.headers.set(ALLOW_ORIGIN, '*');
  };
}
