import { beforeAll, describe, expect, it } from 'vitest';
import { seedScenario } from './report-scenario';
import { expectJson, march } from './report-support';

type Api = Awaited<ReturnType<typeof seedScenario>>;

interface JourneyTouch {
  id: string;
  type: string;
  at: string;
  url: string | null;
  title: string | null;
  sessionId: string | null;
  source: string | null;
  assetType: string | null;
  utm: Record<string, string | null>;
  positions: string[];
  credit: Record<string, number>;
}
interface Journey {
  contact: { id: string; email: string | null; method: string };
  deal?: { id: string };
  deals?: { id: string; name: string; createdAt: string }[];
  excluded: Record<string, string>;
  interactions: JourneyTouch[];
}

let api: Api;
beforeAll(async () => {
  api = await seedScenario('journeys');
});

const journey = (path: string) => expectJson<Journey>(api('GET', path), 200);

describe('GET /v1/contacts/:id/journey', () => {
  it('lists the touches up to the contact creation with positions and credit', async () => {
    const j = await journey('/v1/contacts/c1/journey');
    expect(j.contact).toMatchObject({
      id: 'c1',
      email: 'ann@example.com',
      method: 'form',
    });
    expect(j.interactions.map((t) => t.id)).toEqual(['a1', 'a2', 'a3']);
    expect(j.interactions.map((t) => t.positions)).toEqual([
      ['first_interaction'],
      [],
      ['last_interaction', 'lead_created'],
    ]);
    const [a1, a2, a3] = j.interactions;
    expect(a1).toMatchObject({
      type: 'page_view',
      at: march(1, 10),
      url: 'https://site.test/blog/x?utm_source=google',
      title: 'A1 blog',
      sessionId: null,
      source: 'paid_search',
      assetType: 'page_without_content_type',
      utm: {
        campaign: 'spring',
        source: 'google',
        medium: 'cpc',
        content: null,
        term: null,
      },
    });
    expect(a2?.source).toBe('email_marketing');
    expect(a1?.credit.u_shaped).toBeCloseTo(0.4, 6);
    expect(a2?.credit.u_shaped).toBeCloseTo(0.2, 6);
    expect(a3?.credit.j_shaped).toBeCloseTo(0.6, 6);
    expect(Object.keys(a1?.credit ?? {})).not.toContain('w_shaped');
  });

  it('shows a revenue journey as shares of the first won deal', async () => {
    const j = await journey('/v1/contacts/c1/journey?report=revenue');
    expect(j.deal?.id).toBe('d1');
    expect(j.interactions.map((t) => t.id)).toEqual([
      'a1',
      'a2',
      'a3',
      'a4',
      'a5',
      'a7',
    ]);
    const byId = Object.fromEntries(j.interactions.map((t) => [t.id, t]));
    expect(byId.a5?.positions).toEqual(['deal_creation']);
    expect(byId.a7?.positions).toEqual(['closed_won']);
    expect(byId.a1?.credit.w_shaped).toBeCloseTo(0.3, 6);
    expect(byId.a7?.credit.full_path).toBeCloseTo(0.225, 6);
    expect(byId.a4?.credit.linear).toBeCloseTo(1 / 6, 6);
  });

  it('takes the deal named by ?deal= when it belongs to the contact', async () => {
    const j = await journey(
      '/v1/contacts/c2/journey?report=deal-create&deal=d2',
    );
    expect(j.interactions.map((t) => t.id)).toEqual([
      'b1',
      'contact_create:c2',
      'b2',
    ]);
    expect(j.interactions[1]?.positions).toEqual(['lead_creation']);
    expect(j.interactions[2]?.credit.w_shaped).toBeCloseTo(1 / 3, 6);

    const res = await api(
      'GET',
      '/v1/contacts/c2/journey?report=deal-create&deal=d1',
    );
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { field: 'deal' } });
  });

  it("lists the contact's deals the report can show, oldest first", async () => {
    const created = await journey('/v1/contacts/c2/journey?report=deal-create');
    expect(created.deal?.id).toBe('d3');
    expect(created.deals).toEqual([
      { id: 'd3', name: 'No amount', createdAt: '2026-02-20T00:00:00.000Z' },
      { id: 'd5', name: 'Undated', createdAt: '2026-02-21T00:00:00.000Z' },
      { id: 'd2', name: 'Small deal', createdAt: march(9, 12) },
    ]);
    // Revenue journeys are of won deals only.
    const revenue = await journey('/v1/contacts/c2/journey?report=revenue');
    expect(revenue.deals?.map((d) => d.id)).toEqual(['d3', 'd5']);
    const contact = await journey('/v1/contacts/c2/journey');
    expect(contact.deals).toBeUndefined();
  });

  it('says why a deal gives no values instead of crediting it', async () => {
    const j = await journey('/v1/contacts/c2/journey?report=revenue');
    expect(j.deal?.id).toBe('d3');
    expect(j.interactions).toEqual([]);
    expect(j.excluded.linear).toBe('missing_amount');
  });

  it('answers an unknown contact or report with a 4xx naming the field', async () => {
    const missing = await api('GET', '/v1/contacts/nobody/journey');
    expect(missing.status).toBe(404);
    const bad = await api('GET', '/v1/contacts/c1/journey?report=sales');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { field: 'report' } });
  });
});
