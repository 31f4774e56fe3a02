import { Hono } from 'hono';
import { requireKey } from '../auth';
import type { AppEnv } from '../types';
import { openApiDocument } from './openapi-document';

/** GET /openapi.json: the API as described by its validating schemas. */
export const openApiRoutes = new Hono<AppEnv>();

openApiRoutes.get('/openapi.json', requireKey, (c) =>
  c.json(openApiDocument()),
);
