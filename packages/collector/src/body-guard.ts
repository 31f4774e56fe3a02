import { ApiError } from './errors';

/**
 * Deepest nesting of arrays and objects a request body may have. The
 * deepest legitimate body (an interaction's utm object inside the
 * interactions array) nests three levels; the margin is for clients that
 * wrap payloads.
 */
export const MAX_JSON_DEPTH = 16;

/**
 * Deepest nesting of a collect body. A page may push custom event
 * properties of any shape and the tracker forwards up to 16,000
 * characters of them, at most 8,000 levels; the collector keeps only the
 * scalar ones. Refusing deeper nesting would lose the page views sent in
 * the same batch. Deep bodies are still safe here: JSON.parse does not
 * recurse, and the collect schema never walks into property values.
 */
export const MAX_COLLECT_JSON_DEPTH = 10_000;

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

// JSON may spell a lone surrogate as an escape (`"\ud800"`); UTF-8 text
// cannot carry one. Kept, it would reach storage and logs as text no UTF-8
// reader accepts, so it becomes U+FFFD, as a UTF-8 decoder would make it.
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const LONE_SURROGATE = /\p{Surrogate}/u;
const LONE_SURROGATES = /\p{Surrogate}/gu;

function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATES, '\uFFFD');
}

function reviveWellFormed(_key: string, value: unknown): unknown {
  if (typeof value === 'string') return wellFormed(value);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return value;
  }
  const entries = Object.entries(value);
  if (!entries.some(([key]) => LONE_SURROGATE.test(key))) return value;
  return Object.fromEntries(entries.map(([k, v]) => [wellFormed(k), v]));
}

/**
 * Parses request text as JSON after the depth check, with lone surrogates
 * replaced; a 400 in the JSON error shape for text that is not JSON.
 */
export function parseGuardedJson(
  text: string,
  maxDepth = MAX_JSON_DEPTH,
): unknown {
  assertJsonDepth(text, maxDepth);
  try {
    return SURROGATE_ESCAPE.test(text)
      ? JSON.parse(text, reviveWellFormed)
      : JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'the body is not valid JSON');
  }
}
