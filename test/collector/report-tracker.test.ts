import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createPortal,
  postBatch,
  visitorToken,
  waitFor,
} from './ingest-support';
import { clientFor, expectJson } from './report-support';

const PORTAL = 'tracked';
const SITE = 'https://shop.test';
const DAY_MS = 86_400_000;
const MIN_MS = 60_000;
// Recent whole days, so the events pass any clock-skew check on collect.
const DAY0 = Math.floor(Date.now() / DAY_MS) * DAY_MS - 10 * DAY_MS;
const at = (day: number, hour: number, min = 0) =>
  DAY0 + day * DAY_MS + hour * 3_600_000 + min * MIN_MS;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const RANGE = `from=${dayOf(DAY0)}&to=${dayOf(at(9, 0))}`;

interface Answer {
  rows: { key: string; credit: number }[];
}

let api: ReturnType<typeof clientFor>;
let contactId = '';

/**
 * Visitor: a paid search visit (landing with cpc UTMs, then an internal
 * page), the next day an organic search visit that ends in a form with an
 * email, which creates the contact. Then a deal, an offline meeting on it,
 * and the win.
 */
beforeAll(async () => {
  api = clientFor(await createPortal(PORTAL));
  const vi = visitorToken();
  const landing = `${SITE}/?utm_source=google&utm_medium=cpc&utm_campaign=spring`;
  const res = await postBatch(
    PORTAL,
    [
      { i: 'p1', t: 'pv', ts: at(0, 10), u: landing, vi },
      {
        i: 'p2',
        t: 'pv',
        ts: at(0, 10, 5),
        u: `${SITE}/pricing`,
        r: landing,
        vi,
      },
      {
        i: 'p3',
        t: 'pv',
        ts: at(1, 9),
        u: `${SITE}/features`,
        r: 'https://www.google.com/',
        vi,
      },
      {
        i: 'f1',
        t: 'form',
        ts: at(1, 9, 5),
        u: `${SITE}/features`,
        vi,
        fi: 'demo',
        em: 'eve@example.com',
      },
    ],
    { path: '/v1/collect' },
  );
  expect(res.status).toBe(202);

  const contact = await waitFor(
    () =>
      env.DB.prepare(
        `SELECT c.id FROM contacts c JOIN interactions i
           ON i.portal_id = c.portal_id AND i.id = 'f1'
         WHERE c.portal_id = ? AND c.email = 'eve@example.com'`,
      )
        .bind(PORTAL)
        .first<{ id: string }>(),
    (row) => row !== null,
  );
  contactId = contact?.id ?? '';
  expect(contactId).not.toBe('');
  await waitFor(
    () =>
      env.DB.prepare(
        `SELECT count(*) AS n FROM interactions WHERE portal_id = ?`,
      )
        .bind(PORTAL)
        .first<{ n: number }>(),
    (row) => row?.n === 4,
  );

  await expectJson(
    api('POST', '/v1/deals', {
      id: 'won',
      name: 'Won',
      amount: 100,
      createdAt: new Date(at(2, 0)).toISOString(),
      contactIds: [contactId],
    }),
    201,
  );
  await expectJson(
    api('POST', '/v1/interactions', {
      interactions: [
        {
          id: 'meet',
          type: 'meeting',
          at: new Date(at(2, 12)).toISOString(),
          contactId,
          dealIds: ['won'],
        },
      ],
    }),
    202,
  );
  await expectJson(
    api('PATCH', '/v1/deals/won', {
      stage: 'closedwon',
      closedAt: new Date(at(3, 0)).toISOString(),
    }),
    200,
  );
});

async function credit(query: string): Promise<Record<string, number>> {
  const answer = await expectJson<Answer>(
    api('GET', `/v1/reports/attribution?${RANGE}&${query}`),
    200,
  );
  return Object.fromEntries(answer.rows.map((r) => [r.key, r.credit]));
}

describe('reports over tracked visits', () => {
  it('credits each session source through the tracker and the queue', async () => {
    // Journey p1 p2 (paid search) p3 f1 (organic search); f1 created the
    // contact. J-shaped: 20 first, 60 converting, 10 + 10 between.
    expect(
      await credit(
        'report=contact-create&model=j_shaped&dimension=interaction_source',
      ),
    ).toEqual({ paid_search: 0.3, organic_search: 0.7 });
    expect(
      await credit(
        'report=contact-create&model=first_interaction&dimension=interaction_source',
      ),
    ).toEqual({ paid_search: 1, organic_search: 0 });
  });

  it("gives a page view without UTM values its session's campaign", async () => {
    expect(
      await credit('report=contact-create&model=linear&dimension=utm_campaign'),
    ).toEqual({ spring: 0.5, '(none)': 0.5 });
  });

  it('adds an offline meeting on the deal to the revenue journey', async () => {
    // Journey p1 p2 p3 f1 meet. Linear: 20 each. W-shaped: p1 30; f1 holds
    // lead creation and deal creation, 60; p2 and p3 share 10; the meeting
    // comes after the deal's creation and gets nothing.
    expect(
      await credit('report=revenue&model=linear&dimension=interaction_source'),
    ).toEqual({ paid_search: 40, organic_search: 40, sales: 20 });
    expect(
      await credit(
        'report=revenue&model=w_shaped&dimension=interaction_source',
      ),
    ).toEqual({ paid_search: 35, organic_search: 65, sales: 0 });
  });

  it('shows the sessions and positions in the contact journey', async () => {
    const journey = await expectJson<{
      interactions: {
        id: string;
        sessionId: string | null;
        source: string;
        assetType: string;
        positions: string[];
      }[];
    }>(api('GET', `/v1/contacts/${contactId}/journey`), 200);
    const [p1, p2, p3, f1] = journey.interactions;
    expect(journey.interactions.map((t) => t.id)).toEqual([
      'p1',
      'p2',
      'p3',
      'f1',
    ]);
    expect(p1?.sessionId).toBeTruthy();
    expect(p2?.sessionId).toBe(p1?.sessionId);
    expect(p3?.sessionId).not.toBe(p1?.sessionId);
    expect(f1).toMatchObject({
      source: 'organic_search',
      assetType: 'form',
      positions: ['last_interaction', 'lead_created'],
    });
  });
});
