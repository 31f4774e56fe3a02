/**
 * Characters of one JSON parameter: at most 3 bytes each in UTF-8, under
 * the 2 MB limit D1 and Durable Object storage set for one value.
 */
export const MAX_PARAMETER_CHARS = 600_000;

/**
 * Groups rows into JSON arrays (as text) of at most `maxRows` rows and
 * `maxChars` characters, for statements that read their rows with
 * json_each. A single row longer than `maxChars` gets an array of its own.
 */
export function jsonChunks(
  rows: readonly unknown[],
  maxRows: number,
  maxChars = MAX_PARAMETER_CHARS,
): string[] {
  const chunks: string[] = [];
  let chunk: string[] = [];
  // The length of `[${chunk.join(',')}]`.
  let chars = 2;
  for (const row of rows) {
    const text = JSON.stringify(row);
    const full = chunk.length >= maxRows || chars + 1 + text.length > maxChars;
    if (chunk.length > 0 && full) {
      chunks.push(`[${chunk.join(',')}]`);
      chunk = [];
      chars = 2;
    }
    chars += text.length + (chunk.length > 0 ? 1 : 0);
    chunk.push(text);
  }
  if (chunk.length > 0) chunks.push(`[${chunk.join(',')}]`);
  return chunks;
}
