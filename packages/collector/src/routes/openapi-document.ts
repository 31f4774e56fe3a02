import { z } from 'zod';
import { assetInputSchema } from '../schemas/asset';
import {
  contactInputSchema,
  dealInputSchema,
  dealPatchSchema,
  interactionsAnswerSchema,
  interactionsInputSchema,
  upsertAnswerSchema,
} from '../schemas/crm';
import { portalCreatedSchema, portalInputSchema } from '../schemas/portal';
import {
  journeyAnswerSchema,
  journeyQuerySchema,
  reportAnswerSchema,
  reportQuerySchema,
} from '../schemas/report';
import {
  contactLookupQuerySchema,
  contactSummarySchema,
  replayInputSchema,
  sessionQuerySchema,
  sessionSchema,
} from '../schemas/session';
import { wireBatchSchema } from '../schemas/wire';

/** The one error shape of every 4xx. */
const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });

type Json = Record<string, unknown>;

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch';
  path: string;
  summary: string;
  /** false: public; 'admin': the admin token only; true: any key. */
  auth: boolean | 'admin';
  query?: z.ZodType;
  pathParams?: string[];
  body?: z.ZodType;
  bodyType?: string;
  status?: number;
  answer?: z.ZodType | Json;
  answerType?: string;
}

const sessionsAnswer = z
  .object({ sessions: z.array(sessionSchema) })
  .meta({ id: 'SessionsAnswer' });
const contactsAnswer = z
  .object({ contacts: z.array(contactSummarySchema) })
  .meta({ id: 'ContactsAnswer' });
const anyObject: Json = { type: 'object' };

/** Every route of the collector, described from its validating schemas. */
export const OPERATIONS: readonly Operation[] = [
  { method: 'get', path: '/health', summary: 'Liveness', auth: false },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    auth: true,
    answer: anyObject,
  },
  {
    method: 'get',
    path: '/js/{file}',
    summary: 'The tracker script of a portal ({portal}.js)',
    auth: false,
    pathParams: ['file'],
    answerType: 'text/javascript',
  },
  ...['/v1/collect', '/v1/e'].map(
    (path): Operation => ({
      method: 'post',
      path,
      summary:
        path === '/v1/collect'
          ? 'Tracker batches, queued for storage'
          : 'Alias of /v1/collect, named to pass ad-blockers',
      auth: false,
      body: wireBatchSchema,
      bodyType: 'text/plain',
      status: 202,
    }),
  ),
  {
    method: 'post',
    path: '/v1/portals',
    summary: 'Register a portal and issue its API key',
    auth: 'admin',
    body: portalInputSchema,
    status: 201,
    answer: portalCreatedSchema,
  },
  {
    method: 'get',
    path: '/v1/portal',
    summary: 'The portal of the key',
    auth: true,
    answer: anyObject,
  },
  {
    method: 'get',
    path: '/v1/stats',
    summary: 'Events stored and dropped, by reason',
    auth: true,
    answer: anyObject,
  },
  {
    method: 'put',
    path: '/v1/assets',
    summary: 'Type a page from now on',
    auth: true,
    body: assetInputSchema,
    answer: anyObject,
  },
  {
    method: 'get',
    path: '/v1/sessions',
    summary: 'Sessions started in a range',
    auth: true,
    query: sessionQuerySchema,
    answer: sessionsAnswer,
  },
  {
    method: 'get',
    path: '/v1/contacts',
    summary: 'Contacts by email',
    auth: true,
    query: contactLookupQuerySchema,
    answer: contactsAnswer,
  },
  {
    method: 'post',
    path: '/v1/contacts',
    summary: 'Create or update a contact (idempotent on id)',
    auth: true,
    body: contactInputSchema,
    status: 201,
    answer: upsertAnswerSchema,
  },
  {
    method: 'post',
    path: '/v1/deals',
    summary: 'Create or update a deal (idempotent on id)',
    auth: true,
    body: dealInputSchema,
    status: 201,
    answer: upsertAnswerSchema,
  },
  {
    method: 'patch',
    path: '/v1/deals/{id}',
    summary: 'Change some fields of a deal',
    auth: true,
    pathParams: ['id'],
    body: dealPatchSchema,
    answer: upsertAnswerSchema,
  },
  {
    method: 'post',
    path: '/v1/interactions',
    summary: 'Offline interactions, stored all or nothing',
    auth: true,
    body: interactionsInputSchema,
    status: 202,
    answer: interactionsAnswerSchema,
  },
  {
    method: 'get',
    path: '/v1/reports/attribution',
    summary: 'Attribution credit by dimension (JSON or CSV)',
    auth: true,
    query: reportQuerySchema,
    answer: reportAnswerSchema,
  },
  {
    method: 'get',
    path: '/v1/contacts/{id}/journey',
    summary: "One contact's journey with positions and credit",
    auth: true,
    pathParams: ['id'],
    query: journeyQuerySchema,
    answer: journeyAnswerSchema,
  },
  {
    method: 'get',
    path: '/v1/admin/dead-letters',
    summary: 'Events that failed every retry',
    auth: 'admin',
    answer: anyObject,
  },
  {
    method: 'post',
    path: '/v1/admin/dead-letters/replay',
    summary: 'Put dead letters back on the events Queue',
    auth: 'admin',
    body: replayInputSchema,
    answer: anyObject,
  },
];

const ref = (s: z.ZodType | Json): Json => {
  const id = s instanceof z.ZodType ? z.globalRegistry.get(s)?.id : undefined;
  if (id) return { $ref: `#/components/schemas/${id}` };
  return s instanceof z.ZodType ? inline(s) : s;
};

// An empty registry: ids are ignored and the schema is written out whole.
function inline(schema: z.ZodType): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    metadata: z.registry(),
  }) as Json;
  return rest;
}

function parametersOf(op: Operation): Json[] {
  const params: Json[] = (op.pathParams ?? []).map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string', maxLength: 128 },
  }));
  if (!op.query) return params;
  const shape = inline(op.query) as {
    properties?: Record<string, Json>;
    required?: string[];
  };
  for (const [name, schema] of Object.entries(shape.properties ?? {})) {
    params.push({
      name,
      in: 'query',
      required: shape.required?.includes(name) ?? false,
      schema,
    });
  }
  return params;
}

function operationOf(op: Operation): Json {
  const out: Json = { summary: op.summary };
  const parameters = parametersOf(op);
  if (parameters.length) out.parameters = parameters;
  if (op.auth === false) out.security = [];
  if (op.auth === 'admin') out.description = 'Requires the admin token.';
  if (op.body) {
    out.requestBody = {
      required: true,
      content: {
        [op.bodyType ?? 'application/json']: { schema: ref(op.body) },
      },
    };
  }
  const ok: Json = { description: 'Success' };
  if (op.answer) {
    ok.content = { 'application/json': { schema: ref(op.answer) } };
  }
  if (op.answerType) ok.content = { [op.answerType]: {} };
  if (op.path === '/v1/reports/attribution') {
    ok.content = {
      'application/json': { schema: ref(reportAnswerSchema) },
      'text/csv': { schema: { type: 'string' } },
    };
  }
  const error = {
    description: 'Bad input, unknown record, or missing key',
    content: { 'application/json': { schema: ref(errorSchema) } },
  };
  out.responses = { [String(op.status ?? 200)]: ok, '4XX': error };
  return out;
}

function components(): Json {
  // Every schema with an id: those of this app, as the routes import them.
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Json> };
  const out: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _s, $id: _i, ...rest } = schema;
    out[id] = rest;
  }
  return out;
}

let cached: Json | undefined;

/** The OpenAPI 3.1 document of the collector, built once per isolate. */
export function openApiDocument(): Json {
  if (cached) return cached;
  const paths: Record<string, Json> = {};
  for (const op of OPERATIONS) {
    paths[op.path] = { ...paths[op.path], [op.method]: operationOf(op) };
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Attribution collector',
      version: '1.0.0',
      description:
        'Ingest, CRM imports and attribution reports. Times are ISO 8601; ' +
        'errors are { error: { code, message, field } } with a 4xx. With ' +
        'the admin token, portal-scoped calls take ?portal=ID.',
    },
    components: {
      schemas: { ...components(), Error: inline(errorSchema) },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ bearer: [] }],
    paths,
  };
  return cached;
}
