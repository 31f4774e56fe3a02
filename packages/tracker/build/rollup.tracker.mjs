// The tracker's builds: the default script without opt-in features, and
// the full one with all of them. Each prints its sizes and has a budget.
import { readFileSync } from 'node:fs';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { declarationOrder } from './declaration-order.mjs';
import { ALL_FEATURES, features } from './features.mjs';
import {
  sizeBudget,
  TRACKER_FULL_MAX_GZIP_BYTES,
  TRACKER_MAX_GZIP_BYTES,
} from './size-budget.mjs';

/** The minifier's settings, shared with order-search.mjs. */
export const TERSER_OPTIONS = {
  ecma: 2020,
  module: true,
  toplevel: true,
  compress: {
    passes: 5,
    pure_getters: true,
    unsafe_arrows: true,
    unsafe_methods: true,
  },
  // `_private` fields get short names; the queues keep theirs
  mangle: { properties: { regex: /^_/, reserved: ['_hsq', '_hsp'] } },
  format: { comments: false },
};

/** The declaration order that gzips smallest (see order-search.mjs). */
export const ORDER_FILE = new URL('declaration-order.json', import.meta.url);

/** The rollup input options of a build with the opt-in features `bits`. */
export const inputOptions = (bits) => ({
  input: 'packages/tracker/src/snippet.ts',
  plugins: [
    features(bits),
    // minifySyntax folds constants per module before terser sees the
    // bundle: terser then finds shorter forms (-12 B gzip)
    esbuild({
      target: 'es2020',
      tsconfig: 'packages/tracker/tsconfig.json',
      minifySyntax: true,
    }),
  ],
});

const build = (file, bits, maxGzipBytes) => ({
  ...inputOptions(bits),
  output: {
    file,
    format: 'iife',
    plugins: [
      declarationOrder(JSON.parse(readFileSync(ORDER_FILE, 'utf8'))),
      terser(TERSER_OPTIONS),
      sizeBudget({
        maxGzipBytes,
        placeholders: ['__PORTAL_ID__', '__ENDPOINT__'],
      }),
    ],
  },
});

/** dist/snippet.min.js (default) and dist/snippet.full.min.js (opt-ins). */
export const trackers = [
  build('dist/snippet.min.js', 0, TRACKER_MAX_GZIP_BYTES),
  build('dist/snippet.full.min.js', ALL_FEATURES, TRACKER_FULL_MAX_GZIP_BYTES),
];
