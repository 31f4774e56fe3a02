import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  countRows,
  createPortal,
  eventId,
  postBatch,
  visitorToken,
  waitFor,
} from './ingest-support';

describe('collect', () => {
  it('queues a valid batch and answers 202, then stores the page view', async () => {
    await createPortal('smoke');
    const vi = visitorToken();
    const id = eventId();
    const res = await postBatch('smoke', [
      {
        i: id,
        t: 'pv',
        ts: Date.now(),
        u: 'https://shop.example/?utm_source=news&utm_medium=email',
        vi,
      },
    ]);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1 });

    const n = await waitFor(
      () => countRows('interactions', 'smoke'),
      (v) => v > 0,
    );
    expect(n).toBe(1);
    const session = await env.DB.prepare(
      'SELECT source, events FROM sessions WHERE portal_id = ?',
    )
      .bind('smoke')
      .first();
    expect(session).toEqual({ source: 'email_marketing', events: 1 });
  });
});
