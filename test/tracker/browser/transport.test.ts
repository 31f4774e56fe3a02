import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useHarness } from './harness';
import { html } from './pages';

const h = useHarness(9102, { bfcache: true });

describe('tracker transport', () => {
  it('reads portal and endpoint from its tag when the full script is served unreplaced', async () => {
    const { server, page } = h;
    server.page(
      '/raw',
      html(
        '',
        `<script async src="/snippet.js?features=self-hosted"
          data-portal="portal-raw"
          data-endpoint="${server.origin}/collect"></script>`,
      ),
    );
    await page.goto(`${server.origin}/raw`);
    await h.events(1);
    expect(server.posts[0].batch.p).toBe('portal-raw');
  });

  it('does nothing when the default script is served with its placeholders unfilled', async () => {
    const { server, page } = h;
    server.page(
      '/raw-default',
      html(
        '',
        `<script src="/snippet.js" data-portal="portal-raw"
          data-endpoint="${server.origin}/collect"></script>`,
      ),
    );
    // a blocking script: it has run once the page has loaded
    await page.goto(`${server.origin}/raw-default`);
    const started = await page.evaluate(
      () => (window as unknown as { hsqStarted?: number }).hsqStarted,
    );
    expect(started).toBeUndefined();
    expect(h.issued).toEqual([]);
  });

  it('keeps events the endpoint refused with 503 and sends them on the next page', async () => {
    const { server, page } = h;
    server.page('/one', html(''));
    server.page('/two', html(''));
    server.status = 503;
    await page.goto(`${server.origin}/one`);
    const [lost] = await h.events(1);
    await page.waitForFunction(() => localStorage.getItem('hsq_unsent'));

    server.status = 202;
    await page.goto(`${server.origin}/two`);
    await h.events(3);
    const retried = server.posts[1].batch.e;
    expect(retried.map((e) => [e.i, e.u])).toEqual([
      [lost.i, `${server.origin}/one`],
      [retried[1].i, `${server.origin}/two`],
    ]);
    expect(await page.evaluate(() => localStorage.getItem('hsq_unsent'))).toBe(
      null,
    );
  });

  it('drops a batch the endpoint rejects with 400 for good', async () => {
    const { server, page } = h;
    server.page('/bad', html(''));
    server.status = 400;
    await page.goto(`${server.origin}/bad`);
    await h.events(1);
    // the response has been handled once the next push is answered
    server.status = 202;
    await page.evaluate(() => {
      const w = window as unknown as { _hsq: unknown[][] };
      w._hsq.push(['trackCustomBehavioralEvent', { name: 'after' }]);
    });
    await h.events(2);
    expect(await page.evaluate(() => localStorage.getItem('hsq_unsent'))).toBe(
      null,
    );
  });

  it('sends a page view when the page comes back from the bfcache', async () => {
    const { server, page } = h;
    server.page('/cached', html('<p>cached</p>'));
    server.page('/elsewhere', html('<p>elsewhere</p>', ''));
    await page.goto(`${server.origin}/cached`);
    await h.events(1);
    await page.evaluate(() => {
      (window as unknown as { kept: number }).kept = 1;
    });
    await page.goto(`${server.origin}/elsewhere`);
    // a restore fires no load event: wait for the commit only
    await page.goBack({ waitUntil: 'commit' });
    // a page restored from the bfcache keeps its window state
    const restored = await page.evaluate(
      () => (window as unknown as { kept?: number }).kept === 1,
    );
    expect(restored).toBe(true);
    const sent = await h.events(2);
    expect(sent.map((e) => [e.t, e.u])).toEqual([
      ['pv', `${server.origin}/cached`],
      ['pv', `${server.origin}/cached`],
    ]);
  });

  it('survives random values pushed into _hsq and _hsp', async () => {
    const { server, page } = h;
    const errors: Error[] = [];
    const logged: string[] = [];
    page.on('pageerror', (error) => errors.push(error));
    page.on('console', (message) => logged.push(message.text()));
    server.page(
      '/fuzz',
      html(
        `<button id="own" onclick="window.ownClicks = (window.ownClicks || 0) + 1">own</button>
        <script>
          // functions, throwing functions and odd objects cannot cross
          // into the page as JSON: markers stand for them
          window.revive = function (value) {
            if (value === '$fn') return function () { return 1; };
            if (value === '$throw') return function () { throw new Error('host'); };
            if (value === '$bigint') return 10n;
            if (value === '$symbol') return Symbol('s');
            if (value === '$bare') return Object.create(null);
            if (value === '$proxy') return new Proxy({}, { get: function () { throw new Error('trap'); } });
            if (Array.isArray(value)) return value.map(window.revive);
            return value;
          };
        </script>`,
      ),
    );
    await page.goto(`${server.origin}/fuzz`);
    await h.events(1);

    const commands = [
      'setPath',
      'trackPageView',
      'identify',
      'trackCustomBehavioralEvent',
      'trackEvent',
      'setContentType',
      'revokeCookieConsent',
      'addPrivacyConsentListener',
      'addIdentityListener',
      'refreshPageHandlers',
      'showBanner',
      'setHubSpotConsent',
      'constructor',
      '__proto__',
      'hasOwnProperty',
      'toString',
    ];
    const odd = fc.constantFrom(
      '$fn',
      '$throw',
      '$bigint',
      '$symbol',
      '$bare',
      '$proxy',
    );
    const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), odd);
    const item = fc.oneof(
      fc.tuple(fc.constantFrom(...commands), value, value),
      fc.tuple(fc.string(), value),
      value,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('_hsq', '_hsp'),
        fc.array(item, { maxLength: 4 }),
        async (queue, items) => {
          // JSON text: the values' deep type is no use to evaluate's typing
          const payload = JSON.stringify({ queue, items });
          await page.evaluate((json) => {
            const { queue: name, items: pushed } = JSON.parse(json);
            const w = window as unknown as Record<string, unknown>;
            const revive = w.revive as (v: unknown) => unknown;
            const target = w[name] as unknown[];
            for (const entry of pushed) target.push(revive(entry));
          }, payload);
        },
      ),
      { numRuns: 300, seed: 20261203 },
    );

    await page.click('#own');
    expect(
      await page.evaluate(
        () => (window as unknown as { ownClicks: number }).ownClicks,
      ),
    ).toBe(1);
    expect(errors).toEqual([]);
    // silent without data-debug
    expect(logged).toEqual([]);
  });

  it('warns on the console with data-debug, an unknown content type once', async () => {
    const { server, page } = h;
    const logged: string[] = [];
    page.on('console', (message) => logged.push(message.text()));
    server.page(
      '/debug',
      html(
        '',
        '<script src="/js/portal-1.js?features=debug" data-debug></script>',
      ),
    );
    await page.goto(`${server.origin}/debug`);
    await h.events(1);
    await page.evaluate(() => {
      const w = window as unknown as { _hsq: unknown[][] };
      w._hsq.push(['setContentType', 'brochure']);
      w._hsq.push(['setContentType', 'flyer']);
      w._hsq.push(['noSuchCommand']);
    });
    expect(logged).toEqual(['[hsq] brochure', '[hsq] noSuchCommand']);
  });
});
