import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_UA,
  createPortal,
  eventId,
  visitorToken,
  waitFor,
} from './ingest-support';

const PORTAL = 'privacy';
const CLIENT_IP = '203.0.113.9';
const CLIENT_IP6 = '2001:db8:85a3::8a2e:370:7334';
const PASSWORD = 'Hunter2-Secret!';

/** Every text value of every row of every table, with where it was. */
async function everyTextValue(): Promise<string[]> {
  const { results: tables } = await env.DB.prepare(
    `SELECT name FROM sqlite_master WHERE type = 'table'
     AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'`,
  ).all<{ name: string }>();
  const values: string[] = [];
  for (const { name } of tables) {
    const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all<
      Record<string, unknown>
    >();
    for (const row of results) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value === 'string')
          values.push(`${name}.${column}=${value}`);
      }
    }
  }
  return values;
}

describe('privacy of stored data', () => {
  const visitor = visitorToken();

  beforeAll(async () => {
    await createPortal(PORTAL, ['shop.example']);
    const now = Date.now();
    const events = [
      {
        i: eventId('pv'),
        t: 'pv',
        ts: now - 3000,
        u: 'https://shop.example/login?utm_source=news',
        r: 'https://mail.example/',
        ti: 'Sign in',
        vi: visitor,
      },
      {
        i: eventId('form'),
        t: 'form',
        ts: now - 2000,
        u: 'https://shop.example/login',
        vi: visitor,
        fi: 'login',
        em: 'person@shop.example',
      },
      {
        // A site that forwards a whole form as event properties.
        i: eventId('ce'),
        t: 'ce',
        ts: now - 1000,
        u: 'https://shop.example/login',
        vi: visitor,
        n: 'login_submitted',
        pr: {
          email: 'person@shop.example',
          password: PASSWORD,
          user_pwd: PASSWORD,
          note: `from ${CLIENT_IP}`,
        },
      },
    ];
    const res = await exports.default.fetch('http://collector/v1/e', {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        'user-agent': BROWSER_UA,
        'cf-connecting-ip': CLIENT_IP,
        'x-forwarded-for': `${CLIENT_IP}, ${CLIENT_IP6}`,
        'x-real-ip': CLIENT_IP,
        'true-client-ip': CLIENT_IP6,
      },
      body: JSON.stringify({ v: 1, p: PORTAL, e: events }),
    });
    expect(res.status).toBe(202);
    await waitFor(
      () =>
        env.DB.prepare(
          `SELECT count(*) AS n FROM interactions
           WHERE portal_id = ? AND visitor_id = ?`,
        )
          .bind(PORTAL, visitor)
          .first<{ n: number }>(),
      (row) => (row?.n ?? 0) >= 3,
      200,
    );
  });

  it('stores the ingest: the scan below reads real rows', async () => {
    const values = await everyTextValue();
    expect(values.some((v) => v.includes('person@shop.example'))).toBe(true);
    expect(values.some((v) => v.includes('login_submitted'))).toBe(true);
  });

  it('stores no raw IP address in any text column of any table', async () => {
    for (const value of await everyTextValue()) {
      expect(value).not.toContain(CLIENT_IP);
      expect(value).not.toContain(CLIENT_IP6);
      expect(value).not.toContain('2001:db8');
    }
  });

  it('stores no password, whatever the property is called', async () => {
    for (const value of await everyTextValue()) {
      expect(value).not.toContain(PASSWORD);
    }
  });
});
