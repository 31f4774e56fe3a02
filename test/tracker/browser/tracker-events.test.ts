import { describe, expect, it } from 'vitest';
import { wireBatchSchema } from '../../../packages/collector/src/schemas/wire';
import type { WireEvent } from '../../../packages/tracker/src/index';
import { useHarness } from './harness';
import { EMBED, html, preload } from './pages';

const PORT = 9100;
const HEX32 = /^[0-9a-f]{32}$/;
const VISIT_KEYS = ['fv', 'i', 'sc', 'ss', 'ts', 'vi'];

const h = useHarness(PORT);

const keysOf = (event: WireEvent) => Object.keys(event).sort();

describe('tracker events', () => {
  it('sends one page view on load as text/plain with the visitor cookies', async () => {
    const { server, page, context } = h;
    server.page('/landing', html('<p>hello</p>'));
    await page.goto(
      `${server.origin}/landing?utm_source=news&utm_medium=email&gclid=abc`,
      { referer: 'https://www.google.com/' },
    );
    const [view] = await h.events(1);

    const post = server.posts[0];
    expect(post.contentType).toMatch(/^text\/plain/);
    expect(post.batch.v).toBe(1);
    expect(post.batch.p).toBe('portal-1');
    expect(post.batch.e).toHaveLength(1);
    expect(keysOf(view)).toEqual([...VISIT_KEYS, 'r', 't', 'ti', 'u'].sort());
    expect(view).toMatchObject({
      t: 'pv',
      u: `${server.origin}/landing?utm_source=news&utm_medium=email&gclid=abc`,
      r: 'https://www.google.com/',
      ti: 'Test page',
      sc: 1,
    });
    expect(view.vi).toMatch(HEX32);
    expect(view.ss).toBe(view.fv);

    const cookies = Object.fromEntries(
      (await context.cookies()).map((c) => [c.name, c]),
    );
    const hash = 96992031; // urchin hash of '127.0.0.1'
    expect(cookies.hubspotutk.value).toBe(view.vi);
    expect(cookies.__hstc.value).toBe(
      `${hash}.${view.vi}.${view.fv}.${view.fv}.${view.ss}.1`,
    );
    expect(cookies.__hssc.value).toBe(`${hash}.1.${view.ss}`);
    expect(cookies.__hssrc.value).toBe('1');
    expect(cookies.__hssrc.expires).toBe(-1);
    const sessionLeft = cookies.__hssc.expires * 1000 - Date.now();
    expect(sessionLeft).toBeGreaterThan(25 * 60_000);
    expect(sessionLeft).toBeLessThanOrEqual(30 * 60_000);
  });

  it('replays the queue in order and shapes the first page view with setPath, setContentType and identify', async () => {
    const { server, page } = h;
    server.page(
      '/queue',
      html(
        '',
        preload(
          "_hsq.push(['setPath', '/virtual/start?utm_campaign=spring']);",
          "_hsq.push(['setContentType', 'landing-page']);",
          "_hsq.push(['identify', { email: 'ada@example.com', id: 'u-1' }]);",
          "_hsq.push(['trackCustomBehavioralEvent', { name: 'first', properties: { n: 1 } }]);",
          '_hsq.push(function () { window.ranFunction = true; });',
          "_hsq.push(['noSuchCommand', 1, 2]);",
          "_hsq.push(['trackEvent', { id: '000000001625', value: 20.5 }]);",
        ) + EMBED,
      ),
    );
    await page.goto(`${server.origin}/queue`);
    const sent = await h.events(3);

    expect(server.posts).toHaveLength(1);
    expect(sent.map((e) => e.t)).toEqual(['ce', 'ce', 'pv']);
    expect(sent[0]).toMatchObject({ n: 'first', pr: { n: 1 } });
    expect(sent[0]).not.toHaveProperty('em');
    expect(sent[1]).toMatchObject({ n: '000000001625', pr: { value: 20.5 } });
    expect(sent[2]).toMatchObject({
      u: `${server.origin}/virtual/start?utm_campaign=spring`,
      ct: 'landing-page',
      em: 'ada@example.com',
      ii: 'u-1',
    });
    expect(
      await page.evaluate(
        () => (window as unknown as { ranFunction: boolean }).ranFunction,
      ),
    ).toBe(true);
    expect(new Set(sent.map((e) => e.i)).size).toBe(3);
  });

  it('runs a push after load at once: setPath then trackPageView', async () => {
    const { server, page } = h;
    server.page('/app', html(''));
    await page.goto(`${server.origin}/app`);
    await h.events(1);
    await page.evaluate(() => {
      const w = window as unknown as { _hsq: unknown[][] };
      w._hsq.push(['setPath', '/app/settings']);
      w._hsq.push(['trackPageView']);
    });
    const [, view] = await h.events(2);
    expect(view).toMatchObject({
      t: 'pv',
      u: `${server.origin}/app/settings`,
      r: `${server.origin}/app`,
    });
    expect(view.sc).toBe(1);
  });

  it('tracks history changes with data-spa only when the full URL changes', async () => {
    const { server, page } = h;
    server.page(
      '/spa',
      html(
        '',
        '<script async src="/js/portal-1.js?features=spa" data-spa></script>',
      ),
    );
    await page.goto(`${server.origin}/spa`);
    await h.events(1);
    await page.evaluate(() => {
      history.pushState({}, '', '/spa/a?x=1');
      history.replaceState({}, '', '/spa/a?x=1');
      history.replaceState({}, '', '/spa/b');
      location.hash = 'section';
    });
    await h.events(4);
    await page.goBack();
    const sent = await h.events(5);
    expect(sent.map((e) => e.u.replace(server.origin, ''))).toEqual([
      '/spa',
      '/spa/a?x=1',
      '/spa/b',
      '/spa/b#section',
      '/spa/b',
    ]);
    expect(sent.every((e) => e.t === 'pv')).toBe(true);
    expect(sent[2].r).toBe(`${server.origin}/spa/a?x=1`);
  });

  it('delivers a CTA click that navigates away at once', async () => {
    const { server, page } = h;
    server.page('/next', html('<p>next</p>', ''));
    server.page(
      '/cta',
      html('<a data-cta="spring-offer" href="/next">Get <b>the</b> offer</a>'),
    );
    await page.goto(`${server.origin}/cta`);
    await h.events(1);
    await page.click('a');
    await page.waitForURL('**/next');
    const [, click] = await h.events(2);
    expect(click).toMatchObject({
      t: 'cta',
      ci: 'spring-offer',
      cx: 'Get the offer',
      u: `${server.origin}/cta`,
    });
  });

  it('reads the CTA id from the original CTA markup', async () => {
    const { server, page } = h;
    const guid = '1a2b3c4d-0000-4000-8000-123456789abc';
    server.page(
      '/hs-cta',
      html(
        `<span class="hs-cta-wrapper" id="hs-cta-wrapper-${guid}">
        <a id="cta_button_123_${guid}" class="cta_button" href="#">Demo</a>
        </span><span id="hs-cta-${guid}">New</span>`,
      ),
    );
    await page.goto(`${server.origin}/hs-cta`);
    await h.events(1);
    await page.click('a.cta_button');
    await page.click(`#hs-cta-${guid}`);
    const sent = await h.events(3);
    expect(sent.slice(1).map((e) => [e.t, e.ci, e.cx])).toEqual([
      ['cta', guid, 'Demo'],
      ['cta', guid, 'New'],
    ]);
  });

  it('records outbound and download links but not internal ones', async () => {
    const { server, page } = h;
    server.page(
      '/links',
      html(`<a id="in" href="/links#x">in</a>
        <a id="dl" href="/files/guide.pdf">Guide</a>
        <a id="out" href="http://localhost:${PORT}/links">Partner</a>`),
    );
    await page.goto(`${server.origin}/links`);
    await h.events(1);
    // keep the page: the links would navigate away
    await page.evaluate(() =>
      document.addEventListener('click', (e) => e.preventDefault()),
    );
    await page.click('#in');
    await page.click('#dl');
    await page.click('#out');
    const sent = await h.events(3);
    expect(sent.slice(1).map((e) => [e.t, e.h, e.cx])).toEqual([
      ['dl', `${server.origin}/files/guide.pdf`, 'Guide'],
      ['out', `http://localhost:${PORT}/links`, 'Partner'],
    ]);
  });

  it('sends a form submission with its email and never a password', async () => {
    const { server, page } = h;
    server.page('/thanks', html('<p>thanks</p>', ''));
    server.page(
      '/form',
      html(`<form id="signup" action="/thanks">
        <input name="firstname" value="Ada">
        <input name="work_email" value=" ada@example.com ">
        <input type="password" name="email_password" value="hunter22">
        <button>Send</button></form>`),
    );
    await page.goto(`${server.origin}/form`);
    await h.events(1);
    await page.click('button');
    await page.waitForURL('**/thanks**');
    const [, form] = await h.events(2);
    expect(form).toMatchObject({
      t: 'form',
      fi: 'signup',
      em: 'ada@example.com',
    });
    const body = server.posts.map((p) => p.body).join('\n');
    expect(body).not.toContain('hunter22');
    expect(body).not.toContain('Ada"');
  });

  it('sends identify on its own when the page is left with nothing else', async () => {
    const { server, page } = h;
    server.page('/who', html(''));
    server.page('/bye', html('', ''));
    await page.goto(`${server.origin}/who`);
    await h.events(1);
    await page.evaluate(() => {
      const w = window as unknown as { _hsq: unknown[][] };
      w._hsq.push(['identify', { email: 'grace@example.com' }]);
    });
    await page.goto(`${server.origin}/bye`);
    const [, identify] = await h.events(2);
    expect(identify).toMatchObject({ t: 'id', em: 'grace@example.com' });
  });

  it('counts once when the script is included twice', async () => {
    const { server, page } = h;
    server.page('/twice', html('', EMBED + EMBED));
    // goto resolves after load: both copies have run, and each would have
    // issued its page view synchronously
    await page.goto(`${server.origin}/twice`);
    await h.events(1);
    expect(h.issued).toHaveLength(1);
    expect(h.received().map((e) => e.t)).toEqual(['pv']);
  });
  it('sends overlong values whole, and the collector cuts them instead of refusing the batch', async () => {
    const { server, page } = h;
    server.page('/long', html(''));
    await page.goto(`${server.origin}/long`);
    await h.events(1);
    await page.evaluate(() => {
      const w = window as unknown as { _hsq: unknown[][] };
      const properties: Record<string, unknown> = {
        nested: { a: 1 },
        list: [1, 2],
        long: 'x'.repeat(600),
        ['k'.repeat(65)]: 1,
      };
      for (let n = 0; n < 60; n++) properties[`p${n}`] = n;
      w._hsq.push(['setPath', `/${'a'.repeat(3000)}`]);
      w._hsq.push([
        'trackCustomBehavioralEvent',
        { name: 'n'.repeat(300), properties },
      ]);
      // a BigInt is no JSON, 20,000 characters would not fit a batch:
      // those events are not sent, and nothing breaks
      w._hsq.push([
        'trackCustomBehavioralEvent',
        { name: 'big', properties: { big: BigInt(1) } },
      ]);
      w._hsq.push([
        'trackCustomBehavioralEvent',
        { name: 'huge', properties: { text: 'x'.repeat(20_000) } },
      ]);
      w._hsq.push(['trackCustomBehavioralEvent', { name: 'after' }]);
    });
    const sent = await h.events(3);
    expect(sent.map((e) => e.n)).toEqual([undefined, 'n'.repeat(300), 'after']);
    expect(sent[1].u.length).toBeGreaterThan(3000);
    expect(server.posts[1].status).toBe(202);
    const [custom] = wireBatchSchema.parse(server.posts[1].batch).e;
    expect(custom.n).toBe('n'.repeat(128));
    expect(custom.u).toHaveLength(2048);
    expect(Object.keys(custom.pr ?? {})).toEqual([
      'long',
      ...Array.from({ length: 49 }, (_, n) => `p${n}`),
    ]);
  });
});
