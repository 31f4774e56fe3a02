import { ApiError } from './errors';

/**
 * Deepest nesting of arrays and objects a request body may have. The
 * deepest legitimate body (an interaction's utm object inside the
 * interactions array) nests three levels; the margin is for clients that
 * wrap payloads.
 */
export const MAX_JSON_DEPTH = 16;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Throws a 400 when the raw text nests arrays or objects deeper than
 * `maxDepth`. Runs on the text, before JSON.parse, so that a hostile
 * `[[[[…` costs one linear scan and never reaches the parser or the
 * schema's recursive walk. Brackets inside strings are skipped.
 */
export function assertJsonDepth(text: string, maxDepth = MAX_JSON_DEPTH) {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i += 1;
      else if (code === QUOTE) inString = false;
      continue;
    }
    if (code === QUOTE) inString = true;
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
      if (depth > maxDepth) {
        throw new ApiError(
          400,
          'too_deep',
          `the body nests deeper than ${maxDepth} levels`,
        );
      }
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) depth -= 1;
  }
}

/**
 * Parses request text as JSON after the depth check; a 400 in the JSON
 * error shape for text that is not JSON.
 */
export function parseGuardedJson(text: string): unknown {
  assertJsonDepth(text);
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'the body is not valid JSON');
  }
}
