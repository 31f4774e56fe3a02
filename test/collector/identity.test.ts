import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  collectMessage,
  createPortal,
  deliver,
  visitorToken,
} from './ingest-support';

const PORTAL = 'identity';
const SITE = 'https://www.shop.example';
const T0 = Date.UTC(2026, 2, 3, 10, 0, 0);
const MIN_MS = 60_000;
let apiKey = '';

async function contactsByEmail(email: string) {
  const res = await exports.default.fetch(
    `http://collector/v1/contacts?email=${encodeURIComponent(email)}`,
    { headers: { authorization: `Bearer ${apiKey}` } },
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { contacts: Record<string, unknown>[] })
    .contacts;
}

async function linksOf(vi: string) {
  const { results } = await env.DB.prepare(
    `SELECT id, type, contact_id FROM interactions
     WHERE portal_id = ? AND visitor_id = ? ORDER BY at, id`,
  )
    .bind(PORTAL, vi)
    .all<{ id: string; type: string; contact_id: string | null }>();
  return results;
}

describe('identity', () => {
  beforeAll(async () => {
    apiKey = await createPortal(PORTAL);
  });

  it('creates a contact from a form email, dated at the submission', async () => {
    const vi = visitorToken();
    await deliver([
      collectMessage(PORTAL, [
        { i: 'id-pv1', t: 'pv', ts: T0, u: `${SITE}/`, vi },
        {
          i: 'id-form',
          t: 'form',
          ts: T0 + MIN_MS,
          u: `${SITE}/contact`,
          vi,
          fi: 'contact-us',
          em: ' Ada@Example.COM ',
        },
        { i: 'id-pv2', t: 'pv', ts: T0 + 2 * MIN_MS, u: `${SITE}/thanks`, vi },
      ]),
    ]);

    const contacts = await contactsByEmail('ada@example.com');
    expect(contacts).toHaveLength(1);
    const contact = contacts[0];
    expect(contact).toMatchObject({
      email: 'ada@example.com',
      createdAt: new Date(T0 + MIN_MS).toISOString(),
      method: 'form',
    });

    // Earlier rows are not rewritten: the first page view stays anonymous
    // and joins the journey through the visitor's link.
    expect(await linksOf(vi)).toEqual([
      { id: 'id-pv1', type: 'page_view', contact_id: null },
      { id: 'id-form', type: 'form_submission', contact_id: contact?.id },
      { id: 'id-pv2', type: 'page_view', contact_id: contact?.id },
    ]);
    const visitor = await env.DB.prepare(
      'SELECT contact_id FROM visitors WHERE portal_id = ? AND id = ?',
    )
      .bind(PORTAL, vi)
      .first<{ contact_id: string }>();
    expect(visitor?.contact_id).toBe(contact?.id);

    const journey = await env.DB.prepare(
      `SELECT i.id FROM interactions i WHERE i.portal_id = ?1 AND
         (i.contact_id = ?2 OR i.visitor_id IN
           (SELECT id FROM visitors WHERE portal_id = ?1 AND contact_id = ?2))
       ORDER BY i.at`,
    )
      .bind(PORTAL, contact?.id)
      .all<{ id: string }>();
    expect(journey.results.map((r) => r.id)).toEqual([
      'id-pv1',
      'id-form',
      'id-pv2',
    ]);
  });

  it('identifies with an identify-only event as method other, storing no interaction', async () => {
    const vi = visitorToken();
    await deliver([
      collectMessage(PORTAL, [
        { i: 'ident-1', t: 'id', ts: T0, u: `${SITE}/`, vi, em: 'bob@x.org' },
      ]),
    ]);
    const [contact] = await contactsByEmail('bob@x.org');
    expect(contact).toMatchObject({
      method: 'other',
      createdAt: new Date(T0).toISOString(),
    });
    expect(await linksOf(vi)).toEqual([]);
  });

  it('links a second visitor with the same email to the same contact', async () => {
    const [a, b] = [visitorToken(), visitorToken()];
    await Promise.all(
      [a, b].map((vi, n) =>
        deliver([
          collectMessage(PORTAL, [
            {
              i: `same-${n}`,
              t: 'pv',
              ts: T0 + n * MIN_MS,
              u: `${SITE}/`,
              vi,
              em: 'cy@x.org',
            },
          ]),
        ]),
      ),
    );
    const contacts = await contactsByEmail('cy@x.org');
    expect(contacts).toHaveLength(1);
    expect(contacts[0]?.createdAt).toBe(new Date(T0).toISOString());
    const { results } = await env.DB.prepare(
      'SELECT DISTINCT contact_id FROM visitors WHERE portal_id = ? AND id IN (?, ?)',
    )
      .bind(PORTAL, a, b)
      .all();
    expect(results).toEqual([{ contact_id: contacts[0]?.id }]);
  });

  it("uses the site's own id as the contact id", async () => {
    const vi = visitorToken();
    await deliver([
      collectMessage(PORTAL, [
        { i: 'ii-1', t: 'pv', ts: T0, u: `${SITE}/`, vi, ii: 'crm-42' },
      ]),
    ]);
    const row = await env.DB.prepare(
      'SELECT id, method FROM contacts WHERE portal_id = ? AND id = ?',
    )
      .bind(PORTAL, 'crm-42')
      .first();
    expect(row).toEqual({ id: 'crm-42', method: 'other' });
  });

  it('links to an existing contact with that email instead of creating one', async () => {
    await env.DB.prepare(
      `INSERT INTO contacts (portal_id, id, email, created_at, method)
       VALUES (?, 'imported-1', 'dee@x.org', ?, 'import')`,
    )
      .bind(PORTAL, T0 - 86_400_000)
      .run();
    const vi = visitorToken();
    await deliver([
      collectMessage(PORTAL, [
        { i: 'dee-1', t: 'pv', ts: T0, u: `${SITE}/`, vi, em: 'dee@x.org' },
      ]),
    ]);
    const contacts = await contactsByEmail('dee@x.org');
    expect(contacts.map((c) => [c.id, c.method])).toEqual([
      ['imported-1', 'import'],
    ]);
    expect((await linksOf(vi))[0]?.contact_id).toBe('imported-1');
  });
});
