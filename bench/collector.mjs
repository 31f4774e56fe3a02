// The collector's benchmark, run by `npm run bench` (bench/run.mjs).
// Starts a real `wrangler dev` with fresh local storage and measures, in
// one run on loopback:
// - collect: POST /v1/e against the Worker's own no-op route, same body,
//   50 connections, three alternating rounds of 5 s each (autocannon);
//   beside them the no-op route plus the Queue send (/v1/noop/send), which
//   tells the Queue's share from the collector's own checks;
// - consumer: the real Queue consumer on generated batches (sessions,
//   sources, identity, D1 writes) against plain inserts of the same rows,
//   100 rows a statement (the storage limit) and one statement a row,
//   timed inside the Worker, after a smaller warm-up run.
import { readFile } from 'node:fs/promises';
import autocannon from 'autocannon';
import { transform } from 'esbuild';
import { groupCpuMs } from './process-cpu.mjs';

const PORT = 9210;
const CONNECTIONS = 50;
const DURATION_S = 5;
/** Alternating rounds of no-op and collect, so drift hits both alike. */
const ROUNDS = 3;
/** Pause for the Queue to drain the collect phase before the consumer's. */
const DRAIN_PAUSE_MS = 5_000;
const PORTAL = 'bench';
const CONSUMER_VISITORS = 2_000;
const CONSUMER_WARM_UP_VISITORS = 500;
const EVENTS_PER_BODY = 3;
const EVENTS_PER_VISITOR = 10;
const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 ' +
  '(KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

/** Loads the TypeScript launcher the test suites use, without a build. */
async function loadLauncher() {
  const url = new URL('../test/support/collector.ts', import.meta.url);
  const { code } = await transform(await readFile(url, 'utf8'), {
    loader: 'ts',
    format: 'esm',
  });
  // import.meta.url must point where the source lives: it finds the root.
  const patched = code.replaceAll('import.meta.url', JSON.stringify(url.href));
  return import(`data:text/javascript,${encodeURIComponent(patched)}`);
}

function collectBody() {
  const now = Date.now();
  const vi = 'b'.repeat(32);
  const page = (i, u, r) => ({ i, t: 'pv', ts: now + i.length, u, r, vi });
  return JSON.stringify({
    v: 1,
    p: PORTAL,
    e: [
      page('bench-1', 'https://bench.example/?utm_source=x&utm_medium=cpc'),
      page(
        'bench-2',
        'https://bench.example/pricing',
        'https://bench.example/',
      ),
      {
        i: 'bench-3',
        t: 'cta',
        ts: now + 10,
        u: 'https://bench.example/pricing',
        vi,
        ci: 'demo',
        cx: 'Book a demo',
      },
    ],
  });
}

const HEADERS = { 'content-type': 'text/plain', 'user-agent': USER_AGENT };

/** Requests of the burst that follows each timed run (see `load`). */
const FLUSH_REQUESTS = 200;

/**
 * One timed run, then a short untimed burst to the no-op route. A timed
 * run ends with requests in flight, which wrangler's local proxy was
 * still forwarding: the connections it pooled to the Worker for them are
 * broken, and the first requests of the next run to reuse one fail (503
 * or a reset, all within its first 200 ms). The burst takes those
 * failures and ends with nothing in flight.
 */
async function load(url, body, group) {
  const cpuBefore = await groupCpuMs(group);
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: HEADERS,
    body,
  });
  const cpuAfter = await groupCpuMs(group);
  result.cpuMs = cpuBefore === null ? null : cpuAfter - cpuBefore;
  await autocannon({
    url: new URL('/v1/noop', url).href,
    method: 'POST',
    connections: CONNECTIONS,
    amount: FLUSH_REQUESTS,
    headers: HEADERS,
    body,
  });
  return result;
}

const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * Mean throughput and latency percentiles over the rounds, and the
 * collector's CPU per request (null where it cannot be read).
 */
function summarise(runs) {
  const cpuMs = runs.map((r) => r.cpuMs);
  const requests = runs.reduce((n, r) => n + r.requests.total, 0);
  return {
    cpuUsPerRequest: cpuMs.includes(null)
      ? null
      : (cpuMs.reduce((a, b) => a + b, 0) * 1000) / requests,
    requests: { average: mean(runs.map((r) => r.requests.average)) },
    latency: {
      p50: mean(runs.map((r) => r.latency.p50)),
      p99: mean(runs.map((r) => r.latency.p99)),
    },
  };
}

/** Most failed requests tolerated (timeouts on a crowded machine). */
const MAX_FAILED_SHARE = 0.01;

/** What wrangler printed besides its line per request: the last part. */
function wranglerNotes(collector) {
  return collector
    .output()
    .split('\n')
    .filter((line) => !/^\[wrangler:info\] (GET|POST|QUEUE) /.test(line))
    .join('\n')
    .slice(-3_000);
}

function checkAnswers(result, label, collector) {
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > result.requests.total * MAX_FAILED_SHARE) {
    const codes = JSON.stringify(result.statusCodeStats);
    throw new Error(
      `${label}: ${bad} of ${result.requests.total} failed ` +
        `(${result.errors} errors, ${result.timeouts} timeouts, ${codes})\n` +
        `wrangler printed:\n${wranglerNotes(collector)}`,
    );
  }
}

export async function run() {
  const { startCollector } = await loadLauncher();
  const collector = await startCollector({
    port: PORT,
    vars: {
      BENCH: '1',
      LOG_LEVEL: 'error',
      // Production's path: Cloudflare Queues need no outbox.
      OUTBOX: 'off',
      RATE_LIMIT_IP_PER_MIN: '0',
      RATE_LIMIT_PORTAL_PER_MIN: '0',
    },
  });
  try {
    await collector.createPortal({ id: PORTAL, domains: ['bench.example'] });
    const body = collectBody();
    // Warm both paths (isolate start, portal cache, compiled code) before
    // measuring, and let the Queue drain what the warm-up sent.
    const group = collector.processGroup;
    await load(`${collector.url}/v1/e`, body, group).catch(() => undefined);
    await new Promise((r) => setTimeout(r, DRAIN_PAUSE_MS));
    await load(`${collector.url}/v1/noop`, body, group).catch(() => undefined);

    const paths = { noop: '/v1/noop', send: '/v1/noop/send', collect: '/v1/e' };
    const runs = { noop: [], send: [], collect: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [name, path] of Object.entries(paths)) {
        runs[name].push(await load(`${collector.url}${path}`, body, group));
      }
    }
    for (const [name, list] of Object.entries(runs)) {
      for (const r of list) checkAnswers(r, name, collector);
    }
    const noop = summarise(runs.noop);
    const send = summarise(runs.send);
    const collect = summarise(runs.collect);
    await new Promise((r) => setTimeout(r, DRAIN_PAUSE_MS));

    const consume = async (visitors) => {
      const res = await fetch(`${collector.url}/v1/bench/consume`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${collector.adminToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          portal: PORTAL,
          visitors,
          eventsPerVisitor: EVENTS_PER_VISITOR,
        }),
      });
      if (!res.ok)
        throw new Error(`consume: ${res.status} ${await res.text()}`);
      return res.json();
    };
    // A smaller run first compiles the consumer's code and creates the
    // visitors' objects, as the collect rounds do for the collect path.
    await consume(CONSUMER_WARM_UP_VISITORS);
    const consumed = await consume(CONSUMER_VISITORS);

    const round = (n) => Math.round(n * 100) / 100;
    const roundOrNull = (n) => (n === null ? null : Math.round(n));
    return {
      collect: {
        eventsPerSecond: round(collect.requests.average * EVENTS_PER_BODY),
        requestsPerSecond: round(collect.requests.average),
        noopPerSecond: round(noop.requests.average),
        ratioToNoop: round(collect.requests.average / noop.requests.average),
        noopSendPerSecond: round(send.requests.average),
        noopSendRatioToNoop: round(
          send.requests.average / noop.requests.average,
        ),
        ratioToNoopSend: round(
          collect.requests.average / send.requests.average,
        ),
        p50Ms: round(collect.latency.p50),
        p99Ms: round(collect.latency.p99),
        noopP99Ms: round(noop.latency.p99),
        // The collector's processes (wrangler, its proxy and runtime),
        // CPU microseconds per request: the Queue and our checks apart.
        cpuUsPerRequest: {
          noop: roundOrNull(noop.cpuUsPerRequest),
          noopSend: roundOrNull(send.cpuUsPerRequest),
          collect: roundOrNull(collect.cpuUsPerRequest),
        },
      },
      consumer: {
        eventsPerSecond: Math.round(
          (consumed.events * 1000) / consumed.consumeMs,
        ),
        rawInsertRowsPerSecond: Math.round(
          (consumed.events * 1000) / consumed.rawMs,
        ),
        rowStatementsRowsPerSecond: Math.round(
          (consumed.events * 1000) / consumed.rowStatementsMs,
        ),
        events: consumed.events,
      },
    };
  } finally {
    await collector.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run(), null, 2));
}
