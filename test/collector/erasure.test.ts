import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  collectMessage,
  createPortal,
  deliver,
  eventId,
  postBatch,
  visitorToken,
  waitFor,
} from './ingest-support';

const PORTAL = 'erasure';
let key = '';

function api(method: string, path: string, body?: unknown) {
  return exports.default.fetch(`http://collector${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function count(sql: string, ...params: unknown[]) {
  const row = await env.DB.prepare(sql)
    .bind(...params)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** Every row that names the contact or one of its visitors. */
async function traces(contactId: string, visitors: string[]) {
  const v = JSON.stringify(visitors);
  return {
    contacts: await count(
      'SELECT count(*) AS n FROM contacts WHERE portal_id = ? AND id = ?',
      PORTAL,
      contactId,
    ),
    visitors: await count(
      `SELECT count(*) AS n FROM visitors WHERE portal_id = ?
       AND (contact_id = ? OR id IN (SELECT value FROM json_each(?)))`,
      PORTAL,
      contactId,
      v,
    ),
    sessions: await count(
      `SELECT count(*) AS n FROM sessions WHERE portal_id = ?
       AND visitor_id IN (SELECT value FROM json_each(?))`,
      PORTAL,
      v,
    ),
    interactions: await count(
      `SELECT count(*) AS n FROM interactions WHERE portal_id = ?
       AND (contact_id = ? OR visitor_id IN (SELECT value FROM json_each(?)))`,
      PORTAL,
      contactId,
      v,
    ),
    dealContacts: await count(
      'SELECT count(*) AS n FROM deal_contacts WHERE portal_id = ? AND contact_id = ?',
      PORTAL,
      contactId,
    ),
    interactionDeals: await count(
      `SELECT count(*) AS n FROM interaction_deals WHERE portal_id = ?
       AND interaction_id LIKE 'call-%'`,
      PORTAL,
    ),
  };
}

describe('DELETE /v1/contacts/:id', () => {
  const tracked = visitorToken();
  const email = 'erase.me@shop.example';
  // A beacon the collector accepted before the erasure...
  const accepted = Date.now();

  beforeAll(async () => {
    key = await createPortal(PORTAL, ['shop.example']);
    const now = Date.now();
    const res = await postBatch(PORTAL, [
      {
        i: eventId('er'),
        t: 'pv',
        ts: now - 5000,
        u: 'https://shop.example/?utm_source=news&utm_medium=email',
        vi: tracked,
      },
      {
        i: eventId('er'),
        t: 'form',
        ts: now - 4000,
        u: 'https://shop.example/signup',
        vi: tracked,
        fi: 'signup',
        em: email,
      },
    ]);
    expect(res.status).toBe(202);
    await waitFor(
      () =>
        count(
          'SELECT count(*) AS n FROM visitors WHERE portal_id = ? AND id = ? AND contact_id IS NOT NULL',
          PORTAL,
          tracked,
        ),
      (n) => n > 0,
      200,
    );

    // An imported contact with the same visitor, an offline call tied to a
    // deal, and a second contact that must survive.
    const lookup = (await (
      await api('GET', `/v1/contacts?email=${email}`)
    ).json()) as { contacts: { id: string }[] };
    const contactId = lookup.contacts[0]?.id ?? '';
    expect(contactId).not.toBe('');
    await api('POST', '/v1/contacts', {
      id: 'keep-me',
      email: 'keep@shop.example',
      createdAt: new Date(now - 3000).toISOString(),
      method: 'import',
    });
    expect(
      (
        await api('POST', '/v1/deals', {
          id: 'deal-1',
          name: 'Big deal',
          createdAt: new Date(now - 2000).toISOString(),
          contactIds: [contactId, 'keep-me'],
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api('POST', '/v1/interactions', {
          interactions: [
            {
              id: 'call-1',
              type: 'call',
              at: new Date(now - 1000).toISOString(),
              contactId,
              dealIds: ['deal-1'],
            },
            {
              id: 'keep-call',
              type: 'call',
              at: new Date(now - 1000).toISOString(),
              contactId: 'keep-me',
            },
          ],
        })
      ).status,
    ).toBe(202);
  });

  async function contactIdOf(address: string): Promise<string> {
    const body = (await (
      await api('GET', `/v1/contacts?email=${address}`)
    ).json()) as { contacts: { id: string }[] };
    return body.contacts[0]?.id ?? '';
  }

  it('erases the contact, its visitors, sessions, interactions and deal links at once', async () => {
    const contactId = await contactIdOf(email);
    const before = await traces(contactId, [tracked]);
    expect(before.contacts).toBe(1);
    expect(before.sessions).toBeGreaterThan(0);
    expect(before.interactions).toBeGreaterThanOrEqual(3);
    expect(before.dealContacts).toBe(1);
    expect(before.interactionDeals).toBe(1);

    const res = await api('DELETE', `/v1/contacts/${contactId}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      id: string;
      erased: Record<string, number>;
    };
    expect(body.id).toBe(contactId);
    expect(body.erased).toEqual({
      interactionDeals: 1,
      interactions: before.interactions,
      sessions: before.sessions,
      dealContacts: 1,
      visitors: 1,
      contacts: 1,
    });
    expect(await traces(contactId, [tracked])).toEqual({
      contacts: 0,
      visitors: 0,
      sessions: 0,
      interactions: 0,
      dealContacts: 0,
      interactionDeals: 0,
    });
    const dump = JSON.stringify(
      await env.DB.prepare('SELECT * FROM contacts').all(),
    );
    expect(dump).not.toContain(email);
  });

  it('keeps other contacts and the deal itself', async () => {
    expect(
      await count(
        "SELECT count(*) AS n FROM contacts WHERE portal_id = ? AND id = 'keep-me'",
        PORTAL,
      ),
    ).toBe(1);
    expect(
      await count(
        "SELECT count(*) AS n FROM interactions WHERE portal_id = ? AND id = 'keep-call'",
        PORTAL,
      ),
    ).toBe(1);
    expect(
      await count(
        "SELECT count(*) AS n FROM deal_contacts WHERE portal_id = ? AND contact_id = 'keep-me'",
        PORTAL,
      ),
    ).toBe(1);
    expect(
      await count(
        "SELECT count(*) AS n FROM deals WHERE portal_id = ? AND id = 'deal-1'",
        PORTAL,
      ),
    ).toBe(1);
  });

  it('drops events accepted before the erasure that the Queue delivers after it', async () => {
    // ...and that the Queue delivers only now, after the erasure.
    const stale = eventId('er-stale');
    const result = await deliver([
      collectMessage(
        PORTAL,
        [
          {
            i: stale,
            t: 'form',
            ts: accepted,
            u: 'https://shop.example/signup',
            vi: tracked,
            fi: 'signup',
            em: email,
          },
        ],
        accepted,
      ),
    ]);
    expect(result.explicitAcks).toHaveLength(1);
    const row = await env.DB.prepare(
      `SELECT count(*) AS n FROM interactions
       WHERE portal_id = ? AND (id = ? OR visitor_id = ?)`,
    )
      .bind(PORTAL, stale, tracked)
      .first<{ n: number }>();
    expect(row?.n).toBe(0);
    expect(await contactIdOf(email)).toBe('');
  });

  it("forgets the visitor's raw events, so a later beacon does not bring them back", async () => {
    const later = eventId('er-later');
    const res = await postBatch(PORTAL, [
      {
        i: later,
        t: 'pv',
        ts: Date.now(),
        u: 'https://shop.example/pricing',
        vi: tracked,
      },
    ]);
    expect(res.status).toBe(202);
    const rows = await waitFor(
      async () =>
        (
          await env.DB.prepare(
            'SELECT id FROM interactions WHERE portal_id = ? AND visitor_id = ?',
          )
            .bind(PORTAL, tracked)
            .all<{ id: string }>()
        ).results,
      (r) => r.length > 0,
      200,
    );
    expect(rows.map((r) => r.id)).toEqual([later]);
    expect(await contactIdOf(email)).toBe('');
  });

  it('answers 404 in the JSON error shape for an unknown or erased contact', async () => {
    const res = await api('DELETE', '/v1/contacts/nobody');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'no such contact', field: 'id' },
    });
  });
});
