import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeChromium,
  launchChromium,
  newDesktopContext,
} from '../support/chromium';
import { type RunningCollector, startCollector } from '../support/collector';
import { queryD1 } from './load-support';

const COLLECTOR_PORT = 9503;
const PROXY_PORT = 9504;
const PORTAL = 'retry';
const PROXY = `http://127.0.0.1:${PROXY_PORT}`;

/**
 * A front for the real collector, as a load balancer would be: it serves
 * the pages, passes the tracker script and beacons through, and answers
 * the first `refuse` beacons itself with 503 and Retry-After, as the
 * collector does when its Queue refuses a send.
 */
function startFront(upstream: string, refuse: number) {
  const statuses: number[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? '/';
    if (path.startsWith('/page/')) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!doctype html><title>${path}</title>` +
          `<script async src="/js/${PORTAL}.js"></script><p>${path}</p>`,
      );
      return;
    }
    if (req.method === 'POST' && statuses.length < refuse) {
      statuses.push(503);
      res.writeHead(503, {
        'content-type': 'application/json',
        'retry-after': '1',
        'access-control-allow-origin': '*',
      });
      res.end(
        JSON.stringify({
          error: { code: 'unavailable', message: 'retry later' },
        }),
      );
      return;
    }
    const answer = await fetch(`${upstream}${path}`, {
      method: req.method,
      headers: {
        'content-type': req.headers['content-type'] ?? 'text/plain',
        'user-agent': req.headers['user-agent'] ?? '',
      },
      body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
    });
    let body = Buffer.from(await answer.arrayBuffer());
    if (path.startsWith('/js/')) {
      // The script names its endpoint by the origin it was served from.
      body = Buffer.from(body.toString().replaceAll(upstream, PROXY));
    }
    if (req.method === 'POST') statuses.push(answer.status);
    res.writeHead(answer.status, {
      'content-type': answer.headers.get('content-type') ?? 'text/plain',
      'access-control-allow-origin': '*',
    });
    res.end(body);
  });
  return new Promise<{ server: Server; statuses: number[] }>((resolve) =>
    server.listen(PROXY_PORT, '127.0.0.1', () => resolve({ server, statuses })),
  );
}

async function storedPageViews(persistDir: string) {
  return queryD1<{ url: string; n: number }>(
    persistDir,
    `SELECT url, count(*) AS n FROM interactions
     WHERE portal_id = '${PORTAL}' AND type = 'page_view'
     GROUP BY url ORDER BY url`,
  );
}

describe('the tracker against a collector that answers 503', () => {
  let collector: RunningCollector | undefined;
  let front: { server: Server; statuses: number[] } | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    collector = await startCollector({ port: COLLECTOR_PORT });
    await collector.createPortal({ id: PORTAL, domains: ['127.0.0.1'] });
    front = await startFront(collector.url, 1);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await closeChromium(browser);
    await new Promise((r) => front?.server.close(r));
    await collector?.stop();
  });

  it('keeps the refused events and delivers them once the collector recovers', async () => {
    if (!browser || !collector || !front) throw new Error('not started');
    const context = await newDesktopContext(browser);
    const page = await context.newPage();

    await page.goto(`${PROXY}/page/one`);
    await page.waitForFunction(() => localStorage.getItem('hsq_unsent'));
    expect(front.statuses).toEqual([503]);

    await page.goto(`${PROXY}/page/two`);
    await page.waitForFunction(
      () => localStorage.getItem('hsq_unsent') === null,
    );
    expect(front.statuses.slice(1).every((s) => s === 202)).toBe(true);

    const persistDir = collector.persistDir;
    let rows = await storedPageViews(persistDir);
    for (let i = 0; i < 30 && rows.length < 2; i += 1) {
      await new Promise((r) => setTimeout(r, 1_000));
      rows = await storedPageViews(persistDir);
    }
    expect(rows).toEqual([
      { url: `${PROXY}/page/one`, n: 1 },
      { url: `${PROXY}/page/two`, n: 1 },
    ]);
    await context.close();
  }, 120_000);
});
