/**
 * A local HTTP server for the tracker's browser tests: serves the built
 * snippet (as is, or with the placeholders replaced as the collector
 * does; the full build when `?features=` asks for opt-ins, as the
 * collector does), pages registered by the test, and records every POST to
 * /collect with its exact body.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
// the collector's own schema: every batch the tracker sends must pass it
import { wireBatchSchema } from '../../../packages/collector/src/schemas/wire';
import type { WireBatch } from '../../../packages/tracker/src/index';

export const BUNDLE_PATH = 'dist/snippet.min.js';
export const FULL_BUNDLE_PATH = 'dist/snippet.full.min.js';

/** One POST the server received. */
export interface Recorded {
  body: string;
  contentType: string;
  status: number;
  batch: WireBatch;
  /** the collector's schema problems with the body, if any */
  problems: string[];
}

export interface TestServer {
  origin: string;
  port: number;
  /** every POST to /collect, in arrival order */
  posts: Recorded[];
  /** requests to /sentinel, counted */
  sentinels: number;
  /** status /collect answers with; 202 unless a test changes it */
  status: number;
  /** serves `html` at `path` */
  page: (path: string, html: string) => void;
  /** resolves once `count` POSTs have arrived */
  waitForPosts: (count: number) => Promise<Recorded[]>;
  close: () => Promise<void>;
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => resolve(body));
  });

/** Loads a built bundle; fails clearly when it was not built. */
export function readBundle(path = BUNDLE_PATH): string {
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run \`npm run build\` first`);
  }
  return readFileSync(path, 'utf8');
}

/** Starts the server on `port` (9100-9149) on the loopback interface. */
export async function startServer(port: number): Promise<TestServer> {
  const bundle = readBundle();
  const fullBundle = readBundle(FULL_BUNDLE_PATH);
  const pages = new Map<string, string>();
  const waiters: Array<() => void> = [];
  const origin = `http://127.0.0.1:${port}`;
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', origin);
    if (request.method === 'POST' && url.pathname === '/collect') {
      const body = await readBody(request);
      const batch = JSON.parse(body);
      const checked = wireBatchSchema.safeParse(batch);
      const problems = checked.success
        ? []
        : checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      // the collector refuses an invalid batch whole
      const status = problems.length ? 400 : state.status;
      state.posts.push({
        body,
        contentType: request.headers['content-type'] ?? '',
        status,
        batch,
        problems,
      });
      response.writeHead(status, { 'access-control-allow-origin': '*' });
      response.end();
      for (const wake of waiters.splice(0)) wake();
      return;
    }
    if (url.pathname === '/sentinel') state.sentinels++;
    const portal = url.pathname.match(/^\/js\/([\w-]+)\.js$/)?.[1];
    if (url.pathname === '/snippet.js' || portal) {
      // the collector's substitution: each placeholder literal, once
      const built = url.searchParams.get('features') ? fullBundle : bundle;
      const code = portal
        ? built
            .replace('__PORTAL_ID__', portal)
            .replace('__ENDPOINT__', `${origin}/collect`)
        : built;
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(code);
      return;
    }
    const html = pages.get(url.pathname);
    // no cache-control: no-store, which would keep pages out of bfcache
    response.writeHead(html === undefined ? 404 : 200, {
      'content-type': 'text/html',
    });
    response.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) =>
    server.listen(port, '127.0.0.1', resolve),
  );

  const state: TestServer = {
    origin,
    port: (server.address() as AddressInfo).port,
    posts: [],
    sentinels: 0,
    status: 202,
    page: (path, html) => {
      pages.set(path, html);
    },
    waitForPosts: async (count) => {
      while (state.posts.length < count) {
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
      return state.posts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return state;
}
