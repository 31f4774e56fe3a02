/**
 * End to end: a real page in Chromium, the served tracker, a real
 * `wrangler dev` collector with local D1, Queue and Durable Objects, and
 * the answers of the API.
 */
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeChromium,
  launchChromium,
  newDesktopContext,
} from '../support/chromium';
import { type RunningCollector, startCollector } from '../support/collector';

const COLLECTOR_PORT = 9201;
const SITE_PORT = 9202;
const SITE = `http://127.0.0.1:${SITE_PORT}`;
const PORTAL = 'e2e-shop';
const EMAIL = 'grace@example.com';
const LANDING = `${SITE}/?utm_source=news&utm_medium=email&utm_campaign=launch`;
const POLL_ATTEMPTS = 120;
const POLL_INTERVAL_MS = 250;

function sitePage(collectorUrl: string): string {
  return `<!doctype html><html><head><title>Launch</title>
<script>
  var _hsq = (window._hsq = window._hsq || []);
  _hsq.push(['setContentType', 'blog-post']);
</script>
<script async defer src="${collectorUrl}/js/${PORTAL}.js"></script>
</head><body>
<a id="cta" data-cta="launch-cta" href="#offer">Get the offer</a>
<form id="signup" name="signup"
  onsubmit="event.preventDefault(); this.hidden = true;">
  <input type="email" name="email"><button type="submit">Go</button>
</form>
<button id="spa" type="button">FAQ</button>
<script>
  document.getElementById('spa').onclick = function () {
    history.pushState({}, '', '/faq');
    document.title = 'FAQ';
    _hsq.push(['setPath', '/faq']);
    _hsq.push(['trackPageView']);
  };
</script>
</body></html>`;
}

interface Session {
  id: string;
  visitorId: string;
  contactId: string | null;
  startedAt: string;
  endedAt: string;
  source: string;
  landingUrl: string;
  referrer: string | null;
  utm: Record<string, string | null>;
  events: number;
}

async function poll<T>(read: () => Promise<T>, done: (v: T) => boolean) {
  let value = await read();
  for (let i = 0; i < POLL_ATTEMPTS && !done(value); i += 1) {
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
    value = await read();
  }
  return value;
}

describe('collect end to end', () => {
  let collector: RunningCollector;
  let site: Server;
  let browser: Browser;
  let apiKey = '';

  const api = async (path: string) => {
    const res = await fetch(`${collector.url}${path}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(res.status).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    collector = await startCollector({ port: COLLECTOR_PORT });
    ({ apiKey } = await collector.createPortal({
      id: PORTAL,
      domains: ['127.0.0.1'],
    }));
    const html = sitePage(collector.url);
    site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    await new Promise<void>((r) => site.listen(SITE_PORT, '127.0.0.1', r));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await closeChromium(browser);
    await new Promise((r) => site?.close(r));
    await collector?.stop();
  });

  it('records page views, a CTA, a form and a single-page view as one session', async () => {
    const context = await newDesktopContext(browser);
    const page = await context.newPage();
    const started = Date.now();
    const sent = page.waitForResponse((r) => r.url().endsWith('/v1/e'));
    await page.goto(LANDING);
    expect((await sent).status()).toBe(202);

    await page.click('#cta');
    await page.fill('input[name=email]', EMAIL);
    await page.click('#signup button');
    await page.click('#spa');
    await page.waitForTimeout(300);
    await page.close({ runBeforeUnload: true });
    await context.close();
    const finished = Date.now();

    const { sessions } = (await poll(
      () => api('/v1/sessions') as Promise<{ sessions: Session[] }>,
      (v) => v.sessions[0]?.events === 4 && v.sessions[0]?.contactId !== null,
    )) as { sessions: Session[] };
    expect(sessions).toHaveLength(1);
    const session = sessions[0] as Session;
    expect(session).toMatchObject({
      source: 'email_marketing',
      landingUrl: LANDING,
      referrer: null,
      utm: {
        campaign: 'launch',
        source: 'news',
        medium: 'email',
        content: null,
        term: null,
      },
      events: 4,
    });
    expect(session.visitorId).toMatch(/^[0-9a-f]{32}$/);
    expect(Date.parse(session.startedAt)).toBeGreaterThanOrEqual(
      started - 1000,
    );
    expect(Date.parse(session.endedAt)).toBeLessThanOrEqual(finished + 1000);

    const { contacts } = (await api(
      `/v1/contacts?email=${encodeURIComponent(EMAIL)}`,
    )) as { contacts: Record<string, string>[] };
    expect(contacts).toHaveLength(1);
    const contact = contacts[0] as Record<string, string>;
    expect(contact).toMatchObject({ email: EMAIL, method: 'form' });
    expect(session.contactId).toBe(contact.id);
    const createdAt = Date.parse(contact.createdAt as string);
    expect(createdAt).toBeGreaterThanOrEqual(Date.parse(session.startedAt));
    expect(createdAt).toBeLessThanOrEqual(Date.parse(session.endedAt));

    // The contact's journey through the report API: the anonymous page view
    // and CTA click join it through the visitor's link.
    const journey = (await api(
      `/v1/contacts/${contact.id}/journey?report=contact-create`,
    )) as {
      interactions: {
        type: string;
        url: string;
        sessionId: string;
        source: string;
        assetType: string;
        contentType: string | null;
        at: string;
      }[];
    };
    const touches = journey.interactions;
    expect(touches.map((t) => t.type)).toEqual([
      'page_view',
      'cta_click',
      'form_submission',
    ]);
    for (const touch of touches) {
      expect(touch.sessionId).toBe(session.id);
      expect(touch.source).toBe('email_marketing');
      expect(touch.contentType).toBe('blog-post');
    }
    expect(touches.map((t) => t.assetType)).toEqual([
      'blog_post',
      'cta',
      'form',
    ]);
    expect(touches[0]?.url).toBe(LANDING);
    expect(touches[2]?.at).toBe(contact.createdAt);
  });
});
