import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_IP_REQUESTS_PER_MIN,
  DEFAULT_PORTAL_REQUESTS_PER_MIN,
} from '../../packages/collector/src/rate-limit';
import { BROWSER_UA, createPortal, eventId, fetchWith } from './ingest-support';

/** Posts one beacon with the given client address and limits. */
async function beacon(
  portal: string,
  address: string | undefined,
  vars: Record<string, string>,
) {
  const headers: Record<string, string> = { 'user-agent': BROWSER_UA };
  if (address) headers['cf-connecting-ip'] = address;
  return fetchWith(
    new Request('http://collector/v1/collect', {
      method: 'POST',
      headers,
      body: JSON.stringify({
        v: 1,
        p: portal,
        e: [
          {
            i: eventId('rl'),
            t: 'pv',
            ts: Date.now(),
            u: 'https://a.example/',
          },
        ],
      }),
    }),
    vars as Partial<Env>,
  );
}

describe('rate limits on the collect path', () => {
  beforeAll(async () => {
    await createPortal('rl-ip');
    await createPortal('rl-portal');
    await createPortal('rl-other');
  });

  it('refuses a client address past its limit with 429, Retry-After and the JSON shape', async () => {
    const vars = { RATE_LIMIT_IP_PER_MIN: '5' };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push((await beacon('rl-ip', '198.51.100.7', vars)).status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202]);

    const refused = await beacon('rl-ip', '198.51.100.7', vars);
    expect(refused.status).toBe(429);
    // 5 per minute: one token back every 12 s.
    expect(Number(refused.headers.get('retry-after'))).toBe(12);
    expect(await refused.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: 'too many requests for this client; retry in 12 s',
      },
    });

    // Another address is not affected.
    expect((await beacon('rl-ip', '198.51.100.8', vars)).status).toBe(202);
  });

  it('refuses a portal past its limit, whatever the addresses', async () => {
    const vars = { RATE_LIMIT_PORTAL_PER_MIN: '3' };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push(
        (await beacon('rl-portal', `192.0.2.${i + 1}`, vars)).status,
      );
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
    expect((await beacon('rl-other', '192.0.2.9', vars)).status).toBe(202);
  });

  it('stores nothing of a refused beacon and never the client address', async () => {
    const dump = JSON.stringify(
      await env.DB.prepare('SELECT * FROM drop_counts').all(),
    );
    expect(dump).not.toContain('198.51.100.7');
  });

  it('turns a limit off with 0, and has generous defaults', async () => {
    const vars = { RATE_LIMIT_IP_PER_MIN: '0' };
    for (let i = 0; i < 20; i += 1) {
      expect((await beacon('rl-ip', '198.51.100.99', vars)).status).toBe(202);
    }
    expect(DEFAULT_IP_REQUESTS_PER_MIN).toBeGreaterThanOrEqual(600);
    expect(DEFAULT_PORTAL_REQUESTS_PER_MIN).toBeGreaterThanOrEqual(6000);
  });
});
