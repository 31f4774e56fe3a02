import { describe, expect, it } from 'vitest';
import { app } from '../../packages/collector/src/app';
import { clientFor, createPortal, expectJson } from './report-support';

interface Doc {
  openapi: string;
  paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

// The API: HTML pages (the demo site) are not part of it, and the
// benchmark's routes (/v1/noop, /v1/bench/*) exist only when BENCH is set.
const BENCH_ONLY = /^\/v1\/(noop|bench)(\/|$)/;
const isApi = (path: string) =>
  /^\/(v1|js)\//.test(path) || path === '/openapi.json' || path === '/health';

function openApiPath(honoPath: string): string {
  return honoPath.replace(/:(\w+)(\{[^/]*\})?/g, '{$1}');
}

describe('GET /openapi.json', () => {
  it('describes every API route of the app', async () => {
    const api = clientFor(await createPortal('docs'));
    const doc = await expectJson<Doc>(api('GET', '/openapi.json'), 200);
    expect(doc.openapi).toBe('3.1.0');

    const routes = app.routes.filter(
      (r) => r.method !== 'ALL' && isApi(r.path) && !BENCH_ONLY.test(r.path),
    );
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const path = openApiPath(route.path);
      expect(
        doc.paths[path]?.[route.method.toLowerCase()],
        `${route.method} ${path}`,
      ).toBeDefined();
    }
  });

  it('carries the limits of the schemas that validate', async () => {
    const api = clientFor(await createPortal('docs-limits'));
    const doc = await expectJson<Doc>(api('GET', '/openapi.json'), 200);
    const schemas = doc.components.schemas;
    const batch = schemas.InteractionsInput as {
      properties: { interactions: { maxItems: number } };
    };
    expect(batch.properties.interactions.maxItems).toBe(1000);
    expect(schemas.ContactInput?.required).toEqual([
      'id',
      'createdAt',
      'method',
    ]);
    const refs = JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g);
    for (const [, ref] of refs) {
      const id = ref?.replace('#/components/schemas/', '') ?? '';
      expect(schemas[id], ref).toBeDefined();
    }
    const report = doc.paths['/v1/reports/attribution']?.get;
    expect(report?.parameters?.map((p) => p.name)).toContain('dimension2');
  });
});
