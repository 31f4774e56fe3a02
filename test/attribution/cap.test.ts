import { describe, expect, it } from 'vitest';
import {
  aggregate,
  attribute,
  modelsFor,
} from '../../packages/attribution/src/index';
import { contactCreated, touch, touchesOnDays } from './fixtures';

const models = modelsFor('contact-create');

/** 20 touches on days 0 … 19 with the recorded creation on day 10. */
function longJourney() {
  const touches = touchesOnDays(20);
  touches[10] = touch('t10', 10, { createsContact: true });
  return contactCreated(touches, 19);
}

describe('cap', () => {
  it('keeps every key-position touch and an even sample of the rest past the cap', () => {
    const journey = attribute(longJourney(), models, { maxTouches: 7 });
    expect(journey.sampled).toBe(true);
    // Keys t0, t10, t19; 4 of the 17 others, every 17/4th of them.
    expect(journey.touches.map((t) => t.id)).toEqual([
      't0',
      't1',
      't5',
      't9',
      't10',
      't14',
      't19',
    ]);
    expect(journey.positions[4]).toEqual(['lead_created']);
    for (const model of models) {
      const sum = Array.from(journey.credit[model] ?? []).reduce(
        (a, b) => a + b,
        0,
      );
      expect(sum).toBeCloseTo(1, 12);
    }
  });

  it('keeps only the key touches when the cap is smaller than their count', () => {
    const journey = attribute(longJourney(), models, { maxTouches: 2 });
    expect(journey.touches.map((t) => t.id)).toEqual(['t0', 't10', 't19']);
  });

  it('leaves a journey at the cap whole', () => {
    const journey = attribute(longJourney(), models, { maxTouches: 20 });
    expect(journey.sampled).toBe(false);
    expect(journey.touches).toHaveLength(20);
  });

  it('reports the ids of sampled conversions', () => {
    const short = contactCreated(touchesOnDays(3), 3, { id: 'short' });
    const long = { ...longJourney(), id: 'long' };
    const report = aggregate([short, long], {
      models,
      dimension: 'interaction_type',
      maxTouches: 5,
    });
    expect(report.sampled).toEqual(['long']);
    expect(report.rows[0]?.interactions).toBe(3 + 5);
  });
});
