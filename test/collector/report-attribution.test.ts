import { MODEL_NAMES, modelsFor } from '@stack/attribution';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  EXPECTED,
  JOURNEYS,
  seedScenario,
  timeDecayCredit,
} from './report-scenario';
import { expectJson } from './report-support';

type Api = Awaited<ReturnType<typeof seedScenario>>;
type Kind = keyof typeof JOURNEYS;

interface Row {
  key: string;
  key2?: string;
  credit: number | Record<string, number>;
  interactions: number;
  conversions: number;
}
interface Answer {
  rows: Row[];
  conversions: number;
  excluded: Record<string, number>;
  currency: string | null;
  sampled: string[];
  models: string[];
}

const MARCH = 'from=2026-03-01&to=2026-03-31';
const KINDS: Kind[] = ['contact-create', 'deal-create', 'revenue'];

let api: Api;
beforeAll(async () => {
  api = await seedScenario('acme');
});

function report(query: string): Promise<Answer> {
  return expectJson<Answer>(
    api('GET', `/v1/reports/attribution?${MARCH}&${query}`),
    200,
  );
}

function expectedFor(kind: Kind, model: string): Record<string, number> {
  if (model === 'time_decay') return timeDecayCredit(kind);
  return EXPECTED[kind]?.[model] ?? {};
}

function titlesOf(kind: Kind): string[] {
  return [...new Set(JOURNEYS[kind].flatMap((j) => j.touches.map(([t]) => t)))];
}

describe('GET /v1/reports/attribution', () => {
  for (const kind of KINDS) {
    for (const model of modelsFor(kind)) {
      it(`credits each touch of the ${kind} report as ${model} by hand`, async () => {
        const answer = await report(
          `report=${kind}&model=${model}&dimension=asset_title`,
        );
        const expected = expectedFor(kind, model);
        expect(answer.rows.map((r) => r.key).sort()).toEqual(
          titlesOf(kind).sort(),
        );
        for (const row of answer.rows) {
          expect(row.credit, row.key).toBeCloseTo(expected[row.key] ?? 0, 5);
        }
      });
    }
  }

  it('sets every offered model side by side with model=compare', async () => {
    for (const kind of KINDS) {
      const answer = await report(
        `report=${kind}&model=compare&dimension=asset_title`,
      );
      expect(answer.models).toEqual([...modelsFor(kind)]);
      for (const row of answer.rows) {
        const credit = row.credit as Record<string, number>;
        expect(Object.keys(credit)).toEqual([...modelsFor(kind)]);
        for (const model of modelsFor(kind)) {
          const want = expectedFor(kind, model)[row.key] ?? 0;
          expect(credit[model], `${kind} ${model} ${row.key}`).toBeCloseTo(
            want,
            5,
          );
        }
      }
    }
  });

  it('leaves out won deals without an amount, a contact or a close date', async () => {
    const answer = await report(
      'report=revenue&model=linear&dimension=deal_name',
    );
    expect(answer.excluded).toEqual({
      missing_amount: 1,
      no_contacts: 1,
      missing_close_date: 1,
    });
    expect(answer.conversions).toBe(4);
    expect(answer.rows).toEqual([
      { key: 'Big deal', credit: 1000, interactions: 6, conversions: 1 },
    ]);
    expect(answer.currency).toBe('EUR');
  });

  it('keeps sales activities not logged on the deal out of its journey', async () => {
    const answer = await report(
      'report=revenue&model=linear&dimension=interaction_type',
    );
    const types = Object.fromEntries(answer.rows.map((r) => [r.key, r]));
    expect(types.call).toBeUndefined();
    expect(types.meeting?.interactions).toBe(1);
    expect(types.page_view?.credit).toBeCloseTo(3000 / 6, 5);
  });

  it('groups credit by position, a touch counting under each it holds', async () => {
    const answer = await report(
      'report=revenue&model=w_shaped&dimension=interaction_position',
    );
    const credit = Object.fromEntries(
      answer.rows.map((r) => [r.key, r.credit]),
    );
    expect(credit).toEqual({
      first_interaction: 300,
      lead_creation: 300,
      deal_creation: 300,
      closed_won: 0,
      intermediate: 100,
    });
  });

  it('groups credit by source: campaign, else the type rule, outside sessions', async () => {
    const answer = await report(
      'report=revenue&model=linear&dimension=interaction_source',
    );
    const credit = Object.fromEntries(
      answer.rows.map((r) => [r.key, r.credit]),
    );
    expect(credit.sales).toBeCloseTo(1000 / 6, 5);
    expect(credit.email_marketing).toBeCloseTo(1000 / 6, 5);
    // a1 is an imported page view of a cpc campaign: paid search.
    expect(credit.paid_search).toBeCloseTo(1000 / 6, 5);
    expect(credit.offline_sources).toBeCloseTo(3000 / 6, 5);
  });

  it('reads contact, deal, UTM and other dimensions from the stored rows', async () => {
    // First interaction unless a case names another model.
    const cases: [string, string, Record<string, number>, string?][] = [
      ['contact-create', 'company', { Acme: 1, '@Globex, "Inc"': 1 }],
      ['contact-create', 'lead_source', { Webinar: 1, List: 1 }],
      ['contact-create', 'utm_campaign', { spring: 1, '(none)': 1 }],
      ['contact-create', 'ad_keyword', { 'crm tool': 1, '(none)': 1 }],
      [
        'contact-create',
        'form',
        { 'Demo request': 1, '(none)': 1 },
        'last_interaction',
      ],
      ['contact-create', 'campaign', { 'March newsletter': 0, '(none)': 2 }],
      ['deal-create', 'deal_owner', { ann: 1, '(none)': 1 }],
      ['deal-create', 'deal_create_date', { '2026-03-17': 1, '2026-03-09': 1 }],
      ['revenue', 'deal_close_date', { '2026-03-20': 1000 }],
      ['revenue', 'deal_pipeline', { default: 1000 }],
      ['revenue', 'deal_type', { newbusiness: 1000 }],
      [
        'revenue',
        'asset_type',
        {
          page_without_content_type: 1000,
          marketing_email: 0,
          form: 0,
          sales_activity: 0,
        },
      ],
      ['revenue', 'interaction_date', { '2026-03-01': 1000 }],
      [
        'revenue',
        'interaction_url',
        { 'https://site.test/blog/x?utm_source=google': 1000, '(none)': 0 },
      ],
    ];
    for (const [kind, dimension, want, model = 'first_interaction'] of cases) {
      const answer = await report(
        `report=${kind}&model=${model}&dimension=${dimension}`,
      );
      const got = Object.fromEntries(answer.rows.map((r) => [r.key, r.credit]));
      for (const [key, value] of Object.entries(want)) {
        expect(got[key], `${kind} ${dimension} ${key}`).toBeCloseTo(value, 5);
      }
    }
  });

  it('splits rows by a second dimension', async () => {
    const answer = await report(
      'report=deal-create&model=linear&dimension=interaction_type&dimension2=deal_name',
    );
    const row = answer.rows.find(
      (r) => r.key === 'page_view' && r.key2 === 'Big deal',
    );
    expect(row?.credit).toBeCloseTo(0.4, 5);
    expect(row?.interactions).toBe(2);
    const small = answer.rows.find(
      (r) => r.key === 'page_view' && r.key2 === 'Small deal',
    );
    expect(small?.credit).toBeCloseTo(1 / 3, 5);
  });

  it('answers a model the report does not offer with a 400 naming model', async () => {
    const res = await api(
      'GET',
      `/v1/reports/attribution?${MARCH}&report=contact-create&model=w_shaped&dimension=asset_type`,
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { field: string } };
    expect(body.error.field).toBe('model');
  });

  it('names the bad query field', async () => {
    const bad: [string, string][] = [
      ['report=revenue&dimension=colour', 'dimension'],
      ['report=sales&dimension=asset_type', 'report'],
      ['report=revenue&dimension=asset_type&from=2026-02-30', 'from'],
      ['report=revenue&dimension=asset_type&to=yesterday', 'to'],
      [
        'report=revenue&dimension=asset_type&from=2026-03-05&to=2026-03-01',
        'from',
      ],
      ['report=revenue&dimension=asset_type&format=xls', 'format'],
      ['report=revenue&dimension=asset_type&model=best', 'model'],
    ];
    for (const [query, field] of bad) {
      const res = await api('GET', `/v1/reports/attribution?${query}`);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: { field: string } };
      expect(body.error.field, query).toBe(field);
    }
  });

  it('counts only conversions dated inside the range', async () => {
    const answer = await report(
      'report=contact-create&model=linear&dimension=asset_title',
    );
    expect(answer.conversions).toBe(2);
    const narrow = await expectJson<Answer>(
      api(
        'GET',
        '/v1/reports/attribution?report=contact-create&model=linear' +
          '&dimension=company&from=2026-03-09&to=2026-03-31',
      ),
      200,
    );
    expect(narrow.conversions).toBe(1);
    expect(narrow.rows.map((r) => r.key)).toEqual(['Acme']);
  });

  it('downloads CSV with quoting and formulas neutralised', async () => {
    const res = await api(
      'GET',
      `/v1/reports/attribution?${MARCH}&report=contact-create` +
        '&model=compare&dimension=company&format=csv',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="attribution-contact-create-company.csv"',
    );
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe(
      'company,credit_linear,credit_first_interaction,' +
        'credit_last_interaction,credit_u_shaped,credit_j_shaped,' +
        'credit_inverse_j,credit_time_decay,interactions,conversions',
    );
    expect(lines).toContain('Acme,1,1,1,1,1,1,1,3,1');
    expect(lines).toContain(`"'@Globex, ""Inc""",1,1,1,1,1,1,1,2,1`);
    expect(lines.at(-1)).toBe('');
  });

  it('offers all nine models for revenue', () => {
    expect(modelsFor('revenue')).toEqual(MODEL_NAMES);
  });
});
