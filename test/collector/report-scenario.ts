import { clientFor, createPortal, expectJson, march } from './report-support';

/**
 * A small CRM history, posted through the API:
 * - c1 (form, Mar 10 12:00, visitor v1) and c2 (import, Mar 8 09:00);
 * - d1 won Mar 20 for 1000 (c1), d2 open (c2), and three won deals the
 *   revenue report must leave out: d3 (no amount), d4 (no contacts),
 *   d5 (no close date);
 * - touches titled so that asset_title keys one touch each.
 */
export async function seedScenario(portalId: string) {
  const key = await createPortal(portalId);
  const api = clientFor(key);
  const ok = (path: string, body: unknown, status = 201) =>
    expectJson(api('POST', path, body), status);

  await ok('/v1/contacts', {
    id: 'c1',
    email: 'Ann@Example.com',
    createdAt: march(10, 12),
    method: 'form',
    company: 'Acme',
    leadSource: 'Webinar',
    visitorIds: ['v1'],
  });
  await ok('/v1/contacts', {
    id: 'c2',
    createdAt: march(8, 9),
    method: 'import',
    company: '@Globex, "Inc"',
    leadSource: 'List',
  });

  await ok('/v1/deals', {
    id: 'd1',
    name: 'Big deal',
    amount: 1000,
    currency: 'EUR',
    pipeline: 'default',
    type: 'newbusiness',
    owner: 'ann',
    createdAt: march(17),
    contactIds: ['c1'],
    stage: 'closedwon',
    closedAt: march(20),
  });
  await ok('/v1/deals', {
    id: 'd2',
    name: 'Small deal',
    amount: 500,
    createdAt: march(9, 12),
    contactIds: ['c2'],
  });
  await ok('/v1/deals', {
    id: 'd3',
    name: 'No amount',
    createdAt: '2026-02-20T00:00:00Z',
    contactIds: ['c2'],
    stage: 'closedwon',
    closedAt: march(21),
  });
  await ok('/v1/deals', {
    id: 'd4',
    name: 'Lonely',
    amount: 200,
    createdAt: '2026-02-22T00:00:00Z',
    contactIds: [],
    stage: 'closedwon',
    closedAt: march(22),
  });
  await ok('/v1/deals', {
    id: 'd5',
    name: 'Undated',
    amount: 300,
    createdAt: '2026-02-21T00:00:00Z',
    contactIds: ['c2'],
    stage: 'closedwon',
  });

  const blog = 'https://site.test/blog/x?utm_source=google';
  await ok(
    '/v1/interactions',
    {
      interactions: [
        {
          id: 'a1',
          type: 'page_view',
          at: march(1, 10),
          visitorId: 'v1',
          url: blog,
          title: 'A1 blog',
          utm: { source: 'google', medium: 'cpc', campaign: 'spring' },
        },
        {
          id: 'a2',
          type: 'marketing_email_click',
          at: march(5, 10),
          contactId: 'c1',
          title: 'A2 email',
          campaign: 'March newsletter',
        },
        {
          id: 'a3',
          type: 'form_submission',
          at: march(10, 12),
          contactId: 'c1',
          title: 'A3 form',
          form: 'Demo request',
        },
        {
          id: 'a4',
          type: 'page_view',
          at: march(12),
          contactId: 'c1',
          url: 'https://site.test/pricing',
          title: 'A4 pricing',
        },
        {
          id: 'a5',
          type: 'meeting',
          at: march(15),
          contactId: 'c1',
          dealIds: ['d1'],
          title: 'A5 meeting',
        },
        {
          id: 'a6',
          type: 'call',
          at: march(16),
          contactId: 'c1',
          title: 'A6 call',
        },
        {
          id: 'a7',
          type: 'page_view',
          at: march(18),
          visitorId: 'v1',
          url: 'https://site.test/docs',
          title: 'A7 docs',
        },
        {
          id: 'b1',
          type: 'ad_click',
          at: march(7, 9),
          contactId: 'c2',
          title: 'B1 ad',
          adKeyword: 'crm tool',
        },
        {
          id: 'b2',
          type: 'page_view',
          at: march(9, 10),
          contactId: 'c2',
          url: 'https://site.test/',
          title: 'B2 home',
        },
      ],
    },
    202,
  );
  return api;
}

/** Each journey of the scenario: touch titles and times, per report. */
export const JOURNEYS = {
  'contact-create': [
    {
      at: march(10, 12),
      value: 1,
      touches: [
        ['A1 blog', march(1, 10)],
        ['A2 email', march(5, 10)],
        ['A3 form', march(10, 12)],
      ],
    },
    {
      at: march(8, 9),
      value: 1,
      touches: [
        ['B1 ad', march(7, 9)],
        ['Contact import', march(8, 9)],
      ],
    },
  ],
  'deal-create': [
    {
      at: march(17),
      value: 1,
      touches: [
        ['A1 blog', march(1, 10)],
        ['A2 email', march(5, 10)],
        ['A3 form', march(10, 12)],
        ['A4 pricing', march(12)],
        ['A5 meeting', march(15)],
      ],
    },
    {
      at: march(9, 12),
      value: 1,
      touches: [
        ['B1 ad', march(7, 9)],
        ['Contact import', march(8, 9)],
        ['B2 home', march(9, 10)],
      ],
    },
  ],
  revenue: [
    {
      at: march(20),
      value: 1000,
      touches: [
        ['A1 blog', march(1, 10)],
        ['A2 email', march(5, 10)],
        ['A3 form', march(10, 12)],
        ['A4 pricing', march(12)],
        ['A5 meeting', march(15)],
        ['A7 docs', march(18)],
      ],
    },
  ],
} as const;

const third = 1 / 3;
const fifteenth = 0.2 / 3;

/**
 * Credit per touch title, worked out by hand from the model rules for the
 * journeys above (time decay is computed from its formula separately).
 */
export const EXPECTED: Record<
  string,
  Record<string, Record<string, number>>
> = {
  'contact-create': {
    linear: {
      'A1 blog': third,
      'A2 email': third,
      'A3 form': third,
      'B1 ad': 0.5,
      'Contact import': 0.5,
    },
    first_interaction: { 'A1 blog': 1, 'B1 ad': 1 },
    last_interaction: { 'A3 form': 1, 'Contact import': 1 },
    // U: 40 first, 40 lead created, 20 between; two touches → 50/50.
    u_shaped: {
      'A1 blog': 0.4,
      'A2 email': 0.2,
      'A3 form': 0.4,
      'B1 ad': 0.5,
      'Contact import': 0.5,
    },
    // J: 20 first, 60 converting, 20 between; two touches scale 20:60.
    j_shaped: {
      'A1 blog': 0.2,
      'A2 email': 0.2,
      'A3 form': 0.6,
      'B1 ad': 0.25,
      'Contact import': 0.75,
    },
    inverse_j: {
      'A1 blog': 0.6,
      'A2 email': 0.2,
      'A3 form': 0.2,
      'B1 ad': 0.75,
      'Contact import': 0.25,
    },
  },
  'deal-create': {
    linear: {
      'A1 blog': 0.2,
      'A2 email': 0.2,
      'A3 form': 0.2,
      'A4 pricing': 0.2,
      'A5 meeting': 0.2,
      'B1 ad': third,
      'Contact import': third,
      'B2 home': third,
    },
    first_interaction: { 'A1 blog': 1, 'B1 ad': 1 },
    last_interaction: { 'A5 meeting': 1, 'B2 home': 1 },
    // U stops at lead creation (A3, and c2's import).
    u_shaped: {
      'A1 blog': 0.4,
      'A2 email': 0.2,
      'A3 form': 0.4,
      'B1 ad': 0.5,
      'Contact import': 0.5,
    },
    // W: 30 first, 30 lead creation, 30 deal creation, 10 between.
    w_shaped: {
      'A1 blog': 0.3,
      'A2 email': 0.05,
      'A3 form': 0.3,
      'A4 pricing': 0.05,
      'A5 meeting': 0.3,
      'B1 ad': third,
      'Contact import': third,
      'B2 home': third,
    },
    j_shaped: {
      'A1 blog': 0.2,
      'A2 email': fifteenth,
      'A3 form': fifteenth,
      'A4 pricing': fifteenth,
      'A5 meeting': 0.6,
      'B1 ad': 0.2,
      'Contact import': 0.2,
      'B2 home': 0.6,
    },
    inverse_j: {
      'A1 blog': 0.6,
      'A2 email': fifteenth,
      'A3 form': fifteenth,
      'A4 pricing': fifteenth,
      'A5 meeting': 0.2,
      'B1 ad': 0.6,
      'Contact import': 0.2,
      'B2 home': 0.2,
    },
  },
  revenue: {
    linear: {
      'A1 blog': 1000 / 6,
      'A2 email': 1000 / 6,
      'A3 form': 1000 / 6,
      'A4 pricing': 1000 / 6,
      'A5 meeting': 1000 / 6,
      'A7 docs': 1000 / 6,
    },
    first_interaction: { 'A1 blog': 1000 },
    last_interaction: { 'A7 docs': 1000 },
    u_shaped: { 'A1 blog': 400, 'A2 email': 200, 'A3 form': 400 },
    w_shaped: {
      'A1 blog': 300,
      'A2 email': 50,
      'A3 form': 300,
      'A4 pricing': 50,
      'A5 meeting': 300,
    },
    // Full path: 22.5 each to first, lead, deal creation, closed won.
    full_path: {
      'A1 blog': 225,
      'A2 email': 50,
      'A3 form': 225,
      'A4 pricing': 50,
      'A5 meeting': 225,
      'A7 docs': 225,
    },
    j_shaped: {
      'A1 blog': 200,
      'A2 email': 50,
      'A3 form': 50,
      'A4 pricing': 50,
      'A5 meeting': 50,
      'A7 docs': 600,
    },
    inverse_j: {
      'A1 blog': 600,
      'A2 email': 50,
      'A3 form': 50,
      'A4 pricing': 50,
      'A5 meeting': 50,
      'A7 docs': 200,
    },
  },
};

const DAY_MS = 86_400_000;

/** Time decay from its formula: weight 2^(-age/7 days), normalised. */
export function timeDecayCredit(
  report: keyof typeof JOURNEYS,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const journey of JOURNEYS[report]) {
    const end = Date.parse(journey.at);
    const weights = journey.touches.map(
      ([, at]) => 2 ** (-(end - Date.parse(at)) / DAY_MS / 7),
    );
    const sum = weights.reduce((a, b) => a + b, 0);
    journey.touches.forEach(([title], k) => {
      out[title] =
        (out[title] ?? 0) + ((weights[k] ?? 0) / sum) * journey.value;
    });
  }
  return out;
}
