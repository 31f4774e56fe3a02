import { z } from 'zod';
import { reportAnswerSchema } from '../schemas/report';
import {
  errorSchema,
  type Json,
  OPERATIONS,
  type Operation,
} from './openapi-operations';

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
