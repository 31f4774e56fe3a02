import { Hono } from 'hono';
import type { AppEnv } from '../types';
import { openApiDocument } from './openapi-document';

/** GET /openapi.json: the API as described by its validating schemas. */
export const openApiRoutes = new Hono<AppEnv>();

// Public: the document describes the API's shape and holds no data, and
// client generators fetch it without credentials.
openApiRoutes.get('/openapi.json', (c) => c.json(openApiDocument()));
