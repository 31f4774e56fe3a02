import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_COLLECT_JSON_DEPTH } from '../../packages/collector/src/body-guard';
import {
  asStored,
  bodyText,
  expectNoWrites,
  expectSoundAnswer,
  FUZZ_RUNS,
  fuzzRoute,
  isJsonObject,
  maybe,
  mostly,
  send,
  snapshot,
} from './fuzz-support';
import { BROWSER_UA, createPortal, waitFor } from './ingest-support';

const PORTAL = 'fuzz-collect';
const NOW_MS = Date.now();

const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/);
const pageUrl = fc.oneof(
  fc.constantFrom(
    'https://shop.example/',
    'https://shop.example/p?utm_source=news&utm_medium=email&gclid=x1',
    'https://shop.example/#frag',
    'http://[::1]/',
    'https://xn--80ak6aa92e.com/путь?q=✓',
  ),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
);

/** One tracker event: valid in shape most of the time. */
const event = fc.record(
  {
    i: mostly(fc.uuid()),
    t: mostly(fc.constantFrom('pv', 'cta', 'form', 'ce', 'out', 'dl', 'id')),
    ts: mostly(fc.integer({ min: NOW_MS - 86_400_000, max: NOW_MS + 60_000 })),
    u: mostly(pageUrl),
    r: maybe(pageUrl),
    ti: maybe(fc.string({ maxLength: 40 })),
    vi: maybe(hex32),
    em: maybe(fc.emailAddress()),
    cx: maybe(fc.string({ maxLength: 20 })),
    n: maybe(fc.string({ minLength: 1, maxLength: 20 })),
    pr: maybe(
      fc.dictionary(
        fc.string({ minLength: 1, maxLength: 8 }),
        fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean()),
        { maxKeys: 4 },
      ),
    ),
    an: maybe(fc.constant(1)),
  },
  { requiredKeys: ['i', 't', 'ts', 'u'] },
);

const batch = fc.record(
  {
    v: mostly(fc.constant(1)),
    p: mostly(fc.constantFrom(PORTAL, PORTAL, PORTAL, 'no-such-portal')),
    e: mostly(fc.array(event, { minLength: 1, maxLength: 5 })),
  },
  { requiredKeys: [] },
);

type Sent = { i: string; t: string; vi?: string; an?: number };

describe('fuzzing the collect path', () => {
  beforeAll(async () => {
    await createPortal(PORTAL, ['shop.example']);
  });

  it(`POST /v1/collect: ${FUZZ_RUNS} inputs, no 5xx, only accepted events stored`, async () => {
    const acceptedIds = new Set<string>();
    const { accepted, refused } = await fuzzRoute({
      inputs: fc.tuple(
        bodyText(batch),
        fc.constantFrom('/v1/collect', '/v1/e'),
      ),
      request: ([text, path]) => ({
        method: 'POST',
        path,
        text,
        headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA },
      }),
      namesField: ([text]) => isJsonObject(text),
      // A refused beacon is counted by reason, by design.
      refusedMayWrite: ['drop_counts'],
      async checkAccepted(sent) {
        for (const { input, answer, writes } of sent) {
          expect(answer.status).toBe(202);
          // The request itself writes nothing: the Queue consumer does.
          expect(writes.changes).toBe(0);
          const events = (JSON.parse(input[0]) as { e: Sent[] }).e;
          expect(answer.body).toEqual({ accepted: events.length });
          for (const e of events) {
            if (e.t !== 'id') acceptedIds.add(asStored(e.i) as string);
          }
        }
      },
    });
    expect(accepted).toBeGreaterThan(FUZZ_RUNS / 50);
    expect(refused).toBeGreaterThan(FUZZ_RUNS / 50);

    // Every accepted event lands (the Queue drains), and nothing from a
    // refused request does: stored ids are exactly the accepted ones.
    const stored = await waitFor(
      async () => {
        const { results } = await env.DB.prepare(
          `SELECT id FROM interactions WHERE portal_id = ?
           AND type != 'ad_click'`,
        )
          .bind(PORTAL)
          .all<{ id: string }>();
        return new Set(results.map((r) => r.id));
      },
      (ids) => ids.size >= acceptedIds.size,
      1200,
    );
    expect([...stored].sort()).toEqual([...acceptedIds].sort());
    const dead = await env.DB.prepare(
      'SELECT count(*) AS n FROM dead_letters',
    ).first<{ n: number }>();
    expect(dead?.n).toBe(0);
  }, 600_000);

  it('refuses bodies over 64 KiB by Content-Length and when streamed', async () => {
    const before = await snapshot();
    const big = JSON.stringify({ v: 1, p: PORTAL, e: [] }).padEnd(70_000);
    const declared = await send('POST', '/v1/collect', {
      text: big,
      headers: { 'user-agent': BROWSER_UA },
    });
    expect(declared.status).toBe(413);
    expectSoundAnswer(declared, false);

    const chunk = new TextEncoder().encode('['.repeat(1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 80) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const { exports } = await import('cloudflare:workers');
    const res = await exports.default.fetch('http://collector/v1/collect', {
      method: 'POST',
      headers: { 'user-agent': BROWSER_UA },
      body: stream,
      // @ts-expect-error: workerd needs duplex for a streamed request body
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'too_large' } });
    await new Promise((r) => setTimeout(r, 200));
    const after = await snapshot();
    expectNoWrites(
      { ...before, drop_counts: 0 },
      { ...after, drop_counts: 0 },
      'oversized bodies',
    );
  });

  it('refuses JSON nested past its limit with 400 before parsing', async () => {
    const depth = MAX_COLLECT_JSON_DEPTH + 1;
    const answer = await send('POST', '/v1/collect', {
      text: `${'['.repeat(depth)}${']'.repeat(depth)}`,
      headers: { 'user-agent': BROWSER_UA },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'too_deep' } });
    const brackets = JSON.stringify({
      v: 1,
      p: PORTAL,
      e: [
        {
          i: crypto.randomUUID(),
          t: 'pv',
          ts: Date.now(),
          u: 'https://shop.example/',
          ti: `${'[{'.repeat(100)} "quoted \\" [[`,
        },
      ],
    });
    const fine = await send('POST', '/v1/collect', {
      text: brackets,
      headers: { 'user-agent': BROWSER_UA },
    });
    expect(fine.status).toBe(202);
  });
});
