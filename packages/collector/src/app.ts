import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ApiError, respondWithError } from './errors';
import { log } from './logger';
import { assetRoutes } from './routes/assets';
import { benchRoutes } from './routes/bench';
import { collectRoutes } from './routes/collect';
import { contactLookupRoutes } from './routes/contact-lookup';
import { crmContactRoutes } from './routes/crm-contacts';
import { crmDealRoutes } from './routes/crm-deals';
import { crmInteractionRoutes } from './routes/crm-interactions';
import { deadLetterRoutes } from './routes/dead-letters';
import { demoRoutes } from './routes/demo';
import { erasureRoutes } from './routes/erasure';
import { journeyRoutes } from './routes/journey';
import { noopRoutes } from './routes/noop';
import { openApiRoutes } from './routes/openapi';
import { portalInfoRoutes } from './routes/portal-info';
import { portalRoutes } from './routes/portals';
import { reportRoutes } from './routes/reports';
import { scriptRoutes } from './routes/script';
import { sessionRoutes } from './routes/sessions';
import { statsRoutes } from './routes/stats';
import type { AppEnv } from './types';

/** The collector's HTTP app. Route modules register themselves below. */
export const app = new Hono<AppEnv>();

app.onError((err, c) => {
  if (err instanceof ApiError) return respondWithError(c, err);
  if (err instanceof HTTPException && err.status < 500) {
    return respondWithError(
      c,
      new ApiError(err.status, 'bad_request', err.message || 'bad request'),
    );
  }
  log('error', 'unhandled', {
    path: c.req.path,
    message: err instanceof Error ? err.message : String(err),
  });
  return c.body(null, 500);
});

app.notFound((c) =>
  respondWithError(c, new ApiError(404, 'not_found', 'no such route')),
);

app.get('/health', (c) => c.json({ ok: true }));
app.route('/', portalInfoRoutes);
app.route('/', portalRoutes);
app.route('/', collectRoutes);
app.route('/', scriptRoutes);
app.route('/', statsRoutes);
app.route('/', assetRoutes);
app.route('/', sessionRoutes);
app.route('/', contactLookupRoutes);
app.route('/', deadLetterRoutes);
app.route('/', noopRoutes);
app.route('/', benchRoutes);
app.route('/', demoRoutes);
app.route('/', crmContactRoutes);
app.route('/', erasureRoutes);
app.route('/', crmDealRoutes);
app.route('/', crmInteractionRoutes);
app.route('/', reportRoutes);
app.route('/', journeyRoutes);
app.route('/', openApiRoutes);
