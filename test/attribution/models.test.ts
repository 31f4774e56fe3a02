import { describe, expect, it } from 'vitest';
import { attribute, modelsFor } from '../../packages/attribution/src/index';
import {
  c1,
  contactCreated,
  day,
  deal,
  expectCredit,
  touch,
  touchesOnDays,
} from './fixtures';

const contactModels = modelsFor('contact-create');
const allModels = modelsFor('revenue');

/** A contact-create journey of n touches on days 0 … n-1. */
function contactJourney(n: number) {
  return attribute(contactCreated(touchesOnDays(n), n - 1), contactModels);
}

describe('models', () => {
  it('gives one touch all the credit in every model', () => {
    const contact = contactJourney(1);
    for (const model of contactModels) {
      expectCredit(contact.credit[model], [1]);
    }
    const won = attribute(
      deal('revenue', touchesOnDays(1), {
        contacts: [c1(0)],
        created: 0,
        won: 0,
      }),
      allModels,
    );
    for (const model of allModels) expectCredit(won.credit[model], [1]);
  });

  it('splits two touches by each model rule', () => {
    const { credit } = contactJourney(2);
    expectCredit(credit.linear, [0.5, 0.5]);
    expectCredit(credit.first_interaction, [1, 0]);
    expectCredit(credit.last_interaction, [0, 1]);
    // U over two: no rest, so 40/40 is rescaled to 50/50.
    expectCredit(credit.u_shaped, [0.5, 0.5]);
    // J: 20 first, 60 converting, no rest → 0.2/0.8 and 0.6/0.8.
    expectCredit(credit.j_shaped, [0.25, 0.75]);
    expectCredit(credit.inverse_j, [0.75, 0.25]);
    // One day apart: the earlier weighs 2^(-1/7) of the later.
    const w = 2 ** (-1 / 7);
    expectCredit(credit.time_decay, [w / (1 + w), 1 / (1 + w)]);
  });

  it('splits three touches by each model rule', () => {
    const { credit } = contactJourney(3);
    expectCredit(credit.linear, [1 / 3, 1 / 3, 1 / 3]);
    expectCredit(credit.first_interaction, [1, 0, 0]);
    expectCredit(credit.last_interaction, [0, 0, 1]);
    expectCredit(credit.u_shaped, [0.4, 0.2, 0.4]);
    expectCredit(credit.j_shaped, [0.2, 0.2, 0.6]);
    expectCredit(credit.inverse_j, [0.6, 0.2, 0.2]);
  });

  it('splits seven touches by each model rule', () => {
    const { credit } = contactJourney(7);
    const seventh = 1 / 7;
    expectCredit(credit.linear, Array(7).fill(seventh));
    expectCredit(credit.u_shaped, [0.4, 0.04, 0.04, 0.04, 0.04, 0.04, 0.4]);
    expectCredit(credit.j_shaped, [0.2, 0.04, 0.04, 0.04, 0.04, 0.04, 0.6]);
    expectCredit(credit.inverse_j, [0.6, 0.04, 0.04, 0.04, 0.04, 0.04, 0.2]);
  });

  it('gives W-shaped 30% to first, lead creation and deal creation, 10% to the rest', () => {
    // Contact created on day 2 (its touch that day is lead creation); the
    // deal on day 6, so the journey runs t0 … t6.
    const conversion = deal('deal-create', touchesOnDays(7), {
      contacts: [c1(2)],
      created: 6,
    });
    const { credit, positions } = attribute(
      conversion,
      modelsFor('deal-create'),
    );
    expect(positions).toEqual([
      ['first_interaction'],
      [],
      ['lead_creation'],
      [],
      [],
      [],
      ['deal_creation'],
    ]);
    const rest = 0.1 / 4;
    expectCredit(credit.w_shaped, [0.3, rest, 0.3, rest, rest, rest, 0.3]);
    // U-shaped stops at lead creation.
    expectCredit(credit.u_shaped, [0.4, 0.2, 0.4, 0, 0, 0, 0]);
  });

  it('gives full path 22.5% to each key position and 10% to the rest', () => {
    // Contact on day 1, deal on day 3, won on day 6.
    const conversion = deal(
      'revenue',
      touchesOnDays(7),
      { contacts: [c1(1)], created: 3, won: 6 },
      { value: 1 },
    );
    const { credit, positions } = attribute(conversion, allModels);
    expect(positions[6]).toEqual(['closed_won']);
    const rest = 0.1 / 3;
    expectCredit(credit.full_path, [
      0.225,
      0.225,
      rest,
      0.225,
      rest,
      rest,
      0.225,
    ]);
    // W-shaped stops at deal creation: touches after it get nothing.
    expectCredit(credit.w_shaped, [0.3, 0.3, 0.1, 0.3, 0, 0, 0]);
    // U-shaped stops at lead creation and has no rest before it.
    expectCredit(credit.u_shaped, [0.5, 0.5, 0, 0, 0, 0, 0]);
    expectCredit(credit.j_shaped, [0.2, 0.04, 0.04, 0.04, 0.04, 0.04, 0.6]);
  });

  it('adds the shares of key positions held by one touch', () => {
    // The first touch is also lead creation (contact created on day 0).
    const conversion = deal('deal-create', touchesOnDays(3), {
      contacts: [c1(0)],
      created: 2,
    });
    const { credit, positions } = attribute(
      conversion,
      modelsFor('deal-create'),
    );
    expect(positions[0]).toEqual(['first_interaction', 'lead_creation']);
    expectCredit(credit.w_shaped, [0.6, 0.1, 0.3]);
    expectCredit(credit.u_shaped, [1, 0, 0]);
  });

  it('adds full path shares when deal creation and closed won coincide', () => {
    const conversion = deal('revenue', touchesOnDays(4), {
      contacts: [c1(0)],
      created: 3,
      won: 3.5,
    });
    const { credit } = attribute(conversion, allModels);
    expectCredit(credit.full_path, [0.45, 0.05, 0.05, 0.45]);
  });

  it('rescales the present shares when lead creation has no touch', () => {
    // Contact created before any touch, no recorded creation: the journey
    // has no lead creation position.
    const conversion = deal('deal-create', touchesOnDays(3, {}), {
      contacts: [{ id: 'c1', createdAt: day(-1) }],
      created: 2,
    });
    const { credit, positions } = attribute(
      conversion,
      modelsFor('deal-create'),
    );
    expect(positions).toEqual([['first_interaction'], [], ['deal_creation']]);
    // W: 30 first + 30 deal creation + 10 rest = 70, scaled to 1.
    expectCredit(credit.w_shaped, [3 / 7, 1 / 7, 3 / 7]);
    // U stops at its last present key, the first touch.
    expectCredit(credit.u_shaped, [1, 0, 0]);
  });

  it('gives U-shaped nothing after the recorded creating touch of a contact', () => {
    const touches = touchesOnDays(5);
    const created = touch('form', 1.5, { createsContact: true });
    const conversion = contactCreated([...touches, created], 4);
    const {
      credit,
      positions,
      touches: ordered,
    } = attribute(conversion, contactModels);
    expect(ordered.map((t) => t.id)).toEqual([
      't0',
      't1',
      'form',
      't2',
      't3',
      't4',
    ]);
    expect(positions[2]).toEqual(['lead_created']);
    expect(positions[5]).toEqual(['last_interaction']);
    expectCredit(credit.u_shaped, [0.4, 0.2, 0.4, 0, 0, 0]);
  });

  it('credits the creating touch as lead creation even when it is not the last', () => {
    const created = touch('form', 0, { createsContact: true });
    const later = touch('later', 0.5);
    const { credit } = attribute(
      contactCreated([later, created], 1),
      contactModels,
    );
    expectCredit(credit.u_shaped, [1, 0]);
    expectCredit(credit.last_interaction, [0, 1]);
  });

  it('gives a touch 8 days out half the time-decay credit of one 1 day out', () => {
    const early = touch('early', 0);
    const late = touch('late', 7);
    const { credit } = attribute(
      contactCreated([early, late], 8),
      contactModels,
    );
    const decay = credit.time_decay;
    expect(decay?.[0]).toBe((decay?.[1] ?? 0) / 2);
    expectCredit(decay, [1 / 3, 2 / 3]);
  });

  it('weighs time decay by fractional days', () => {
    const half = touch('half', 0);
    const late = touch('late', 3.5);
    const { credit } = attribute(
      contactCreated([half, late], 4),
      contactModels,
    );
    const w = 2 ** -0.5;
    expectCredit(credit.time_decay, [w / (1 + w), 1 / (1 + w)]);
  });

  it('credits revenue in money: weights sum to the deal amount', () => {
    const conversion = deal(
      'revenue',
      touchesOnDays(4),
      { contacts: [c1(0)], created: 1, won: 3 },
      { value: 1200 },
    );
    const { credit } = attribute(conversion, allModels);
    expectCredit(credit.linear, [300, 300, 300, 300]);
    // First = lead creation (45%), deal creation and closed won 22.5% each,
    // the one rest touch 10%.
    expectCredit(credit.full_path, [540, 270, 120, 270]);
    for (const model of allModels) {
      const sum = Array.from(credit[model] ?? []).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1200, 9);
    }
  });
});
