import { describe, expect, it } from 'vitest';
import { useHarness } from './harness';
import { EMBED, html, preload } from './pages';

const h = useHarness(9101);

const TRACKING_COOKIES = ['__hssc', '__hssrc', '__hstc', 'hubspotutk'];

const cookieNames = async () =>
  (await h.context.cookies()).map((cookie) => cookie.name).sort();

const push = (queue: '_hsq' | '_hsp', ...item: unknown[]) =>
  h.page.evaluate(
    ([name, args]) => {
      const w = window as unknown as Record<string, unknown[]>;
      w[name as string].push(args);
    },
    [queue, item] as const,
  );

describe('tracker privacy', () => {
  it('sends nothing at all after doNotTrack, on this page and the next, until track: true', async () => {
    const { server, page } = h;
    server.page(
      '/dnt',
      html('', preload("_hsq.push(['doNotTrack']);") + EMBED),
    );
    server.page('/after', html('<a data-cta="x" href="#">x</a>'));
    await page.goto(`${server.origin}/dnt`);
    await push('_hsq', 'trackCustomBehavioralEvent', { name: 'nope' });
    await page.goto(`${server.origin}/after`);
    await page.click('a');
    expect(h.issued).toEqual([]);
    expect(await cookieNames()).toEqual(['__hs_do_not_track']);

    await push('_hsq', 'doNotTrack', { track: true });
    await push('_hsq', 'trackPageView');
    const sent = await h.events(1);
    expect(sent.map((e) => e.t)).toEqual(['pv']);
    expect(await cookieNames()).not.toContain('__hs_do_not_track');
  });

  it('honours Global Privacy Control by default: nothing is sent', async () => {
    const { server, page } = h;
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'globalPrivacyControl', {
        get: () => true,
      });
    });
    server.page('/gpc', html('<a data-cta="x" href="#">x</a>'));
    await page.goto(`${server.origin}/gpc`);
    await page.click('a');
    await push('_hsq', 'trackPageView');
    expect(h.issued).toEqual([]);
    expect(await cookieNames()).toEqual([]);
  });

  it('honours Do-Not-Track only with data-respect-dnt', async () => {
    const { server, page } = h;
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'doNotTrack', { get: () => '1' });
    });
    server.page(
      '/dnt-opt',
      html(
        '',
        '<script src="/js/portal-1.js?features=dnt" data-respect-dnt></script>',
      ),
    );
    server.page('/dnt-default', html(''));
    await page.goto(`${server.origin}/dnt-opt`);
    expect(h.issued).toEqual([]);
    await page.goto(`${server.origin}/dnt-default`);
    expect((await h.events(1)).map((e) => e.u)).toEqual([
      `${server.origin}/dnt-default`,
    ]);
  });

  it('sends only anonymous page views and sets no cookie until consent', async () => {
    const { server, page } = h;
    const embed =
      '<script async src="/js/portal-1.js?features=consent" data-consent="required"></script>';
    server.page(
      '/consent',
      html(
        '<button data-cta="x">x</button>',
        preload(
          'window.consents = [];',
          "_hsp.push(['addPrivacyConsentListener', function (c) { consents.push(c); }]);",
          "_hsq.push(['identify', { email: 'lin@example.com' }]);",
        ) + embed,
      ),
    );
    await page.goto(`${server.origin}/consent?utm_source=ads`, {
      referer: 'https://search.example/',
    });
    const [anonymous] = await h.events(1);
    expect(Object.keys(anonymous).sort()).toEqual(
      ['an', 'i', 'r', 't', 'ti', 'ts', 'u'].sort(),
    );
    expect(anonymous).toMatchObject({ an: 1, t: 'pv' });
    await page.click('button');
    await push('_hsq', 'trackCustomBehavioralEvent', { name: 'before' });
    expect(h.issued).toHaveLength(1);
    expect(await cookieNames()).toEqual([]);

    await push('_hsp', 'setHubSpotConsent', {
      analytics: true,
      advertisement: true,
      functionality: true,
    });
    const [, view] = await h.events(2);
    expect(view).toMatchObject({
      t: 'pv',
      u: `${server.origin}/consent?utm_source=ads`,
      r: 'https://search.example/',
      em: 'lin@example.com',
      sc: 1,
    });
    expect(view).not.toHaveProperty('an');
    expect(view.vi).toMatch(/^[0-9a-f]{32}$/);
    expect(await cookieNames()).toEqual(
      ['__hs_opt_out', ...TRACKING_COOKIES].sort(),
    );
    const consents = await page.evaluate(
      () => (window as unknown as { consents: unknown[] }).consents,
    );
    expect(consents).toEqual([
      {
        allowed: false,
        categories: {
          necessary: true,
          analytics: false,
          advertisement: false,
          functionality: false,
        },
      },
      {
        allowed: true,
        categories: {
          necessary: true,
          analytics: true,
          advertisement: true,
          functionality: true,
        },
      },
    ]);

    // the choice is remembered on the next page
    await page.reload();
    const [, , next] = await h.events(3);
    expect(next.vi).toBe(view.vi);
  });

  it('removes the cookies and goes anonymous on revokeCookieConsent', async () => {
    const { server, page } = h;
    server.page('/revoke', html(''));
    await page.goto(`${server.origin}/revoke`);
    await h.events(1);
    expect(await cookieNames()).toEqual(TRACKING_COOKIES);

    await push('_hsp', 'revokeCookieConsent');
    expect(await cookieNames()).toEqual(['__hs_opt_out']);
    await push('_hsq', 'trackPageView');
    const [, view] = await h.events(2);
    expect(view).toMatchObject({ an: 1 });
    expect(view).not.toHaveProperty('vi');
  });

  it('calls identity listeners with the tracking cookies', async () => {
    const { server, page } = h;
    server.page(
      '/identity',
      html(
        '',
        preload(
          "_hsq.push(['addIdentityListener', function (hstc, hssc, hsfp) { window.ids = [hstc, hssc, hsfp]; }]);",
        ) + EMBED,
      ),
    );
    await page.goto(`${server.origin}/identity?__hsfp=42`);
    await h.events(1);
    const cookies = Object.fromEntries(
      (await h.context.cookies()).map((c) => [c.name, c.value]),
    );
    const ids = await page.evaluate(
      () => (window as unknown as { ids: string[] }).ids,
    );
    expect(ids).toEqual([cookies.__hstc, cookies.__hssc, '42']);
  });

  it('adopts __hstc and __hssc from a cross-domain link', async () => {
    const { server, page } = h;
    const utk = 'abcdefabcdefabcdefabcdefabcdef12';
    const hstc = `1234.${utk}.1600000000000.1600000000000.1700000000000.7`;
    server.page('/cross', html(''));
    await page.goto(
      `${server.origin}/cross?__hstc=${hstc}&__hssc=1234.3.1700000000000`,
    );
    const [view] = await h.events(1);
    expect(view).toMatchObject({
      vi: utk,
      fv: 1600000000000,
      ss: 1700000000000,
      sc: 7,
    });
    const hssc = (await h.context.cookies()).find((c) => c.name === '__hssc');
    expect(hssc?.value).toBe('96992031.4.1700000000000');
  });
  it('skips automated and headless browsers entirely', async () => {
    const { server, page } = h;
    server.page('/bot', html('<button data-cta="x">x</button>'));
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'webdriver', { get: () => true });
    });
    await page.goto(`${server.origin}/bot`);
    await page.click('button');

    const headless = await h.context.browser()?.newContext({
      userAgent:
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 ' +
        '(KHTML, like Gecko) HeadlessChrome/130.0.0.0 Safari/537.36',
    });
    const other = await headless?.newPage();
    other?.on('request', (request) => {
      if (request.url().endsWith('/collect')) h.issued.push(request.url());
    });
    await other?.goto(`${server.origin}/bot`);
    await other?.click('button');
    await headless?.close();
    expect(h.issued).toEqual([]);
  });
});
