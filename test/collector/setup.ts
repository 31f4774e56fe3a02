import { env } from 'cloudflare:workers';
import { applyD1Migrations } from 'cloudflare:test';

// Each test file gets its own storage; the schema is applied once per file.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
