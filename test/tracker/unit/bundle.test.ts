import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  brotliBytes,
  gzipBytes,
  literalCount,
  TRACKER_MAX_GZIP_BYTES,
} from '../../../packages/tracker/build/size-budget.mjs';

const BUNDLE = 'dist/snippet.min.js';

const bundle = () => {
  if (!existsSync(BUNDLE)) {
    throw new Error(`${BUNDLE} is missing: run \`npm run build\` first`);
  }
  return readFileSync(BUNDLE, 'utf8');
};

describe('the built snippet', () => {
  it('stays within the gzip budget', () => {
    const code = bundle();
    const gzip = gzipBytes(code);
    console.log(
      `snippet.min.js: raw ${code.length} B, gzip -9 ${gzip} B, brotli ${brotliBytes(code)} B`,
    );
    expect(gzip).toBeLessThanOrEqual(TRACKER_MAX_GZIP_BYTES);
  });

  it('holds each placeholder exactly once as a quoted literal', () => {
    const code = bundle();
    expect(literalCount(code, '__PORTAL_ID__')).toBe(1);
    expect(literalCount(code, '__ENDPOINT__')).toBe(1);
  });

  it('keeps no private field names: they are mangled', () => {
    expect(bundle()).not.toMatch(/\._(portal|endpoint|buf|visit|path)\b/);
  });
});
