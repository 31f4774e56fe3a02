import { describe, expect, it } from 'vitest';
import {
  aggregate,
  modelsFor,
  type ReportRow,
} from '../../packages/attribution/src/index';
import { c1, contactCreated, day, deal, touch } from './fixtures';

/** Rows as { key(/key2): [linear, interactions, conversions] }. */
function summary(rows: ReportRow[], model: 'linear' | 'first_interaction') {
  return Object.fromEntries(
    rows.map((r) => [
      r.key2 === undefined ? r.key : `${r.key}/${r.key2}`,
      [
        Number((r.credit[model] ?? NaN).toFixed(12)),
        r.interactions,
        r.conversions,
      ],
    ]),
  );
}

/** Two contacts: c1 via google then a newsletter; c2 via google only. */
function twoContacts() {
  const google = { utm_source: 'google', utm_medium: 'cpc' };
  const news = { utm_source: 'newsletter', utm_medium: 'email' };
  return [
    contactCreated(
      [
        touch('c1-a', 0, { dims: google }),
        touch('c1-b', 1, { dims: google }),
        touch('c1-c', 2, { dims: news, createsContact: true }),
        touch('c1-d', 2.5, { dims: {} }),
      ],
      3,
    ),
    contactCreated([touch('c2-a', 1, { contactId: 'c2', dims: google })], 1, {
      id: 'c2',
      contacts: [{ id: 'c2', createdAt: day(1) }],
    }),
  ];
}

describe('aggregate', () => {
  it('groups credit by a touch dimension with interaction and conversion counts', () => {
    const report = aggregate(twoContacts(), {
      models: ['linear', 'first_interaction'],
      dimension: 'utm_source',
    });
    expect(report.conversions).toBe(2);
    expect(summary(report.rows, 'linear')).toEqual({
      '(none)': [0.25, 1, 1],
      google: [1.5, 3, 2],
      newsletter: [0.25, 1, 1],
    });
    expect(summary(report.rows, 'first_interaction').google?.[0]).toBe(2);
  });

  it('groups by interaction position, counting a touch under each position it holds', () => {
    const report = aggregate(twoContacts(), {
      models: ['linear'],
      dimension: 'interaction_position',
    });
    expect(summary(report.rows, 'linear')).toEqual({
      first_interaction: [0.25 + 1, 2, 2],
      intermediate: [0.25, 1, 1],
      last_interaction: [0.25 + 1, 2, 2],
      lead_created: [0.25, 1, 1],
    });
  });

  it('groups by a conversion dimension such as the deal name', () => {
    const deals = ['Acme', 'Globex'].map((name, i) =>
      deal(
        'deal-create',
        [touch(`${name}-1`, 0), touch(`${name}-2`, 1)],
        { contacts: [c1(0)], created: 1 + i },
        { id: name, dims: { deal_name: name } },
      ),
    );
    const report = aggregate(deals, {
      models: modelsFor('deal-create'),
      dimension: 'deal_name',
    });
    expect(summary(report.rows, 'linear')).toEqual({
      Acme: [1, 2, 1],
      Globex: [1, 2, 1],
    });
  });

  it('groups by a second dimension into one row per pair of keys', () => {
    const report = aggregate(twoContacts(), {
      models: ['linear'],
      dimension: 'utm_medium',
      dimension2: 'interaction_date',
    });
    expect(summary(report.rows, 'linear')).toEqual({
      '(none)/2026-01-03': [0.25, 1, 1],
      'cpc/2026-01-01': [0.25, 1, 1],
      'cpc/2026-01-02': [1.25, 2, 2],
      'email/2026-01-03': [0.25, 1, 1],
    });
  });

  it('sums revenue credit in money across deals', () => {
    const won = (id: string, amount: number, source: string) =>
      deal(
        'revenue',
        [
          touch(`${id}-ad`, 0, { dims: { interaction_source: 'paid_search' } }),
          touch(`${id}-x`, 1, { dims: { interaction_source: source } }),
        ],
        { contacts: [c1(0)], created: 1, won: 2 },
        { id, value: amount },
      );
    const report = aggregate(
      [won('d1', 1000, 'sales'), won('d2', 300, 'email')],
      {
        models: modelsFor('revenue'),
        dimension: 'interaction_source',
      },
    );
    expect(summary(report.rows, 'linear')).toEqual({
      email: [150, 1, 1],
      paid_search: [650, 2, 2],
      sales: [500, 1, 1],
    });
    const total = report.rows.reduce(
      (s, r) => s + (r.credit.full_path ?? 0),
      0,
    );
    expect(total).toBeCloseTo(1300, 9);
  });

  it('groups by interaction type from the touch when dims do not carry it', () => {
    const conversion = contactCreated(
      [touch('v', 0), touch('f', 1, { type: 'form_submission' })],
      1,
    );
    const report = aggregate([conversion], {
      models: ['last_interaction'],
      dimension: 'interaction_type',
    });
    expect(report.rows.map((r) => [r.key, r.credit.last_interaction])).toEqual([
      ['form_submission', 1],
      ['page_view', 0],
    ]);
  });

  it('accepts conversions streamed from a generator', () => {
    function* stream() {
      yield* twoContacts();
    }
    const streamed = aggregate(stream(), {
      models: ['linear'],
      dimension: 'utm_source',
    });
    const listed = aggregate(twoContacts(), {
      models: ['linear'],
      dimension: 'utm_source',
    });
    expect(streamed).toEqual(listed);
  });
});
