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
const dealModels = modelsFor('deal-create');
const ids = (touches: readonly { id: string }[]) => touches.map((t) => t.id);

describe('journey', () => {
  it('orders touches with equal timestamps by arrival order, then by id', () => {
    const at = day(1);
    const late = { at, seq: 9 };
    const touches = [
      touch('b', 1, late),
      touch('a', 1, late),
      touch('first', 1, { at, seq: 2 }),
      touch('z', 0.5, { seq: 50 }),
    ];
    const journey = attribute(contactCreated(touches, 2), contactModels);
    expect(ids(journey.touches)).toEqual(['z', 'first', 'a', 'b']);
    expectCredit(journey.credit.first_interaction, [1, 0, 0, 0]);
    expectCredit(journey.credit.last_interaction, [0, 0, 0, 1]);
  });

  it('orders a long journey of shuffled touches by time, arrival order and id', () => {
    // Beyond the insertion-sort size, with ties on time and on arrival.
    const touches = Array.from({ length: 90 }, (_, i) =>
      touch(`t${String(i).padStart(2, '0')}`, Math.floor(i / 6), {
        seq: Math.floor(i / 2),
      }),
    );
    const shuffled = touches
      .map((t, i) => ({ t, key: (i * 37) % 90 }))
      .sort((a, b) => a.key - b.key)
      .map(({ t }) => t);
    const journey = attribute(contactCreated(shuffled, 20), contactModels);
    expect(ids(journey.touches)).toEqual(ids(touches));
  });

  it('cuts a contact journey at the creation, keeping touches at that moment', () => {
    const touches = [touch('before', 0), touch('at', 2), touch('after', 2.01)];
    const journey = attribute(contactCreated(touches, 2), contactModels);
    expect(ids(journey.touches)).toEqual(['before', 'at']);
  });

  it('counts sales activities as ordinary touches of a created contact', () => {
    const touches = [touch('call', 0, { type: 'call' }), touch('view', 1)];
    const journey = attribute(contactCreated(touches, 1), contactModels);
    expect(ids(journey.touches)).toEqual(['call', 'view']);
    expect(journey.positions[0]).toEqual(['first_interaction']);
  });

  it("merges a deal's contacts, keeping sales activities only when on that deal", () => {
    const touches = [
      touch('a-form', 0, { contactId: 'a', createsContact: true }),
      touch('a-call-on-deal', 1, {
        contactId: 'a',
        type: 'call',
        dealIds: ['d1'],
      }),
      touch('a-meeting-other-deal', 2, {
        contactId: 'a',
        type: 'meeting',
        dealIds: ['d2'],
      }),
      touch('b-form', 3, { contactId: 'b', createsContact: true }),
      touch('b-reply-no-deal', 4, {
        contactId: 'b',
        type: 'sales_email_reply',
      }),
      touch('a-email', 5, { contactId: 'a', type: 'marketing_email_click' }),
      touch('b-after-deal', 7, { contactId: 'b' }),
    ];
    const conversion = deal('deal-create', touches, {
      contacts: [
        { id: 'b', createdAt: day(3) },
        { id: 'a', createdAt: day(0) },
      ],
      created: 6,
    });
    const journey = attribute(conversion, dealModels);
    expect(ids(journey.touches)).toEqual([
      'a-form',
      'a-call-on-deal',
      'b-form',
      'a-email',
    ]);
    // Lead creation comes from the contact created first (a).
    expect(journey.positions).toEqual([
      ['first_interaction', 'lead_creation'],
      [],
      [],
      ['deal_creation'],
    ]);
    expectCredit(journey.credit.w_shaped, [0.6, 0.05, 0.05, 0.3]);
  });

  it("takes lead creation as the last touch before the first contact's creation", () => {
    const touches = [
      touch('a1', 0, { contactId: 'a' }),
      touch('b1', 1, { contactId: 'b' }),
      touch('a2', 2, { contactId: 'a' }),
      touch('b2', 3, { contactId: 'b' }),
    ];
    const conversion = deal('deal-create', touches, {
      contacts: [
        { id: 'a', createdAt: day(1.5) },
        { id: 'b', createdAt: day(2.5) },
      ],
      created: 3,
    });
    const journey = attribute(conversion, dealModels);
    expect(journey.positions[1]).toEqual(['lead_creation']);
  });

  it('counts a touch listed twice in a deal journey once', () => {
    const shared = touch('shared', 1);
    const conversion = deal('deal-create', [touch('x', 0), shared, shared], {
      contacts: [c1(0)],
      created: 2,
    });
    const journey = attribute(conversion, dealModels);
    expect(ids(journey.touches)).toEqual(['x', 'shared']);
    expectCredit(journey.credit.linear, [0.5, 0.5]);
  });

  it('runs a revenue journey to closed won, past deal creation', () => {
    const conversion = deal('revenue', touchesOnDays(5), {
      contacts: [c1(0)],
      created: 1,
      won: 3,
    });
    const journey = attribute(conversion, modelsFor('revenue'));
    expect(ids(journey.touches)).toEqual(['t0', 't1', 't2', 't3']);
    expect(journey.positions).toEqual([
      ['first_interaction', 'lead_creation'],
      ['deal_creation'],
      [],
      ['closed_won'],
    ]);
  });
});
