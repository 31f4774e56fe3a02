import {
  cloudflareTest,
  readD1Migrations,
} from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

const migrations = await readD1Migrations('./migrations');

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: [
            'test/attribution/**/*.test.ts',
            'test/tracker/unit/**/*.test.ts',
          ],
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: migrations,
                ADMIN_TOKEN: 'test-admin',
                // Inputs per route of the fuzz suites (FUZZ_RUNS=100000).
                FUZZ_RUNS: process.env.FUZZ_RUNS ?? '',
                // A visitor object keeps this few events in memory, so the
                // suites also cover visitors read back from its storage.
                VISITOR_CACHE_EVENTS: '25',
                // Low enough for a test to reach (visitor-limit.test.ts).
                VISITOR_MAX_EVENTS: '200',
              },
              // Two more databases for the per-portal routing test.
              d1Databases: { DB_A: 'portal-db-a', DB_B: 'portal-db-b' },
            },
          }),
        ],
        test: {
          name: 'workers',
          include: ['test/collector/**/*.test.ts'],
          setupFiles: ['test/collector/setup.ts'],
        },
      },
      {
        test: {
          name: 'browser',
          environment: 'node',
          include: [
            'test/tracker/browser/**/*.test.ts',
            'test/e2e/**/*.test.ts',
          ],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
