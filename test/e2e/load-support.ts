/**
 * A bounded load generator and D1 reader for the load and restart suites:
 * tracker-shaped batches with duplicate events and resent batches, sent
 * with a fixed number of requests in flight, and a bounded poll that
 * reads the local D1 through wrangler until the Queue has drained.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT_DIR } from '../support/collector';

/** A desktop browser user agent: the bot filter lets it through. */
export const LOAD_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 ' +
  '(KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

/** One request body and the ids of the events it carries. */
export interface LoadBatch {
  body: string;
  ids: string[];
}

export interface LoadPlan {
  portal: string;
  /** Distinct events. */
  events: number;
  eventsPerBatch: number;
  visitors: number;
  /** Share of batches sent a second time, verbatim. */
  resendShare: number;
  /** Share of batches that repeat one event of the batch before them. */
  duplicateShare: number;
}

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Builds the batches of a plan, resends and duplicates included. */
export function planBatches(plan: LoadPlan, seed = 7): LoadBatch[] {
  const next = random(seed);
  const start = Date.now() - 3_600_000;
  const batches: LoadBatch[] = [];
  const count = Math.ceil(plan.events / plan.eventsPerBatch);
  let previous: Record<string, unknown> | undefined;
  for (let b = 0; b < count; b += 1) {
    const visitor = (b % plan.visitors).toString(16).padStart(32, '0');
    const events: Record<string, unknown>[] = [];
    for (let k = 0; k < plan.eventsPerBatch; k += 1) {
      const n = b * plan.eventsPerBatch + k;
      if (n >= plan.events) break;
      events.push({
        i: `load-${n}`,
        t: 'pv',
        ts: start + n,
        u: `https://load.example/p${n % 50}`,
        vi: visitor,
      });
    }
    if (previous && next() < plan.duplicateShare) events.push(previous);
    previous = events[0];
    const batch = {
      body: JSON.stringify({ v: 1, p: plan.portal, e: events }),
      ids: events.map((e) => String(e.i)),
    };
    batches.push(batch);
    if (next() < plan.resendShare) batches.push(batch);
  }
  return batches;
}

/** What a load run saw. */
export interface LoadResult {
  requests: number;
  /** Requests answered 202. */
  accepted: number;
  /** Distinct event ids in 202-answered requests. */
  acceptedIds: Set<string>;
  /** Answers other than 202, by status (0: connection failed). */
  refused: Map<number, number>;
  /** The batches not answered 202, for a client to send again. */
  unsent: LoadBatch[];
}

/**
 * Posts every batch with at most `concurrency` requests in flight. A
 * request that fails (refused or connection error) is not retried here:
 * the counts say what happened, and only 202s are promised to be kept.
 */
export async function sendBatches(
  url: string,
  batches: readonly LoadBatch[],
  concurrency: number,
  onProgress?: (sent: number) => void,
): Promise<LoadResult> {
  const result: LoadResult = {
    requests: 0,
    accepted: 0,
    acceptedIds: new Set(),
    refused: new Map(),
    unsent: [],
  };
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < batches.length) {
      const batch = batches[nextIndex];
      nextIndex += 1;
      if (!batch) break;
      let status = 0;
      try {
        const res = await fetch(`${url}/v1/e`, {
          method: 'POST',
          headers: {
            'content-type': 'text/plain',
            'user-agent': LOAD_USER_AGENT,
          },
          body: batch.body,
        });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = 0;
      }
      result.requests += 1;
      onProgress?.(result.requests);
      if (status === 202) {
        result.accepted += 1;
        for (const id of batch.ids) result.acceptedIds.add(id);
      } else {
        result.refused.set(status, (result.refused.get(status) ?? 0) + 1);
        result.unsent.push(batch);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return result;
}

const WRANGLER_BIN = join(ROOT_DIR, 'node_modules', '.bin', 'wrangler');

/** Tries of a query that meets the running collector's write lock. */
const BUSY_TRIES = 10;
const BUSY_PAUSE_MS = 300;

/**
 * Runs one SQL query on the local D1 under `persistDir`. The running
 * collector writes the same SQLite file from another process, so a read
 * can meet its lock (SQLITE_BUSY); it is tried again after a pause.
 */
export async function queryD1<T>(persistDir: string, sql: string) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await queryD1Once<T>(persistDir, sql);
    } catch (err) {
      const busy = err instanceof Error && /SQLITE_BUSY/.test(err.message);
      if (!busy || attempt >= BUSY_TRIES) throw err;
      await new Promise((r) => setTimeout(r, BUSY_PAUSE_MS));
    }
  }
}

function queryD1Once<T>(persistDir: string, sql: string): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      WRANGLER_BIN,
      [
        'd1',
        'execute',
        'attribution',
        '--local',
        '--persist-to',
        persistDir,
        '--json',
        '--command',
        sql,
      ],
      {
        cwd: ROOT_DIR,
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`d1 execute: ${err}`));
      const parsed = JSON.parse(out) as { results: T[] }[];
      resolve(parsed[0]?.results ?? []);
    });
  });
}

/** Stored interaction rows of a portal, and their distinct ids. */
export interface StoredCount {
  rows: number;
  ids: number;
}

/** Counts a portal's stored interactions. */
export async function countStored(
  persistDir: string,
  portal: string,
): Promise<StoredCount> {
  const [row] = await queryD1<StoredCount>(
    persistDir,
    `SELECT count(*) AS rows, count(DISTINCT id) AS ids
     FROM interactions WHERE portal_id = '${portal}'`,
  );
  return row ?? { rows: 0, ids: 0 };
}

/**
 * Events the collector reports stored for a portal (GET /v1/stats, the
 * consumer's own count of first-seen events). Read through the API: a
 * second process opening the local D1 file while the consumer writes
 * makes its writes fail with SQLITE_BUSY.
 */
export async function statsStored(
  url: string,
  adminToken: string,
  portal: string,
): Promise<number> {
  const res = await fetch(`${url}/v1/stats?portal=${portal}`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  const body = (await res.json()) as { stored: number };
  return body.stored;
}

/**
 * Polls `read` until it reaches `expected` or stops moving for `stallMs`
 * (the Queue has drained), within `deadlineMs` in all.
 */
export async function waitForDrain(
  read: () => Promise<number>,
  expected: number,
  deadlineMs = 150_000,
  stallMs = 30_000,
): Promise<number> {
  const deadline = Date.now() + deadlineMs;
  let last = await read();
  let movedAt = Date.now();
  while (last < expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1_000));
    const now = await read();
    if (now !== last) movedAt = Date.now();
    last = now;
    if (Date.now() - movedAt > stallMs) break;
  }
  return last;
}
