/**
 * Starts a real local collector (`wrangler dev`) for node-side suites:
 * browser, end-to-end, load. Each start gets fresh storage in a temporary
 * `--persist-to` folder with the migrations applied, so suites never share
 * data with each other or with the developer's own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: where wrangler.toml lives. */
export const ROOT_DIR = fileURLToPath(new URL('../..', import.meta.url));

const WRANGLER_BIN = join(ROOT_DIR, 'node_modules', '.bin', 'wrangler');
const START_TIMEOUT_MS = 90_000;
const POLL_INTERVAL_MS = 250;

/** Admin token the started collector accepts. */
export const TEST_ADMIN_TOKEN = 'local-test-admin';

export interface StartOptions {
  /** Loopback port to listen on (use one of your suite's range). */
  port: number;
  /** Extra `--var NAME:VALUE` variables, e.g. `{ BENCH: '1' }`. */
  vars?: Record<string, string>;
  /**
   * Reuse this storage folder (migrations already applied) instead of a
   * fresh one: a restart on the same data.
   */
  persistDir?: string;
}

export interface PortalInput {
  id: string;
  name?: string;
  domains?: string[];
}

export interface RunningCollector {
  /** Base URL, e.g. http://127.0.0.1:9201 */
  url: string;
  adminToken: string;
  /** The temporary storage folder (D1, Queue, Durable Objects). */
  persistDir: string;
  /** Process group of wrangler and its runtime (for CPU accounting). */
  processGroup: number;
  /** Registers a portal through the API; returns its id and API key. */
  createPortal(input: PortalInput): Promise<{ id: string; apiKey: string }>;
  /** What wrangler printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Stops wrangler and deletes the storage folder. */
  stop(): Promise<void>;
  /** Stops wrangler at once (SIGKILL) and keeps the storage folder. */
  kill(): Promise<void>;
}

// COLLECTOR_WRANGLER_LOG=debug shows what wrangler does (its proxy, the
// runtime's connections) when a suite or the bench needs explaining.
const QUIET_ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_LOG: process.env.COLLECTOR_WRANGLER_LOG ?? 'warn',
  NO_COLOR: '1',
  CI: 'true',
};

function runToEnd(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(WRANGLER_BIN, args, {
      cwd: ROOT_DIR,
      env: QUIET_ENV,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`wrangler ${args[0]} failed: ${stderr}`));
    });
  });
}

/** Applies migrations/ to a fresh local D1 under `persistDir`. */
export function applyMigrations(persistDir: string): Promise<void> {
  return runToEnd([
    'd1',
    'migrations',
    'apply',
    'attribution',
    '--local',
    '--persist-to',
    persistDir,
  ]);
}

async function waitForHealth(url: string, child: ChildProcess, log: string[]) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`wrangler dev exited: ${log.join('').slice(-2000)}`);
    }
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
  }
  throw new Error(`collector not up after ${START_TIMEOUT_MS} ms`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) {
    return Promise.resolve();
  }
  const exited = new Promise<void>((resolve) => child.on('exit', resolve));
  // wrangler runs workerd as a child: signal the whole process group.
  process.kill(-child.pid, 'SIGTERM');
  const forced = setTimeout(() => {
    if (child.exitCode === null && child.pid !== undefined) {
      process.kill(-child.pid, 'SIGKILL');
    }
  }, 5_000);
  return exited.finally(() => clearTimeout(forced));
}

/**
 * Starts `wrangler dev` on 127.0.0.1 with fresh storage and waits until
 * /health answers.
 *
 * @example
 * const collector = await startCollector({ port: 9210 });
 * const { id, apiKey } = await collector.createPortal({ id: 'acme' });
 * // … point a page at `${collector.url}/js/acme.js` …
 * await collector.stop();
 */
export async function startCollector(
  options: StartOptions,
): Promise<RunningCollector> {
  const persistDir =
    options.persistDir ?? (await mkdtemp(join(tmpdir(), 'collector-')));
  if (!options.persistDir) await applyMigrations(persistDir);

  // The outbox is on as in `npm start`: a local Queue loses a restart.
  const vars = {
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    OUTBOX: 'on',
    ...options.vars,
  };
  const args = [
    'dev',
    '--port',
    String(options.port),
    '--ip',
    '127.0.0.1',
    '--persist-to',
    persistDir,
    '--show-interactive-dev-session=false',
    ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
  ];
  const child = spawn(WRANGLER_BIN, args, {
    cwd: ROOT_DIR,
    env: QUIET_ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const log: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString()));

  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitForHealth(url, child, log);
  } catch (err) {
    await stopProcess(child);
    await rm(persistDir, { recursive: true, force: true });
    throw err;
  }

  return {
    url,
    adminToken: TEST_ADMIN_TOKEN,
    persistDir,
    processGroup: child.pid ?? 0,
    async createPortal(input) {
      const res = await fetch(`${url}/v1/portals`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          id: input.id,
          name: input.name ?? input.id,
          domains: input.domains ?? [],
        }),
      });
      if (res.status !== 201) {
        throw new Error(`createPortal: ${res.status} ${await res.text()}`);
      }
      return (await res.json()) as { id: string; apiKey: string };
    },
    output() {
      return log.join('');
    },
    async stop() {
      await stopProcess(child);
      await rm(persistDir, { recursive: true, force: true });
    },
    async kill() {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise<void>((r) => child.on('exit', () => r()));
      process.kill(-child.pid, 'SIGKILL');
      await exited;
    },
  };
}
