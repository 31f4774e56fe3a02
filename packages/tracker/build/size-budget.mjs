// A rollup plugin that prints a bundle's raw, gzip -9 and brotli sizes on
// every build and fails the build when gzip passes the budget, or when a
// placeholder the collector replaces is not there exactly once.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * The budget of the default tracker: gzip -9 bytes of dist/snippet.min.js,
 * every default behaviour included. The target is 2048 B; docs/tracker.md
 * (Size) says what the bytes pay for.
 */
export const TRACKER_MAX_GZIP_BYTES = 2560;

/**
 * The budget of dist/snippet.full.min.js, with every opt-in feature: just
 * above its size, so that any growth fails the build.
 */
export const TRACKER_FULL_MAX_GZIP_BYTES = 2975;

/** Bytes of the bundle after `gzip -9`. */
export const gzipBytes = (code) => gzipSync(code, { level: 9 }).length;

/** Bytes of the bundle after brotli at its best quality. */
export const brotliBytes = (code) =>
  brotliCompressSync(code, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;

/** Count of `'NAME'` or `"NAME"` string literals in the code. */
export const literalCount = (code, name) =>
  code.split(`"${name}"`).length + code.split(`'${name}'`).length - 2;

export function sizeBudget({ maxGzipBytes, placeholders = [] }) {
  return {
    name: 'size-budget',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const { code, fileName } = chunk;
        for (const name of placeholders) {
          const count = literalCount(code, name);
          if (count !== 1) {
            this.error(`${fileName}: placeholder ${name} found ${count} times`);
          }
        }
        const gzip = gzipBytes(code);
        const sizes = `raw ${code.length} B, gzip -9 ${gzip} B, brotli ${brotliBytes(code)} B`;
        console.log(`${fileName}: ${sizes} (budget ${maxGzipBytes} B gzip)`);
        if (gzip > maxGzipBytes) {
          this.error(
            `${fileName} is ${gzip} B gzipped, over ${maxGzipBytes} B`,
          );
        }
      }
    },
  };
}
