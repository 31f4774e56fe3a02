import { describe, expect, it } from 'vitest';
import {
  aggregate,
  attribute,
  modelsFor,
} from '../../packages/attribution/src/index';
import { c1, contactCreated, day, deal, touchesOnDays } from './fixtures';

const revenueModels = modelsFor('revenue');

describe('exclusion', () => {
  it('leaves a deal created before a contact out of W-shaped and full path only', () => {
    const conversion = deal('revenue', touchesOnDays(4), {
      contacts: [c1(0), { id: 'late', createdAt: day(2) }],
      created: 1,
      won: 3,
    });
    const journey = attribute(conversion, revenueModels);
    expect(journey.excluded).toEqual({
      w_shaped: 'deal_before_contact',
      full_path: 'deal_before_contact',
    });
    expect(journey.credit.w_shaped).toBeUndefined();
    expect(journey.credit.full_path).toBeUndefined();
    expect(journey.credit.linear).toBeDefined();

    const report = aggregate([conversion], {
      models: revenueModels,
      dimension: 'interaction_type',
    });
    expect(report.excluded).toEqual({ deal_before_contact: 1 });
    expect(report.rows[0]?.credit.w_shaped).toBe(0);
    expect(report.rows[0]?.credit.linear).toBeCloseTo(1, 12);
  });

  it('counts a conversion without touches before it and gives it no credit', () => {
    const conversion = contactCreated(touchesOnDays(2, {}), -1);
    const journey = attribute(conversion, ['linear']);
    expect(journey.touches).toEqual([]);
    expect(journey.excluded).toEqual({ linear: 'no_interactions' });

    const report = aggregate([conversion], {
      models: ['linear'],
      dimension: 'interaction_type',
    });
    expect(report).toEqual({
      rows: [],
      conversions: 1,
      excluded: { no_interactions: 1 },
      sampled: [],
    });
  });

  it('leaves a revenue deal lacking amount, dates or contacts out of every model', () => {
    const base = { contacts: [c1(0)], created: 1, won: 2 };
    const touches = touchesOnDays(2);
    const noAmount = deal('revenue', touches, base, { value: Number.NaN });
    const noCreate = deal('revenue', touches, base, {
      dealCreatedAt: undefined,
    });
    const noClose = deal('revenue', touches, { contacts: [c1(0)], created: 1 });
    const noContact = deal('revenue', touches, { ...base, contacts: [] });
    const good = deal('revenue', touches, base, { value: 50 });

    const report = aggregate([noAmount, noCreate, noClose, noContact, good], {
      models: revenueModels,
      dimension: 'interaction_type',
    });
    expect(report.conversions).toBe(5);
    expect(report.excluded).toEqual({
      missing_amount: 1,
      missing_create_date: 1,
      missing_close_date: 1,
      no_contacts: 1,
    });
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]?.credit.linear).toBeCloseTo(50, 9);
    expect(attribute(noAmount, ['linear']).excluded).toEqual({
      linear: 'missing_amount',
    });
  });

  it('gives no values for a model the report does not offer', () => {
    const journey = attribute(contactCreated(touchesOnDays(2), 2), [
      'linear',
      'w_shaped',
    ]);
    expect(journey.excluded).toEqual({ w_shaped: 'model_not_offered' });
  });

  it('rejects an unknown model and a cap below one by naming the option', () => {
    const conversion = contactCreated(touchesOnDays(1), 1);
    // @ts-expect-error: an unknown model name from an untyped caller
    expect(() => attribute(conversion, ['zigzag'])).toThrow(/models: unknown/);
    expect(() => attribute(conversion, ['linear'], { maxTouches: 0 })).toThrow(
      /maxTouches/,
    );
  });
});
