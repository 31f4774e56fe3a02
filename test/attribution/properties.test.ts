import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregate,
  attribute,
  type Conversion,
  type InteractionType,
  modelsFor,
  type ReportKind,
  type Touch,
} from '../../packages/attribution/src/index';
import { DAY_MS, DAY0_MS } from './fixtures';

const HALF_DAY_MS = DAY_MS / 2;
const TYPES: InteractionType[] = [
  'page_view',
  'form_submission',
  'call',
  'meeting',
  'ad_click',
  'contact_create',
];
const SOURCES = ['organic_search', 'paid_search', 'sales', null];

// Coarse times and arrival numbers so that ties are frequent.
const time = fc
  .integer({ min: 0, max: 40 })
  .map((h) => DAY0_MS + h * HALF_DAY_MS);

const touchArb = fc.record({
  at: time,
  seq: fc.integer({ min: 0, max: 4 }),
  type: fc.constantFrom(...TYPES),
  contact: fc.integer({ min: 0, max: 2 }),
  onDeal: fc.boolean(),
  createsContact: fc.boolean(),
  source: fc.constantFrom(...SOURCES),
});

const conversionArb: fc.Arbitrary<Conversion> = fc
  .record({
    report: fc.constantFrom<ReportKind>(
      'contact-create',
      'deal-create',
      'revenue',
    ),
    contactTimes: fc.array(time, { minLength: 1, maxLength: 3 }),
    dealAt: time,
    wonAfter: fc.integer({ min: 0, max: 10 }),
    amount: fc.integer({ min: 0, max: 100_000 }),
    touches: fc.array(touchArb, { maxLength: 40 }),
  })
  .map((r) => {
    const contacts = r.contactTimes.map((createdAt, i) => ({
      id: `c${i}`,
      createdAt,
    }));
    const touches: Touch[] = r.touches.map((t, i) => ({
      id: `t${i}`,
      at: t.at,
      seq: t.seq,
      type: t.type,
      contactId: `c${t.contact % contacts.length}`,
      dealIds: t.onDeal ? ['d'] : [],
      createsContact: t.createsContact,
      dims: { interaction_source: t.source },
    }));
    const c: Conversion = {
      id: r.report === 'contact-create' ? 'c0' : 'd',
      report: r.report,
      contacts: r.report === 'contact-create' ? contacts.slice(0, 1) : contacts,
      value: r.report === 'revenue' ? r.amount : 1,
      dims: {},
      touches,
    };
    if (r.report !== 'contact-create') c.dealCreatedAt = r.dealAt;
    if (r.report === 'revenue') c.closedWonAt = r.dealAt + r.wonAfter * DAY_MS;
    return c;
  });

function creditById(c: Conversion, maxTouches?: number) {
  const journey = attribute(c, modelsFor(c.report), { maxTouches });
  const byId = new Map<string, string>();
  journey.touches.forEach((t, i) => {
    const credit = Object.entries(journey.credit).map(([m, w]) => [m, w[i]]);
    byId.set(t.id, JSON.stringify([journey.positions[i], credit]));
  });
  return { journey, byId };
}

describe('properties', () => {
  it('gives every touch a non-negative weight and sums each model to the conversion value', () => {
    fc.assert(
      fc.property(conversionArb, fc.integer({ min: 1, max: 30 }), (c, cap) => {
        for (const maxTouches of [undefined, cap]) {
          const { journey } = creditById(c, maxTouches);
          for (const credit of Object.values(journey.credit)) {
            let sum = 0;
            for (const w of credit) {
              expect(w).toBeGreaterThanOrEqual(0);
              sum += w;
            }
            expect(Math.abs(sum - c.value)).toBeLessThan(1e-9 * (1 + c.value));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('credits each touch the same whatever order the touches arrive in', () => {
    const shuffled = conversionArb.chain((c) =>
      fc.tuple(
        fc.constant(c),
        fc.shuffledSubarray(c.touches as Touch[], {
          minLength: c.touches.length,
          maxLength: c.touches.length,
        }),
      ),
    );
    fc.assert(
      fc.property(shuffled, ([c, touches]) => {
        const a = creditById(c).byId;
        const b = creditById({ ...c, touches }).byId;
        expect(b).toEqual(a);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every key-position touch when sampling past the cap', () => {
    fc.assert(
      fc.property(conversionArb, fc.integer({ min: 1, max: 10 }), (c, cap) => {
        const whole = attribute(c, ['linear']);
        const sampled = attribute(c, ['linear'], { maxTouches: cap });
        const kept = new Set(sampled.touches.map((t) => t.id));
        whole.touches.forEach((t, i) => {
          if ((whole.positions[i] ?? []).length > 0) {
            expect(kept.has(t.id)).toBe(true);
          }
        });
        expect(sampled.sampled).toBe(whole.touches.length > cap);
      }),
      { numRuns: 200 },
    );
  });

  it('sums the report rows of each model to the value of the conversions it credits', () => {
    fc.assert(
      fc.property(fc.array(conversionArb, { maxLength: 8 }), (list) => {
        const conversions = list.map((c, i) => ({ ...c, id: `${c.id}${i}` }));
        const models = modelsFor('revenue');
        const report = aggregate(conversions, {
          models,
          dimension: 'interaction_source',
        });
        expect(report.conversions).toBe(conversions.length);
        for (const model of models) {
          let expected = 0;
          for (const c of conversions) {
            const j = attribute(c, [model]);
            if (j.credit[model]) expected += c.value;
          }
          const total = report.rows.reduce(
            (s, r) => s + (r.credit[model] ?? 0),
            0,
          );
          expect(Math.abs(total - expected)).toBeLessThan(1e-6);
        }
        const touches = report.rows.reduce((s, r) => s + r.interactions, 0);
        const journeys = conversions.map((c) => attribute(c, ['linear']));
        expect(touches).toBe(
          journeys.reduce((s, j) => s + j.touches.length, 0),
        );
      }),
      { numRuns: 150 },
    );
  });
});
