// Builds the browser bundles: an array with one config per script.
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { dashboard } from './packages/dashboard/rollup.dashboard.mjs';
import { sizeBudget } from './packages/tracker/build/size-budget.mjs';

/**
 * The tracker's budget: gzip -9 bytes of dist/snippet.min.js.
 * TODO(perf): the goal is 2560 B (target 2048 B); the full default bundle
 * is at ~3.4 KB, so the build fails only past this ceiling for now.
 */
export const TRACKER_MAX_GZIP_BYTES = 3584;

const tracker = {
  input: 'packages/tracker/src/snippet.ts',
  output: {
    file: 'dist/snippet.min.js',
    format: 'iife',
    plugins: [
      terser({
        ecma: 2020,
        compress: { passes: 3, pure_getters: true },
        // `_private` fields get short names; the queues keep theirs
        mangle: { properties: { regex: /^_/, reserved: ['_hsq', '_hsp'] } },
        format: { comments: false },
      }),
      sizeBudget({
        maxGzipBytes: TRACKER_MAX_GZIP_BYTES,
        placeholders: ['__PORTAL_ID__', '__ENDPOINT__'],
      }),
    ],
  },
  plugins: [
    esbuild({ target: 'es2020', tsconfig: 'packages/tracker/tsconfig.json' }),
  ],
};

const configs = [tracker];
configs.push(dashboard);

export default configs;
