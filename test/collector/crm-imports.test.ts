import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { dbWithBatch, fetchWith } from './ingest-support';
import { clientFor, createPortal, expectJson, march } from './report-support';

type Api = ReturnType<typeof clientFor>;
let api: Api;
let key = '';

beforeAll(async () => {
  key = await createPortal('crm');
  api = clientFor(key);
});

async function count(sql: string, ...params: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql)
    .bind(...params)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

async function errorOf(res: Promise<Response>, status: number) {
  const body = await expectJson<{
    error: { code: string; field?: string; message: string };
  }>(res, status);
  return body.error;
}

describe('POST /v1/contacts', () => {
  it('stores a contact once when the same body is posted twice', async () => {
    const body = {
      id: 'k1',
      email: 'K1@Example.com',
      createdAt: march(2),
      method: 'import',
    };
    await expectJson(api('POST', '/v1/contacts', body), 201);
    await expectJson(api('POST', '/v1/contacts', body), 200);

    expect(
      await count("SELECT count(*) AS n FROM contacts WHERE id = 'k1'"),
    ).toBe(1);
    const touch = await env.DB.prepare(
      `SELECT type, at, asset_type, source, contact_id FROM interactions
       WHERE portal_id = 'crm' AND contact_id = 'k1'`,
    ).all();
    expect(touch.results).toEqual([
      {
        type: 'contact_create',
        at: Date.parse(march(2)),
        asset_type: 'contact_import',
        source: 'offline_sources',
        contact_id: 'k1',
      },
    ]);
  });

  it('types the creating touch by method and records none for a form', async () => {
    for (const [id, method] of [
      ['k-int', 'integration'],
      ['k-other', 'other'],
      ['k-form', 'form'],
    ]) {
      await expectJson(
        api('POST', '/v1/contacts', { id, createdAt: march(3), method }),
        201,
      );
    }
    const rows = await env.DB.prepare(
      `SELECT contact_id, asset_type FROM interactions
       WHERE contact_id IN ('k-int', 'k-other', 'k-form') ORDER BY contact_id`,
    ).all();
    expect(rows.results).toEqual([
      { contact_id: 'k-int', asset_type: 'integration' },
      { contact_id: 'k-other', asset_type: 'other_contact_creation' },
    ]);
  });

  it('updates other fields on a repeat but keeps omitted ones', async () => {
    const base = { id: 'k2', createdAt: march(4), method: 'other' };
    await expectJson(
      api('POST', '/v1/contacts', { ...base, email: 'a@b.test' }),
      201,
    );
    await expectJson(
      api('POST', '/v1/contacts', { ...base, company: 'Initech' }),
      200,
    );
    const row = await env.DB.prepare(
      "SELECT email, company FROM contacts WHERE id = 'k2'",
    ).first();
    expect(row).toEqual({ email: 'a@b.test', company: 'Initech' });
  });

  it('refuses to change the creation time or method of a contact', async () => {
    const base = { id: 'k3', createdAt: march(4), method: 'other' };
    await expectJson(api('POST', '/v1/contacts', base), 201);
    const moved = await errorOf(
      api('POST', '/v1/contacts', { ...base, createdAt: march(5) }),
      409,
    );
    expect(moved.field).toBe('createdAt');
    const remade = await errorOf(
      api('POST', '/v1/contacts', { ...base, method: 'import' }),
      409,
    );
    expect(remade.field).toBe('method');
  });

  describe('when another request creates the contact at the same moment', () => {
    // The other creation lands just before this request's write, after any
    // check it might have made first.
    const racingDb = (id: string, createdAt: string): D1Database =>
      dbWithBatch(async (statements, real) => {
        await real
          .prepare(
            `INSERT OR IGNORE INTO contacts (portal_id, id, created_at, method)
             VALUES ('crm', ?, ?, 'import')`,
          )
          .bind(id, Date.parse(createdAt))
          .run();
        return real.batch(statements);
      });

    function post(db: D1Database, body: unknown): Promise<Response> {
      return fetchWith(
        new Request('http://collector/v1/contacts', {
          method: 'POST',
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
        }),
        { DB: db },
      );
    }

    it('answers 200, not a second 201, for the same contact', async () => {
      const body = { id: 'k-race', createdAt: march(7), method: 'import' };
      const res = await post(racingDb('k-race', march(7)), body);
      expect(await expectJson(res, 200)).toEqual({
        id: 'k-race',
        created: false,
      });
    });

    it('refuses a conflicting creation and writes none of it', async () => {
      const body = {
        id: 'k-clash',
        createdAt: march(9),
        method: 'import',
        visitorIds: ['vis-clash'],
      };
      const error = await errorOf(
        post(racingDb('k-clash', march(8)), body),
        409,
      );
      expect(error.field).toBe('createdAt');
      const stored = await env.DB.prepare(
        "SELECT created_at FROM contacts WHERE portal_id = 'crm' AND id = 'k-clash'",
      ).first<{ created_at: number }>();
      expect(stored?.created_at).toBe(Date.parse(march(8)));
      expect(
        await count(
          `SELECT (SELECT count(*) FROM visitors WHERE contact_id = 'k-clash')
             + (SELECT count(*) FROM interactions WHERE contact_id = 'k-clash')
           AS n`,
        ),
      ).toBe(0);
    });
  });

  it('links visitors, creating the ones it has not seen', async () => {
    await expectJson(
      api('POST', '/v1/contacts', {
        id: 'k4',
        createdAt: march(6),
        method: 'form',
        visitorIds: ['vis-a', 'vis-b'],
      }),
      201,
    );
    const rows = await env.DB.prepare(
      "SELECT id, contact_id FROM visitors WHERE contact_id = 'k4' ORDER BY id",
    ).all();
    expect(rows.results).toEqual([
      { id: 'vis-a', contact_id: 'k4' },
      { id: 'vis-b', contact_id: 'k4' },
    ]);
  });

  it('names the bad field of an invalid contact', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ createdAt: march(1), method: 'form' }, 'id'],
      [{ id: 'x'.repeat(129), createdAt: march(1), method: 'form' }, 'id'],
      [{ id: 'k', createdAt: '2026-03-01', method: 'form' }, 'createdAt'],
      [{ id: 'k', createdAt: march(1), method: 'fax' }, 'method'],
      [{ id: 'k', createdAt: march(1), method: 'form', email: 'no' }, 'email'],
      [
        { id: 'k', createdAt: march(1), method: 'form', visitorIds: [''] },
        'visitorIds[0]',
      ],
    ];
    for (const [body, field] of cases) {
      const error = await errorOf(api('POST', '/v1/contacts', body), 400);
      expect(error.field, JSON.stringify(body)).toBe(field);
    }
  });

  it('answers a body that is not JSON with a 400', async () => {
    const error = await errorOf(api('POST', '/v1/contacts', undefined), 400);
    expect(error.code).toBe('invalid_json');
  });
});

describe('POST /v1/deals and PATCH /v1/deals/:id', () => {
  beforeAll(async () => {
    await expectJson(
      api('POST', '/v1/contacts', {
        id: 'buyer',
        createdAt: march(1),
        method: 'import',
      }),
      201,
    );
  });

  it('stores a deal and its contacts once when posted twice', async () => {
    const deal = {
      id: 'deal-1',
      name: 'First',
      amount: 10,
      createdAt: march(2),
      contactIds: ['buyer'],
    };
    await expectJson(api('POST', '/v1/deals', deal), 201);
    await expectJson(api('POST', '/v1/deals', deal), 200);
    expect(
      await count("SELECT count(*) AS n FROM deals WHERE id = 'deal-1'"),
    ).toBe(1);
    const link = await env.DB.prepare(
      "SELECT contact_id, associated_at FROM deal_contacts WHERE deal_id = 'deal-1'",
    ).all();
    expect(link.results).toEqual([
      { contact_id: 'buyer', associated_at: Date.parse(march(2)) },
    ]);
  });

  it('closes a deal now when a PATCH wins it without a close date', async () => {
    await expectJson(
      api('POST', '/v1/deals', {
        id: 'deal-2',
        name: 'Second',
        createdAt: march(2),
        contactIds: ['buyer'],
      }),
      201,
    );
    const before = Date.now();
    await expectJson(
      api('PATCH', '/v1/deals/deal-2', { stage: 'closedwon', amount: 42 }),
      200,
    );
    const row = await env.DB.prepare(
      "SELECT stage, amount, name, closed_at FROM deals WHERE id = 'deal-2'",
    ).first<{
      stage: string;
      amount: number;
      name: string;
      closed_at: number;
    }>();
    expect(row?.stage).toBe('closedwon');
    expect(row?.amount).toBe(42);
    expect(row?.name).toBe('Second');
    expect(row?.closed_at).toBeGreaterThanOrEqual(before);
  });

  it('keeps the close date a PATCH gives', async () => {
    await expectJson(
      api('PATCH', '/v1/deals/deal-1', {
        stage: 'closedwon',
        closedAt: march(9),
      }),
      200,
    );
    const row = await env.DB.prepare(
      "SELECT closed_at FROM deals WHERE id = 'deal-1'",
    ).first<{ closed_at: number }>();
    expect(row?.closed_at).toBe(Date.parse(march(9)));
  });

  it('answers a PATCH of an unknown deal with a 404', async () => {
    const error = await errorOf(
      api('PATCH', '/v1/deals/nope', { name: 'x' }),
      404,
    );
    expect(error.code).toBe('not_found');
  });

  it('names a contact the portal does not have', async () => {
    const error = await errorOf(
      api('POST', '/v1/deals', {
        id: 'deal-3',
        name: 'Third',
        createdAt: march(2),
        contactIds: ['buyer', 'ghost'],
      }),
      422,
    );
    expect(error).toMatchObject({
      code: 'unknown_contact',
      field: 'contactIds[1]',
    });
    expect(
      await count("SELECT count(*) AS n FROM deals WHERE id = 'deal-3'"),
    ).toBe(0);
  });

  it('names the bad field of an invalid deal', async () => {
    const base = {
      id: 'deal-4',
      name: 'Fourth',
      createdAt: march(2),
      contactIds: [],
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, amount: -1 }, 'amount'],
      [{ ...base, amount: '10' }, 'amount'],
      [{ ...base, currency: 'euro' }, 'currency'],
      [{ ...base, stage: 'won' }, 'stage'],
      [{ ...base, closedAt: '2026-03-32T00:00:00Z' }, 'closedAt'],
      [{ ...base, name: '' }, 'name'],
      [{ ...base, contactIds: 'buyer' }, 'contactIds'],
    ];
    for (const [body, field] of cases) {
      const error = await errorOf(api('POST', '/v1/deals', body), 400);
      expect(error.field, JSON.stringify(body)).toBe(field);
    }
  });
});

describe('POST /v1/interactions', () => {
  beforeAll(async () => {
    await expectJson(
      api('POST', '/v1/contacts', {
        id: 'toucher',
        createdAt: march(1),
        method: 'import',
      }),
      201,
    );
    await expectJson(
      api('POST', '/v1/deals', {
        id: 'deal-t',
        name: 'T',
        createdAt: march(2),
        contactIds: ['toucher'],
      }),
      201,
    );
  });

  const call = {
    id: 'i-call',
    type: 'call',
    at: march(3),
    contactId: 'toucher',
    dealIds: ['deal-t'],
  };

  it('stores each interaction once when a batch is posted twice', async () => {
    const first = await expectJson(
      api('POST', '/v1/interactions', { interactions: [call] }),
      202,
    );
    const again = await expectJson(
      api('POST', '/v1/interactions', { interactions: [call] }),
      202,
    );
    expect(first).toEqual({ received: 1, stored: 1 });
    expect(again).toEqual({ received: 1, stored: 0 });
    const row = await env.DB.prepare(
      `SELECT type, asset_type, source, contact_id FROM interactions
       WHERE id = 'i-call'`,
    ).all();
    expect(row.results).toEqual([
      {
        type: 'call',
        asset_type: 'sales_activity',
        source: 'sales',
        contact_id: 'toucher',
      },
    ]);
    const links = await env.DB.prepare(
      "SELECT deal_id FROM interaction_deals WHERE interaction_id = 'i-call'",
    ).all();
    expect(links.results).toEqual([{ deal_id: 'deal-t' }]);
  });

  it('types a page view with the content type in force when it arrives', async () => {
    await env.DB.prepare(
      `INSERT INTO assets (portal_id, url, content_type, effective_from)
       VALUES ('crm', 'https://site.test/post', 'blog-post', 0)`,
    ).run();
    await expectJson(
      api('POST', '/v1/interactions', {
        interactions: [
          {
            id: 'i-post',
            type: 'page_view',
            at: march(1),
            visitorId: 'anon',
            url: 'https://site.test/post?utm_source=x#top',
          },
          {
            id: 'i-other',
            type: 'page_view',
            at: march(1),
            visitorId: 'anon',
            url: 'https://site.test/other',
          },
        ],
      }),
      202,
    );
    const rows = await env.DB.prepare(
      `SELECT id, content_type, asset_type FROM interactions
       WHERE id IN ('i-post', 'i-other') ORDER BY id`,
    ).all();
    expect(rows.results).toEqual([
      {
        id: 'i-other',
        content_type: null,
        asset_type: 'page_without_content_type',
      },
      { id: 'i-post', content_type: 'blog-post', asset_type: 'blog_post' },
    ]);
  });

  it('stores nothing when one interaction of the batch is invalid', async () => {
    const good = {
      id: 'i-good',
      type: 'meeting',
      at: march(4),
      contactId: 'toucher',
    };
    const cases: [Record<string, unknown>, string, number][] = [
      [
        { ...good, id: 'i-bad', at: '2026-03-04 10:00' },
        'interactions[1].at',
        400,
      ],
      [{ ...good, id: 'i-bad', type: 'fax' }, 'interactions[1].type', 400],
      [
        { id: 'i-bad', type: 'call', at: march(4) },
        'interactions[1].contactId',
        400,
      ],
      [
        { ...good, id: 'i-bad', utm: { source: 'x'.repeat(513) } },
        'interactions[1].utm.source',
        400,
      ],
      [{ ...good, id: 'i-bad', url: 'not a url' }, 'interactions[1].url', 400],
      [
        { ...good, id: 'i-bad', contactId: 'ghost' },
        'interactions[1].contactId',
        422,
      ],
      [
        { ...good, id: 'i-bad', dealIds: ['deal-t', 'ghost'] },
        'interactions[1].dealIds[1]',
        422,
      ],
      [
        { ...good, id: 'i-bad', type: 'contact_create' },
        'interactions[1].type',
        400,
      ],
    ];
    for (const [bad, field, status] of cases) {
      const error = await errorOf(
        api('POST', '/v1/interactions', { interactions: [good, bad] }),
        status,
      );
      expect(error.field, JSON.stringify(bad)).toBe(field);
    }
    expect(
      await count("SELECT count(*) AS n FROM interactions WHERE id = 'i-good'"),
    ).toBe(0);
  });

  it('refuses more than 1,000 interactions in one request', async () => {
    const many = Array.from({ length: 1001 }, (_, k) => ({
      id: `m${k}`,
      type: 'page_view',
      at: march(1),
      visitorId: 'v',
    }));
    const error = await errorOf(
      api('POST', '/v1/interactions', { interactions: many }),
      400,
    );
    expect(error.field).toBe('interactions');
  });
});

describe('portal isolation', () => {
  it('never shows one portal the records of another', async () => {
    const other = clientFor(await createPortal('other'));
    await expectJson(
      other('POST', '/v1/contacts', {
        id: 'buyer',
        createdAt: march(1),
        method: 'import',
      }),
      201,
    );
    const report = await expectJson<{ conversions: number; rows: unknown[] }>(
      other(
        'GET',
        '/v1/reports/attribution?report=contact-create&model=linear' +
          '&dimension=asset_type&from=2026-03-01&to=2026-03-31',
      ),
      200,
    );
    expect(report.conversions).toBe(1);
    expect(report.rows).toEqual([
      { key: 'contact_import', credit: 1, interactions: 1, conversions: 1 },
    ]);

    const deal = await errorOf(
      other('POST', '/v1/deals', {
        id: 'deal-x',
        name: 'X',
        createdAt: march(2),
        contactIds: ['toucher'],
      }),
      422,
    );
    expect(deal.field).toBe('contactIds[0]');
    await errorOf(other('GET', '/v1/contacts/toucher/journey'), 404);
    await errorOf(other('GET', '/v1/contacts/buyer/journey?portal=crm'), 403);
    await errorOf(other('PATCH', '/v1/deals/deal-1', { amount: 1 }), 404);
  });

  it('requires a key', async () => {
    const anon = clientFor('not-a-key');
    await errorOf(anon('POST', '/v1/contacts', {}), 401);
    await errorOf(
      anon('GET', '/v1/reports/attribution?report=revenue&dimension=form'),
      401,
    );
  });
});

describe('POST /v1/interactions sources', () => {
  it('classifies an imported touch by its campaign, else by its type', async () => {
    await expectJson(
      api('POST', '/v1/contacts', {
        id: 'src-1',
        createdAt: march(1),
        method: 'import',
      }),
      201,
    );
    const touch = (id: string, extra: Record<string, unknown>) => ({
      id,
      type: 'page_view',
      at: march(4),
      contactId: 'src-1',
      ...extra,
    });
    await expectJson(
      api('POST', '/v1/interactions', {
        interactions: [
          touch('src-email', { utm: { medium: 'email', source: 'news' } }),
          touch('src-gclid', { url: 'https://acme.example/?gclid=abc' }),
          touch('src-url', {
            url: 'https://acme.example/?utm_source=partner&utm_medium=banner',
          }),
          touch('src-plain', { url: 'https://acme.example/pricing' }),
          { ...touch('src-call', {}), type: 'call' },
        ],
      }),
      202,
    );

    const rows = await env.DB.prepare(
      `SELECT id, source FROM interactions
       WHERE portal_id = 'crm' AND id LIKE 'src-%' ORDER BY id`,
    ).all();
    expect(rows.results).toEqual([
      { id: 'src-call', source: 'sales' },
      { id: 'src-email', source: 'email_marketing' },
      { id: 'src-gclid', source: 'paid_search' },
      { id: 'src-plain', source: 'offline_sources' },
      { id: 'src-url', source: 'other_campaigns' },
    ]);
  });
});
