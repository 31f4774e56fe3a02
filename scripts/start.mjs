// `npm start`: the collector on http://localhost:8787 with local storage.
// Builds the browser bundles, applies the D1 migrations to the local
// database (.wrangler/state), starts `wrangler dev`, and makes sure the
// `demo` portal exists so that http://localhost:8787/demo records data.
// Everything runs offline: local D1, Queue and Durable Objects are
// simulated by wrangler.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PORT = Number(process.env.PORT ?? 8787);
const ORIGIN = `http://localhost:${PORT}`;
const WRANGLER = `${ROOT}node_modules/.bin/wrangler`;
const DEMO_PORTAL = 'demo';
const START_TIMEOUT_MS = 90_000;
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };

function runStep(label, command, args) {
  console.log(`\n> ${label}`);
  const result = spawnSync(command, args, {
    cwd: ROOT,
    env,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`${label} failed`);
    process.exit(result.status ?? 1);
  }
}

/** The admin token: ADMIN_TOKEN from .dev.vars, else the dev default. */
function adminToken() {
  const file = `${ROOT}.dev.vars`;
  if (existsSync(file)) {
    const match = /^ADMIN_TOKEN\s*=\s*"?([^"\n]+)"?/m.exec(
      readFileSync(file, 'utf8'),
    );
    if (match) return match[1].trim();
  }
  return 'dev-admin-token';
}

async function waitForHealth(child) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const res = await fetch(`${ORIGIN}/health`);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

async function ensureDemoPortal(token) {
  const res = await fetch(`${ORIGIN}/v1/portals`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      id: DEMO_PORTAL,
      name: 'Demo shop',
      domains: ['localhost', '127.0.0.1'],
    }),
  });
  if (res.status === 201) return (await res.json()).apiKey;
  if (res.status === 409) return null;
  throw new Error(`creating the demo portal: ${res.status}`);
}

runStep('build the tracker and dashboard', 'npm', ['run', 'build']);
runStep('apply migrations to the local D1', WRANGLER, [
  'd1',
  'migrations',
  'apply',
  'attribution',
  '--local',
]);

console.log(`\n> wrangler dev on ${ORIGIN}`);
const child = spawn(
  WRANGLER,
  [
    'dev',
    '--port',
    String(PORT),
    '--show-interactive-dev-session=false',
    // The local Queue lives in memory; the outbox keeps a 202 durable.
    '--var',
    'OUTBOX:on',
  ],
  { cwd: ROOT, env, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code) => process.exit(code ?? 0));

if (!(await waitForHealth(child))) {
  console.error('the collector did not come up');
  child.kill('SIGTERM');
  process.exit(1);
}
const token = adminToken();
const apiKey = await ensureDemoPortal(token);
const keyLine = apiKey
  ? `Demo API key:  ${apiKey}  (shown once; stored hashed)`
  : `Demo API key:  shown when the portal was first created; or use the
               admin token with ?portal=${DEMO_PORTAL}`;
console.log(`
  Collector:     ${ORIGIN}
  Demo site:     ${ORIGIN}/demo   (click around, submit the form)
  Dashboard:     ${ORIGIN}/dashboard/
  ${keyLine}
  Admin token:   ${token === 'dev-admin-token' ? 'dev-admin-token (set ADMIN_TOKEN in .dev.vars to change)' : 'from .dev.vars'}
  Sessions:      curl -H 'authorization: Bearer ${token === 'dev-admin-token' ? token : '$ADMIN_TOKEN'}' '${ORIGIN}/v1/sessions?portal=${DEMO_PORTAL}'
`);
