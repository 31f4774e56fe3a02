import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUZZ_RUNS, fuzzRoute, hostileValue, send } from './fuzz-support';
import { createPortal } from './ingest-support';

const PORTAL = 'fuzz-query';
let headers: Record<string, string> = {};

const DIMENSIONS = [
  'utm_source',
  'interaction_source',
  'deal_name',
  'interaction_date',
  'asset_type',
  'bogus',
];
const MODELS = ['linear', 'u_shaped', 'time_decay', 'compare', 'LINEAR', ''];

/** A query value: a known good one, a borderline one, or anything. */
const value = (good: string[]) =>
  fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom(...good) },
    {
      weight: 1,
      arbitrary: hostileValue.map((v) => JSON.stringify(v) ?? 'undefined'),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  );
const date = value([
  '2026-01-01',
  '2026-03-01T00:00:00Z',
  '2026-13-45',
  '1970-01-01',
  '9999-12-31',
  'yesterday',
]);

/** encodeURIComponent, but lone surrogates go through raw. */
function encode(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return v;
  }
}

/** Encodes params, sometimes raw (bad escapes), sometimes repeated. */
const query = (params: Record<string, fc.Arbitrary<string>>) =>
  fc
    .tuple(
      fc.record(params, { requiredKeys: [] }),
      fc.noBias(fc.nat({ max: 9 })),
      fc.constantFrom('%', '%zz', '%E0%A4%A', '&&', '=', '#x', '%00'),
    )
    .map(([record, dice, junk]) => {
      const pairs = Object.entries(record).map(
        ([k, v]) => `${k}=${dice === 0 ? v : encode(v ?? '')}`,
      );
      if (dice === 1) pairs.push(`${pairs[0] ?? 'x=1'}`);
      if (dice === 2) pairs.push(junk);
      if (dice === 3) pairs.push(`portal=${PORTAL}`);
      return pairs.join('&');
    });

const ROUTES: [string, fc.Arbitrary<string>][] = [
  [
    '/v1/reports/attribution',
    query({
      report: value(['contact-create', 'deal-create', 'revenue']),
      model: value(MODELS),
      dimension: value(DIMENSIONS),
      dimension2: value(DIMENSIONS),
      from: date,
      to: date,
      format: value(['json', 'csv', 'xml']),
    }),
  ],
  [
    '/v1/sessions',
    query({
      from: date,
      to: date,
      visitorId: value(['0123456789abcdef0123456789abcdef', 'x']),
      limit: value(['1', '100', '1000', '1001', '0', '-1', '1e3', '2.5']),
    }),
  ],
  [
    '/v1/contacts',
    query({
      email: value(['a@b.co', 'A@B.CO ', 'x', "' OR 1=1 --", '%']),
    }),
  ],
];

describe('fuzzing the report queries', () => {
  beforeAll(async () => {
    const key = await createPortal(PORTAL);
    headers = { authorization: `Bearer ${key}` };
    await send('POST', '/v1/contacts', {
      headers,
      text: JSON.stringify({
        id: 'q-1',
        email: 'a@b.co',
        createdAt: '2026-02-01T00:00:00Z',
        method: 'import',
      }),
    });
  });

  it.each(ROUTES)(
    `GET %s: ${FUZZ_RUNS} queries, no 5xx, the field named, no writes`,
    async (path, queries) => {
      const { accepted, refused } = await fuzzRoute({
        inputs: queries,
        request: (q) => ({ method: 'GET', path: `${path}?${q}`, headers }),
        namesField: () => true,
        async checkAccepted(sent) {
          for (const s of sent) {
            expect(s.answer.status).toBe(200);
            // Reads never write.
            expect(s.writes.changes).toBe(0);
          }
        },
      });
      expect(accepted).toBeGreaterThan(FUZZ_RUNS / 50);
      expect(refused).toBeGreaterThan(FUZZ_RUNS / 50);
    },
    600_000,
  );
});
