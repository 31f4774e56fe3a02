import type { Plugin } from 'rollup';

/** The budget of the default tracker: gzip -9 bytes of dist/snippet.min.js. */
export const TRACKER_MAX_GZIP_BYTES: number;
/** The budget of dist/snippet.full.min.js, with every opt-in feature. */
export const TRACKER_FULL_MAX_GZIP_BYTES: number;
/** Bytes of the code after `gzip -9`. */
export function gzipBytes(code: string): number;
/** Bytes of the code after brotli at its best quality. */
export function brotliBytes(code: string): number;
/** Count of `'NAME'` or `"NAME"` string literals in the code. */
export function literalCount(code: string, name: string): number;
/** The rollup plugin that reports sizes and enforces the budget. */
export function sizeBudget(options: {
  maxGzipBytes: number;
  placeholders?: string[];
}): Plugin;
