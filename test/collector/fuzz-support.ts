/**
 * Shared pieces of the fuzz suites: hostile value generators, body
 * mutations, a whole-database row snapshot, and the checks every answer
 * must pass (no 5xx, the JSON error shape, the field named).
 */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { expect } from 'vitest';
import { fetchWith } from './ingest-support';
import { newWriteLog, recordingDb, type WriteLog } from './recording-db';

/** Generated inputs per route; FUZZ_RUNS raises it for a run by hand. */
export const FUZZ_RUNS = Number(env.FUZZ_RUNS || 10_000);

/** Values of the wrong kind for any field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  // Any code point, but no lone surrogate: HTTP carries UTF-8, where a
  // lone surrogate arrives as U+FFFD, and one kept in a test value breaks
  // the test pool's UTF-8 WebSocket to workerd.
  fc
    .string({ unit: 'binary', maxLength: 20 })
    .map((s) => s.replace(/\p{Surrogate}/gu, '\uFFFD')),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    '💥'.repeat(300),
    '<script>alert(1)</script>',
    "'; DROP TABLE contacts; --",
    '=cmd|calc!A1',
    '../../etc/passwd',
    'javascript:alert(1)',
    '2026-02-30T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '0000-01-01T00:00:00Z',
    'NaN',
    'Infinity',
  ),
  fc.integer({ min: 513, max: 3000 }).map((n) => 'x'.repeat(n)),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), {
    maxKeys: 3,
  }),
  fc.constant({ __proto__: null, constructor: { prototype: { x: 1 } } }),
  fc.anything({ maxDepth: 3 }),
);

/** A value as stored: the collector turns lone surrogates into U+FFFD. */
export function asStored(value: unknown): unknown {
  return typeof value === 'string'
    ? value.replace(/\p{Surrogate}/gu, '\uFFFD')
    : value;
}

/** A field that is usually valid and sometimes hostile. */
export function mostly<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 8, arbitrary: valid },
    { weight: 1, arbitrary: hostileValue },
  );
}

/** An optional field: left out, valid, or hostile. */
export function maybe<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.option(mostly(valid), { nil: undefined, freq: 2 });
}

/** How a generator wraps each field: kept valid, or sometimes hostile. */
export interface FieldKind {
  req<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown>;
  opt<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown>;
}

const VALID_FIELDS: FieldKind = {
  req: (valid) => valid,
  opt: (valid) => fc.option(valid, { nil: undefined, freq: 2 }),
};
const HOSTILE_FIELDS: FieldKind = { req: mostly, opt: maybe };

/**
 * Half the inputs have every field valid in type (they still collide on
 * ids, reference unknown records, and so on); half mix in hostile values.
 */
export function validAndHostile(
  build: (kind: FieldKind) => fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown> {
  return fc.oneof(build(VALID_FIELDS), build(HOSTILE_FIELDS));
}

/** ISO times, valid and borderline. */
export const isoTime = fc.oneof(
  fc
    .date({
      min: new Date('2001-01-01T00:00:00Z'),
      max: new Date('2099-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    '2026-03-01T10:00:00+02:00',
    '2026-03-01',
    '2026-03-01T10:00:00',
    '1970-01-01T00:00:00Z',
  ),
);

/** Keys that try to pollute prototypes or confuse a lookup. */
const NASTY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString'];

/**
 * Turns a generated value into request text: mostly its JSON, sometimes
 * with prototype-pollution keys spliced in, truncated, wrapped in an
 * array, nested deep, or replaced by garbage.
 */
export const bodyText = (value: fc.Arbitrary<unknown>) =>
  fc
    .tuple(
      value,
      fc.noBias(fc.nat({ max: 99 })),
      fc.noBias(fc.nat({ max: 10_000 })),
      fc.constantFrom(...NASTY_KEYS),
    )
    .map(([v, dice, cut, key]) => {
      const json = JSON.stringify(v) ?? 'null';
      if (dice < 70) return json;
      if (dice < 80 && json.startsWith('{')) {
        const polluted = `"${key}":{"polluted":true,"isAdmin":true}`;
        return json === '{}'
          ? `{${polluted}}`
          : `{${polluted},${json.slice(1)}`;
      }
      if (dice < 84) return json.slice(0, cut % (json.length + 1));
      if (dice < 88) return `[${json}]`;
      if (dice < 91) return `${'['.repeat(cut % 5000)}${json}`;
      if (dice < 94)
        return `{"a":${'{"a":'.repeat(cut % 200)}1${'}'.repeat(cut % 200)}}`;
      if (dice < 96) return json.replace(/\d+(\.\d+)?/, 'NaN');
      if (dice < 98) return '';
      return '\u0000\uffff{"';
    });

/** Row counts of every table, read in one statement. */
export async function snapshot(): Promise<Record<string, number>> {
  snapshotSql ??= await countingSql();
  const row = await env.DB.prepare(snapshotSql).first<Record<string, number>>();
  return row ?? {};
}

let snapshotSql: string | undefined;

async function countingSql(): Promise<string> {
  const { results } = await env.DB.prepare(
    `SELECT name FROM sqlite_master WHERE type = 'table'
     AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'
     AND name != 'd1_migrations' ORDER BY name`,
  ).all<{ name: string }>();
  const parts = results.map(
    (r) => `(SELECT count(*) FROM "${r.name}") AS "${r.name}"`,
  );
  return `SELECT ${parts.join(', ')}`;
}

/** The answer of one fuzzed request, read once. */
export interface Answer {
  status: number;
  body: unknown;
}

/**
 * Sends one request to the Worker entry's fetch handler, inside workerd
 * with the real bindings, except that DB records what the request wrote.
 * Called directly rather than through `exports.default.fetch`: in this
 * pool that loopback slows down with every call (measured 6 ms per
 * request at first, 82 ms after 300), which would make 10,000 inputs per
 * route impossible; the handler is the same.
 */
export async function send(
  method: string,
  path: string,
  init: { text?: string; headers?: Record<string, string> } = {},
  writes: WriteLog = newWriteLog(),
): Promise<Answer> {
  const request = new Request(`http://collector${path}`, {
    method,
    headers: init.headers,
    body: init.text,
  });
  const res = await fetchWith(request, { DB: recordingDb(env.DB, writes) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: the shape check below reports it for 4xx answers
  }
  return { status: res.status, body };
}

/** One fuzzed request: what was generated, answered and written. */
export interface Sent<T> {
  input: T;
  answer: Answer;
  writes: WriteLog;
}

/** Inputs sent side by side in one property run. */
export const BATCH_SIZE = 25;

/** What a route's fuzz run needs to know. */
export interface RouteFuzz<T> {
  inputs: fc.Arbitrary<T>;
  request(input: T): {
    method: string;
    path: string;
    text?: string;
    headers: Record<string, string>;
  };
  /** Whether a field-level error must name its field for this input. */
  namesField(input: T): boolean;
  /** Tables a refused request may still touch (drop counters). */
  refusedMayWrite?: string[];
  /** Checks what the accepted requests of one batch wrote. */
  checkAccepted(sent: Sent<T>[]): Promise<void>;
}

/**
 * Sends `runs` generated inputs, BATCH_SIZE at a time side by side. Every
 * answer is sound; every refused request changed no row (counted per
 * statement by the recording binding); a batch refused whole leaves every
 * table's row count as it was; accepted requests wrote what they should.
 * Returns how many were accepted and refused.
 */
export async function fuzzRoute<T>(
  route: RouteFuzz<T>,
  runs = FUZZ_RUNS,
): Promise<{ accepted: number; refused: number }> {
  let accepted = 0;
  let refused = 0;
  const allowed = new Set(route.refusedMayWrite ?? []);
  const batches = fc.array(route.inputs, {
    minLength: BATCH_SIZE,
    maxLength: BATCH_SIZE,
  });
  await fc.assert(
    fc.asyncProperty(batches, async (inputs) => {
      const before = await snapshot();
      const sent = await Promise.all(
        inputs.map(async (input) => {
          const writes = newWriteLog();
          const r = route.request(input);
          const answer = await send(r.method, r.path, r, writes);
          return { input, answer, writes };
        }),
      );
      const ok: Sent<T>[] = [];
      for (const s of sent) {
        expectSoundAnswer(s.answer, route.namesField(s.input));
        if (s.answer.status < 400) {
          ok.push(s);
          continue;
        }
        const context = `${s.answer.status} ${JSON.stringify(s.input)}`;
        expect(s.writes.unmeasured, context).toEqual([]);
        for (const table of s.writes.tables) {
          expect(allowed.has(table), `${table}: ${context}`).toBe(true);
        }
      }
      if (ok.length === 0) {
        const after = await snapshot();
        for (const table of allowed) {
          delete after[table];
          delete before[table];
        }
        expectNoWrites(before, after, 'a batch of refused requests');
      }
      await route.checkAccepted(ok);
      accepted += ok.length;
      refused += sent.length - ok.length;
    }),
    { numRuns: Math.ceil(runs / BATCH_SIZE), endOnFailure: true },
  );
  return { accepted, refused };
}

/** True when the text parses to a plain (non-array) JSON object. */
export function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

/**
 * The checks every fuzzed answer must pass: no 5xx; a 4xx carries
 * `{error:{code,message,field?}}`; a field-level validation error names
 * its field.
 */
export function expectSoundAnswer(answer: Answer, fieldExpected: boolean) {
  expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(500);
  if (answer.status < 400) return;
  const error = (answer.body as { error?: Record<string, unknown> } | null)
    ?.error;
  expect(error, `no error object: ${JSON.stringify(answer.body)}`).toBeTruthy();
  expect(typeof error?.code).toBe('string');
  expect(typeof error?.message).toBe('string');
  if (error?.field !== undefined) expect(typeof error.field).toBe('string');
  if (fieldExpected && error?.code === 'invalid') {
    expect(error.field, JSON.stringify(error)).toBeTruthy();
  }
  // Nothing on the object prototype changed in this isolate.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
}

/** Expects two snapshots to hold the same row counts. */
export function expectNoWrites(
  before: Record<string, number>,
  after: Record<string, number>,
  context: string,
) {
  expect(after, context).toEqual(before);
}
