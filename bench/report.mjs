// The report API's benchmark: seeds 100,000 interactions (1,000 contacts
// with a won deal each, 100 touches per contact, half stored on the
// contact and half on its linked visitor) into a fresh local D1 through
// the API of `wrangler dev`, then times the revenue report over all of
// them. Figures: median (and fastest) wall time of the request, in ms;
// the fastest is the steadier figure on a busy machine.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WRANGLER = `${ROOT}node_modules/.bin/wrangler`;
const PORT = 9300;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const ADMIN = 'bench-report-admin';
const PORTAL = 'bench';
const CONTACTS = 1_000;
const TOUCHES_PER_CONTACT = 100;
const BATCH = 1_000;
const RUNS = 5;
const PARALLEL = 8;
const MAX_RETRIES = 10;
const START_TIMEOUT_MS = 90_000;
const DAY_MS = 86_400_000;
const MARCH_1 = Date.UTC(2026, 2, 1);
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };

const iso = (ms) => new Date(ms).toISOString();

// Every seeding call is idempotent, so a 503 (wrangler dev restarting
// when a source file changes) is safely sent again.
async function call(method, path, body, attempt = 0) {
  const sep = path.includes('?') ? '&' : '?';
  const res = await fetch(`${ORIGIN}${path}${sep}portal=${PORTAL}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN}`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 503 && attempt < MAX_RETRIES) {
    await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, 500));
    return call(method, path, body, attempt + 1);
  }
  if (res.status >= 300) {
    throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  }
  return res;
}

async function inParallel(items, work) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

async function waitForHealth(child) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      if ((await fetch(`${ORIGIN}/health`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

function touchesOf(k) {
  const created = MARCH_1 - 20 * DAY_MS + k * 1000;
  const touches = [];
  for (let t = 0; t < TOUCHES_PER_CONTACT; t++) {
    const at = created - 10 * DAY_MS + t * 4 * 3_600_000;
    const onContact = t % 2 === 0;
    const type = t % 10 === 3 ? 'marketing_email_click' : 'page_view';
    touches.push({
      id: `t${k}-${t}`,
      type,
      at: iso(at),
      ...(onContact ? { contactId: `c${k}` } : { visitorId: `v${k}` }),
      url: `https://bench.test/page/${t % 37}`,
      title: `Page ${t % 37}`,
      utm: { campaign: `camp-${t % 7}`, source: 'news', medium: 'email' },
    });
  }
  return touches;
}

async function seed() {
  const ks = Array.from({ length: CONTACTS }, (_, k) => k);
  await inParallel(ks, (k) =>
    call('POST', '/v1/contacts', {
      id: `c${k}`,
      createdAt: iso(MARCH_1 - 20 * DAY_MS + k * 1000),
      method: 'import',
      company: `Company ${k % 50}`,
      visitorIds: [`v${k}`],
    }),
  );
  await inParallel(ks, (k) =>
    call('POST', '/v1/deals', {
      id: `d${k}`,
      name: `Deal ${k}`,
      amount: 100 + k,
      createdAt: iso(MARCH_1 + k * 1000),
      closedAt: iso(MARCH_1 + 10 * DAY_MS + k * 1000),
      stage: 'closedwon',
      contactIds: [`c${k}`],
    }),
  );
  const all = ks.flatMap(touchesOf);
  const batches = [];
  for (let i = 0; i < all.length; i += BATCH) {
    batches.push(all.slice(i, i + BATCH));
  }
  await inParallel(batches, (interactions) =>
    call('POST', '/v1/interactions', { interactions }),
  );
  return all.length;
}

async function timeReport(query) {
  const times = [];
  let answer;
  let timing = '';
  for (let r = 0; r < RUNS + 1; r++) {
    const started = performance.now();
    const res = await call('GET', `/v1/reports/attribution?${query}`);
    answer = await res.json();
    timing = res.headers.get('server-timing') ?? '';
    // The first run warms the isolate and SQLite's page cache.
    if (r > 0) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  if (process.env.BENCH_VERBOSE) console.error(query, times, timing);
  return { ms: times[Math.floor(times.length / 2)], min: times[0], answer };
}

/** Seeds, measures and cleans up; resolves to `{ report: {...} }`. */
export async function run() {
  const state = mkdtempSync(join(tmpdir(), 'bench-report-'));
  const applied = spawnSync(
    WRANGLER,
    [
      'd1',
      'migrations',
      'apply',
      'attribution',
      '--local',
      '--persist-to',
      state,
    ],
    { cwd: ROOT, env, stdio: 'ignore' },
  );
  if (applied.status !== 0) throw new Error('migrations failed');

  const child = spawn(
    WRANGLER,
    [
      'dev',
      '--port',
      String(PORT),
      '--ip',
      '127.0.0.1',
      '--persist-to',
      state,
      '--var',
      `ADMIN_TOKEN:${ADMIN}`,
      '--show-interactive-dev-session=false',
    ],
    { cwd: ROOT, env, stdio: 'ignore', detached: true },
  );
  try {
    if (!(await waitForHealth(child))) throw new Error('wrangler dev failed');
    const interactions = await seed();
    const range = 'from=2026-03-01&to=2026-03-31';
    const linear = await timeReport(
      `report=revenue&model=linear&dimension=interaction_source&${range}`,
    );
    const compare = await timeReport(
      `report=revenue&model=compare&dimension=utm_campaign&${range}`,
    );
    if (linear.answer.conversions !== CONTACTS) {
      throw new Error(
        `expected ${CONTACTS} deals, got ${linear.answer.conversions}`,
      );
    }
    return {
      report: {
        ms100k: Math.round(linear.ms),
        msMin100k: Math.round(linear.min),
        msCompare100k: Math.round(compare.ms),
        interactions,
      },
    };
  } finally {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    if (process.env.BENCH_KEEP_STATE) console.error('state kept in', state);
    else rmSync(state, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run(), null, 2));
}
