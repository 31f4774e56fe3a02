import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  brotliBytes,
  gzipBytes,
  literalCount,
  TRACKER_FULL_MAX_GZIP_BYTES,
  TRACKER_MAX_GZIP_BYTES,
} from '../../../packages/tracker/build/size-budget.mjs';

const DEFAULT = 'dist/snippet.min.js';
const FULL = 'dist/snippet.full.min.js';

const read = (path: string) => {
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run \`npm run build\` first`);
  }
  return readFileSync(path, 'utf8');
};

/** Code that exists only for an opt-in feature, one marker each. */
const OPT_IN_MARKERS = {
  spa: 'pushState',
  // the property read: the command of the same name is never after a dot
  'respect-dnt': '.doNotTrack',
  debug: 'console.warn',
  consent: '"required"',
  'data-portal and data-endpoint': 'script[data-portal]',
};

describe.each([
  [DEFAULT, TRACKER_MAX_GZIP_BYTES],
  [FULL, TRACKER_FULL_MAX_GZIP_BYTES],
])('the built snippet %s', (path, budget) => {
  it('stays within its gzip budget', () => {
    const code = read(path);
    const gzip = gzipBytes(code);
    console.log(
      `${path}: raw ${code.length} B, gzip -9 ${gzip} B, brotli ${brotliBytes(code)} B`,
    );
    expect(gzip).toBeLessThanOrEqual(budget);
  });

  it('holds each placeholder exactly once as a quoted literal', () => {
    const code = read(path);
    expect(literalCount(code, '__PORTAL_ID__')).toBe(1);
    expect(literalCount(code, '__ENDPOINT__')).toBe(1);
  });

  it('keeps no private field names: they are mangled', () => {
    expect(read(path)).not.toMatch(/\._(portal|endpoint|buf|visit|path)\b/);
  });
});

describe('the opt-in features', () => {
  it.each(Object.entries(OPT_IN_MARKERS))(
    'leaves %s out of the default build and builds it into the full one',
    (_feature, marker) => {
      expect(read(DEFAULT)).not.toContain(marker);
      expect(read(FULL)).toContain(marker);
    },
  );
});
