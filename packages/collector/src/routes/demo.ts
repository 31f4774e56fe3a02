import { Hono } from 'hono';
import type { AppEnv } from '../types';
import { DEMO_PAGE_HTML } from './demo-page';

/** GET /demo: a page carrying the tracker of the `demo` portal. */
export const demoRoutes = new Hono<AppEnv>();

demoRoutes.get('/demo', (c) => c.html(DEMO_PAGE_HTML));
demoRoutes.get('/demo/faq', (c) => c.html(DEMO_PAGE_HTML));
