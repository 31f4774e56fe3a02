import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  asStored,
  bodyText,
  type FieldKind,
  FUZZ_RUNS,
  fuzzRoute,
  isJsonObject,
  isoTime,
  type Sent,
  send,
  validAndHostile,
} from './fuzz-support';
import { ADMIN, createPortal } from './ingest-support';

const PORTAL = 'fuzz-crm';
const KNOWN_CONTACTS = ['c-1', 'c-2', 'c-3'];
const KNOWN_DEALS = ['d-1', 'd-2'];
let keyHeaders: Record<string, string> = {};

/** Ids from a small pool (repeats, conflicts) or anything at all. */
const id = fc.oneof(
  fc.constantFrom(...KNOWN_CONTACTS, ...KNOWN_DEALS, 'new-1', 'new-2'),
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.uuid(),
);
const text = fc.string({ maxLength: 40 });
const email = fc.oneof(fc.emailAddress(), fc.constant('A@B.co'));
const method = fc.constantFrom('form', 'import', 'integration', 'other');
const url = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom('https://shop.example/p?utm_source=x', 'ftp://x', 'nope'),
);

const contact = validAndHostile(({ req, opt }) =>
  fc.record(
    {
      id: req(id),
      email: opt(email),
      createdAt: req(isoTime),
      method: req(method),
      company: opt(text),
      leadSource: opt(text),
      visitorIds: opt(fc.array(id, { maxLength: 3 })),
    },
    { requiredKeys: [] },
  ),
);

const dealFields = ({ req, opt }: FieldKind) => ({
  name: req(fc.string({ minLength: 1, maxLength: 30 })),
  amount: opt(fc.double({ min: 0, max: 1e15, noNaN: true })),
  currency: opt(fc.constantFrom('EUR', 'USD', 'eur', 'EURO')),
  pipeline: opt(text),
  type: opt(text),
  owner: opt(text),
  createdAt: req(isoTime),
  contactIds: req(
    fc.array(fc.constantFrom(...KNOWN_CONTACTS, 'ghost'), { maxLength: 2 }),
  ),
  stage: opt(fc.constantFrom('open', 'closedwon', 'closedlost', 'won')),
  closedAt: opt(isoTime),
});
const deal = validAndHostile((kind) =>
  fc.record({ id: kind.req(id), ...dealFields(kind) }, { requiredKeys: [] }),
);
const dealPatch = validAndHostile((kind) =>
  fc.record(dealFields(kind), { requiredKeys: [] }),
);

const interaction = ({ req, opt }: FieldKind) =>
  fc.record(
    {
      id: req(id),
      type: req(
        fc.constantFrom('page_view', 'call', 'meeting', 'ad_click', 'bogus'),
      ),
      at: req(isoTime),
      contactId: opt(fc.constantFrom(...KNOWN_CONTACTS, 'ghost')),
      visitorId: opt(id),
      dealIds: opt(fc.array(fc.constantFrom(...KNOWN_DEALS, 'x'))),
      url: opt(url),
      title: opt(text),
      utm: opt(fc.record({ source: text, medium: text }, { requiredKeys: [] })),
      campaign: opt(text),
      cta: opt(text),
    },
    { requiredKeys: [] },
  );
const interactions = validAndHostile((kind) =>
  fc.record({
    interactions: kind.req(
      fc.array(interaction(kind), { minLength: 1, maxLength: 3 }),
    ),
  }),
);

const asset = validAndHostile(({ req }) =>
  fc.record(
    { url: req(url), contentType: req(fc.string({ maxLength: 70 })) },
    { requiredKeys: [] },
  ),
);

const portal = validAndHostile(({ req, opt }) =>
  fc.record(
    {
      id: req(
        fc.oneof(
          fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/),
          fc.constant(PORTAL),
        ),
      ),
      name: req(fc.string({ minLength: 1, maxLength: 30 })),
      domains: opt(fc.array(fc.domain(), { maxLength: 3 })),
    },
    { requiredKeys: [] },
  ),
);

async function one(key: string, sql: string, ...params: unknown[]) {
  const row = await env.DB.prepare(sql)
    .bind(...params.map(asStored))
    .first<Record<string, unknown>>();
  expect(row, `${key} was not written: ${JSON.stringify(params)}`).toBeTruthy();
  return row ?? {};
}

function jsonRequest(method: string, path: string, headers = keyHeaders) {
  return (text: string) => ({
    method,
    path,
    text,
    headers: { ...headers, 'content-type': 'application/json' },
  });
}

/** Runs one route's fuzz and checks both paths were exercised. */
async function fuzzBodies(
  method: string,
  path: string,
  inputs: fc.Arbitrary<string>,
  checkOne: (
    text: string,
    sent: Sent<string>,
    batch: Sent<string>[],
  ) => Promise<void>,
  headers?: Record<string, string>,
) {
  const { accepted, refused } = await fuzzRoute({
    inputs,
    request: (text) => jsonRequest(method, path, headers)(text),
    namesField: isJsonObject,
    async checkAccepted(sent) {
      for (const s of sent) await checkOne(s.input, s, sent);
    },
  });
  // The generators reach the accepting path, not only the refusals.
  expect(accepted).toBeGreaterThan(FUZZ_RUNS / 50);
  expect(refused).toBeGreaterThan(FUZZ_RUNS / 50);
}

const SLOW_MS = 600_000;

describe('fuzzing the import APIs', () => {
  beforeAll(async () => {
    const key = await createPortal(PORTAL);
    keyHeaders = { authorization: `Bearer ${key}` };
    for (const c of KNOWN_CONTACTS) {
      await send('POST', '/v1/contacts', {
        headers: keyHeaders,
        text: JSON.stringify({
          id: c,
          createdAt: '2026-01-01T00:00:00Z',
          method: 'import',
        }),
      });
    }
    for (const d of KNOWN_DEALS) {
      await send('POST', '/v1/deals', {
        headers: keyHeaders,
        text: JSON.stringify({
          id: d,
          name: d,
          createdAt: '2026-01-02T00:00:00Z',
          contactIds: ['c-1'],
        }),
      });
    }
  });

  it(
    `POST /v1/contacts: ${FUZZ_RUNS} inputs, no 5xx, no half-write`,
    async () => {
      const contacts = bodyText(contact);
      await fuzzBodies('POST', '/v1/contacts', contacts, async (t) => {
        const input = JSON.parse(t) as { id: string; createdAt: string };
        const row = await one(
          'contact',
          'SELECT created_at FROM contacts WHERE portal_id = ? AND id = ?',
          PORTAL,
          input.id,
        );
        // createdAt never changes once stored: an accepted post agrees
        // with it, even when posts of one new id ran at the same time.
        expect(row.created_at).toBe(Date.parse(input.createdAt));
      });
    },
    SLOW_MS,
  );

  it(
    `POST /v1/deals: ${FUZZ_RUNS} inputs, no 5xx, no half-write`,
    async () => {
      await fuzzBodies('POST', '/v1/deals', bodyText(deal), async (t, s) => {
        const input = JSON.parse(t) as { id: string; contactIds: string[] };
        expect(s.writes.changes).toBeGreaterThan(0);
        await one(
          'deal',
          'SELECT 1 FROM deals WHERE portal_id = ? AND id = ?',
          PORTAL,
          input.id,
        );
        for (const c of input.contactIds) {
          await one(
            'deal link',
            `SELECT 1 FROM deal_contacts
           WHERE portal_id = ? AND deal_id = ? AND contact_id = ?`,
            PORTAL,
            input.id,
            c,
          );
        }
      });
    },
    SLOW_MS,
  );

  it(
    `PATCH /v1/deals/:id: ${FUZZ_RUNS} inputs, no 5xx, no half-write`,
    async () => {
      const target = fc.oneof(
        fc.constantFrom(...KNOWN_DEALS),
        fc.string({ maxLength: 20 }).map(encodeURIComponent),
        fc.constantFrom('%zz', '..%2F..', 'a'.repeat(200), '%00', '%F0%9F'),
      );
      const { accepted, refused } = await fuzzRoute({
        inputs: fc.tuple(bodyText(dealPatch), target),
        request: ([text, id]) => jsonRequest('PATCH', `/v1/deals/${id}`)(text),
        namesField: ([text]) => isJsonObject(text),
        async checkAccepted(sent) {
          for (const { input } of sent) {
            const [text, id] = input;
            await one(
              'deal',
              'SELECT name FROM deals WHERE portal_id = ? AND id = ?',
              PORTAL,
              decodeURIComponent(id),
            );
            expect(isJsonObject(text)).toBe(true);
          }
        },
      });
      expect(accepted).toBeGreaterThan(FUZZ_RUNS / 50);
      expect(refused).toBeGreaterThan(FUZZ_RUNS / 50);
    },
    SLOW_MS,
  );

  it(
    `POST /v1/interactions: ${FUZZ_RUNS} inputs, no 5xx, no half-write`,
    async () => {
      await fuzzBodies(
        'POST',
        '/v1/interactions',
        bodyText(interactions),
        async (t) => {
          const input = JSON.parse(t) as { interactions: { id: string }[] };
          for (const i of input.interactions) {
            await one(
              'interaction',
              'SELECT 1 FROM interactions WHERE portal_id = ? AND id = ?',
              PORTAL,
              i.id,
            );
          }
        },
      );
    },
    SLOW_MS,
  );

  it(
    `PUT /v1/assets: ${FUZZ_RUNS} inputs, no 5xx, no half-write`,
    async () => {
      await fuzzBodies('PUT', '/v1/assets', bodyText(asset), async (t, s) => {
        const input = JSON.parse(t) as { contentType: string };
        const answer = s.answer.body as { url: string };
        await one(
          'asset',
          `SELECT 1 FROM assets
         WHERE portal_id = ? AND url = ? AND content_type = ?`,
          PORTAL,
          answer.url,
          input.contentType,
        );
      });
    },
    SLOW_MS,
  );

  it('answers 409, not 500, when one portal is created twice at once', async () => {
    const body = JSON.stringify({ id: 'twice', name: 'Twice' });
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        send('POST', '/v1/portals', { text: body, headers: ADMIN }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const keys = await env.DB.prepare(
      "SELECT count(*) AS n FROM api_keys WHERE portal_id = 'twice'",
    ).first<{ n: number }>();
    expect(keys?.n).toBe(1);
  });

  it(
    `POST /v1/portals: ${FUZZ_RUNS} inputs, no 5xx, no half-write`,
    async () => {
      await fuzzBodies(
        'POST',
        '/v1/portals',
        bodyText(portal),
        async (t) => {
          const input = JSON.parse(t) as { id: string };
          await one('portal', 'SELECT 1 FROM portals WHERE id = ?', input.id);
          await one(
            'api key',
            'SELECT 1 FROM api_keys WHERE portal_id = ?',
            input.id,
          );
        },
        ADMIN,
      );
    },
    SLOW_MS,
  );
});
