import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../../packages/collector/src/ingest/json-chunks';

const parsed = (chunks: string[]) => chunks.map((c) => JSON.parse(c));

describe('jsonChunks', () => {
  it('keeps every row, in order, at most maxRows to a chunk', () => {
    const rows = Array.from({ length: 450 }, (_, i) => [i, `row ${i}`]);
    const chunks = parsed(jsonChunks(rows, 200));
    expect(chunks.map((c) => c.length)).toEqual([200, 200, 50]);
    expect(chunks.flat()).toEqual(rows);
  });

  it('starts a new chunk before the characters pass maxChars', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ['x'.repeat(90), i]);
    const chunks = jsonChunks(rows, 100, 500);
    // Each row is 96 characters: five with commas and brackets make 486,
    // a sixth would pass 500.
    expect(chunks.map((c) => c.length)).toEqual([486, 486]);
    expect(parsed(chunks).flat()).toEqual(rows);
  });

  it('gives a row longer than maxChars a chunk of its own', () => {
    const rows = [['a'], ['b'.repeat(1_000)], ['c']];
    expect(parsed(jsonChunks(rows, 100, 100))).toEqual([
      [['a']],
      [['b'.repeat(1_000)]],
      [['c']],
    ]);
  });

  it('makes no chunk of no rows', () => {
    expect(jsonChunks([], 200)).toEqual([]);
  });
});
