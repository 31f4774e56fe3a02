/**
 * The dashboard in a real Chromium against a real local collector, with
 * data written through the public API. Every number on screen is checked
 * against the same request made directly to the API.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeChromium,
  launchChromium,
  newDesktopContext,
} from '../support/chromium';
import {
  ROOT_DIR,
  type RunningCollector,
  startCollector,
} from '../support/collector';
import {
  ALICE_EMAIL,
  DORA_EMAIL,
  seedPortal,
  seedSessions,
  XSS_TITLE,
} from './dashboard-seed';
import { LOAD_USER_AGENT } from './load-support';

const PORT = 9401;
const BUNDLE = join(
  ROOT_DIR,
  'packages/dashboard/public/dashboard/dashboard.js',
);
const SHOTS_DIR = join(ROOT_DIR, 'test/e2e/screenshots');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

interface ApiRow {
  key: string;
  key2?: string;
  credit: number | Record<string, number>;
  interactions: number;
  conversions: number;
}
interface ApiReport {
  rows: ApiRow[];
  conversions: number;
  excluded: Record<string, number>;
}
interface ApiJourney {
  excluded: Record<string, string>;
  deals?: { id: string }[];
  interactions: {
    id: string;
    title: string | null;
    positions: string[];
    credit: Record<string, number>;
  }[];
}
interface ApiSessions {
  sessions: {
    id: string;
    startedAt: string;
    source: string;
    landingUrl: string;
    utm: { campaign: string | null };
    country: string | null;
    events: number;
  }[];
}
interface ShownRow {
  key: string;
  cells: string[];
}

let collector: RunningCollector | undefined;
let browser: Browser | undefined;
let page: Page;
let apiKey = '';
const dialogs: string[] = [];
/** Console errors and uncaught exceptions: CSP refusals land here too. */
const pageErrors: string[] = [];

async function apiGet<T>(url: string): Promise<T> {
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

function reportResponse(params: Record<string, string>): Promise<Response> {
  return page.waitForResponse((res) => {
    const url = new URL(res.url());
    if (url.pathname !== '/v1/reports/attribution') return false;
    return Object.entries(params).every(
      ([name, value]) => url.searchParams.get(name) === value,
    );
  });
}

async function settled(resultsId: string): Promise<void> {
  await page.waitForFunction(
    (id) => !document.getElementById(id)?.hasAttribute('aria-busy'),
    resultsId,
  );
}

function shownRows(hostId: string, attr = 'key'): Promise<ShownRow[]> {
  return page.$$eval(
    `#${hostId} tbody tr`,
    (trs, name) =>
      trs.map((tr) => ({
        key: tr.getAttribute(`data-${name}`) ?? '',
        cells: [...tr.querySelectorAll('td')].map((td) => td.textContent),
      })),
    attr,
  );
}

function headers(hostId: string): Promise<string[]> {
  return page.$$eval(`#${hostId} thead th`, (ths) =>
    ths.map((th) => th.textContent ?? ''),
  );
}

/** "12,000.00" → 12000: the number a user reads in a cell. */
function numberIn(text: string | undefined): number {
  return Number((text ?? '').replace(/[^0-9.-]/g, ''));
}

async function pick(
  report: string,
  model: string,
  dimension: string,
): Promise<ApiReport> {
  const response = reportResponse({ report, model, dimension });
  if ((await page.inputValue('#report')) !== report) {
    await page.selectOption('#report', report);
  }
  await page.selectOption('#model', model);
  await page.selectOption('#dimension', dimension);
  const answer = await apiGet<ApiReport>((await response).url());
  await settled('report-results');
  return answer;
}

async function shoot(name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`), fullPage });
}

describe('dashboard', () => {
  beforeAll(async () => {
    if (!existsSync(BUNDLE)) {
      throw new Error('the dashboard bundle is missing: run npm run build');
    }
    [collector, browser] = await Promise.all([
      startCollector({ port: PORT }),
      launchChromium(),
    ]);
    const portal = await collector.createPortal({
      id: 'dash',
      name: 'Acme Shop',
      domains: ['shop.test'],
    });
    apiKey = portal.apiKey;
    await seedPortal({ url: collector.url, apiKey });
    await seedSessions({ url: collector.url, apiKey }, portal.id);

    const context = await newDesktopContext(browser, {
      viewport: DESKTOP,
      locale: 'en-US',
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (message) => {
      // The wrong key's 401 is expected; anything else is a fault.
      const text = message.text();
      if (message.type() === 'error' && !text.includes('401')) {
        pageErrors.push(`${text} ${message.location().url}`);
      }
    });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  afterAll(async () => {
    await closeChromium(browser);
    await collector?.stop();
  });

  it('refuses a wrong key, then signs in keeping the key in sessionStorage only', async () => {
    await page.goto(`${collector?.url}/dashboard`);
    await page.waitForSelector('#api-key');
    await shoot('desktop-sign-in');

    await page.fill('#api-key', 'not-a-key');
    await page.click('#sign-in-button');
    await page.waitForSelector('#sign-in-error:not([hidden])');
    expect(await page.textContent('#sign-in-error')).toContain('not accepted');

    const first = reportResponse({ report: 'contact-create' });
    await page.fill('#api-key', apiKey);
    await page.press('#api-key', 'Enter');
    await first;
    await settled('report-results');

    expect(await page.textContent('#portal-name')).toBe('Acme Shop');
    const storage = await page.evaluate(() => ({
      session: sessionStorage.getItem('attribution.apiKey'),
      local: localStorage.length,
    }));
    expect(storage).toEqual({ session: apiKey, local: 0 });
    expect(await page.context().cookies()).toEqual([]);
  });

  it('offers only the models each report has, plus Compare models', async () => {
    const offered = async (report: string) => {
      await page.selectOption('#report', report);
      return page.$$eval('#model option', (os) =>
        os.map((o) => o.getAttribute('value')),
      );
    };
    const contact = await offered('contact-create');
    expect(contact).not.toContain('w_shaped');
    expect(contact).not.toContain('full_path');
    expect(contact).toContain('compare');
    const deal = await offered('deal-create');
    expect(deal).toContain('w_shaped');
    expect(deal).not.toContain('full_path');
    expect(await offered('revenue')).toHaveLength(10);

    const groups = await page.$$eval('#dimension optgroup', (gs) =>
      gs.map((g) => [g.getAttribute('label'), g.children.length]),
    );
    expect(groups).toEqual([
      ['Asset', 2],
      ['Deal', 6],
      ['Interaction', 6],
      ['UTM', 5],
      ['Other', 7],
    ]);
  });

  it("shows the API's credit for the report, model and dimension picked", async () => {
    const combos: [string, string, string][] = [
      ['contact-create', 'linear', 'interaction_source'],
      ['deal-create', 'w_shaped', 'utm_campaign'],
      ['revenue', 'time_decay', 'asset_title'],
      ['deal-create', 'j_shaped', 'interaction_date'],
    ];
    for (const [report, model, dimension] of combos) {
      const answer = await pick(report, model, dimension);
      expect(answer.rows.length).toBeGreaterThan(0);

      const shown = await shownRows('report-table');
      expect(shown.map((r) => r.key).sort()).toEqual(
        answer.rows.map((r) => r.key).sort(),
      );
      for (const row of answer.rows) {
        const cells = shown.find((s) => s.key === row.key)?.cells ?? [];
        expect(numberIn(cells[1])).toBeCloseTo(Number(row.credit), 2);
        expect(numberIn(cells[3])).toBe(row.interactions);
        expect(numberIn(cells[4])).toBe(row.conversions);
      }
      const conversions = await page.textContent('.tile .tile-value');
      expect(numberIn(conversions ?? '')).toBe(answer.conversions);
      if (dimension === 'asset_title') await shoot('desktop-report');
    }
    await shoot('desktop-report-dates');
  });

  it('says plainly how many deals a revenue report left out and why', async () => {
    const answer = await pick('revenue', 'linear', 'deal_name');
    expect(answer.excluded).toEqual({ missing_amount: 1 });
    expect(await page.textContent('#report-notes')).toContain(
      '1 deal left out: no amount.',
    );
  });

  it('compares models with one column per model the report offers', async () => {
    const answer = await pick('deal-create', 'compare', 'interaction_source');
    const models = [
      ['linear', 'Linear'],
      ['first_interaction', 'First interaction'],
      ['last_interaction', 'Last interaction'],
      ['u_shaped', 'U-shaped'],
      ['w_shaped', 'W-shaped'],
      ['j_shaped', 'J-shaped'],
      ['inverse_j', 'Inverse J'],
      ['time_decay', 'Time decay'],
    ];
    expect(await headers('report-table')).toEqual([
      'Interaction source',
      ...models.map(([, label]) => label),
      'Interactions',
      'Deals created',
    ]);

    const shown = await shownRows('report-table');
    for (const row of answer.rows) {
      const cells = shown.find((s) => s.key === row.key)?.cells ?? [];
      const credit = row.credit as Record<string, number>;
      models.forEach(([model], i) => {
        expect(numberIn(cells[i + 1])).toBeCloseTo(credit[model] ?? 0, 2);
      });
    }
    expect(await page.isVisible('#report-chart')).toBe(true);
    await shoot('desktop-compare');
  });

  it('reopens the same view after a reload, still signed in', async () => {
    const again = reportResponse({
      report: 'deal-create',
      model: 'compare',
      dimension: 'interaction_source',
    });
    await page.reload();
    await again;
    await settled('report-results');
    expect(await page.isHidden('#sign-in')).toBe(true);
    expect(await page.inputValue('#report')).toBe('deal-create');
    expect(await page.inputValue('#model')).toBe('compare');
    expect(await page.inputValue('#dimension')).toBe('interaction_source');
  });

  it('splits each row by a second dimension, never the first one again', async () => {
    await pick('deal-create', 'linear', 'interaction_source');
    const split = reportResponse({ dimension2: 'utm_campaign' });
    await page.selectOption('#dimension2', 'utm_campaign');
    const answer = await apiGet<ApiReport>((await split).url());
    await settled('report-results');

    expect(await headers('report-table')).toEqual([
      'Interaction source',
      'UTM campaign',
      'Credit',
      'Share',
      'Interactions',
      'Deals created',
    ]);
    const shown = await page.$$eval('#report-table tbody tr', (trs) =>
      trs.map((tr) => ({
        keys: `${tr.dataset.key}|${tr.dataset.key2}`,
        cells: [...tr.querySelectorAll('td')].map((td) => td.textContent),
      })),
    );
    const keysOf = (r: ApiRow) => `${r.key}|${r.key2 ?? ''}`;
    expect(shown.map((r) => r.keys).sort()).toEqual(
      answer.rows.map(keysOf).sort(),
    );
    expect(answer.rows.every((r) => r.key2 !== undefined)).toBe(true);
    for (const row of answer.rows) {
      const cells = shown.find((r) => r.keys === keysOf(row))?.cells ?? [];
      expect(numberIn(cells[2])).toBeCloseTo(Number(row.credit), 2);
      expect(numberIn(cells[4])).toBe(row.interactions);
    }
    expect(
      await page.$eval(
        '#dimension2 option[value="interaction_source"]',
        (o) => (o as HTMLOptionElement).disabled,
      ),
    ).toBe(true);
    expect(new URL(page.url()).hash).toContain('dimension2=utm_campaign');
    await shoot('desktop-report-split');

    const whole = page.waitForResponse(
      (res) =>
        res.url().includes('/v1/reports/attribution') &&
        !res.url().includes('dimension2'),
    );
    await page.selectOption('#dimension2', '');
    await whole;
    await settled('report-results');
    expect(await headers('report-table')).toEqual([
      'Interaction source',
      'Credit',
      'Share',
      'Interactions',
      'Deals created',
    ]);
  });
  it('sorts the table from the keyboard', async () => {
    await pick('contact-create', 'linear', 'asset_title');
    const keyHeader = '#report-table thead th:first-child';
    await page.focus(`${keyHeader} button`);
    await page.keyboard.press('Enter');
    expect(await page.getAttribute(keyHeader, 'aria-sort')).toBe('ascending');
    const up = (await shownRows('report-table')).map((r) => r.cells[0] ?? '');
    expect(up).toEqual(
      [...up].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
    );

    await page.keyboard.press('Space');
    expect(await page.getAttribute(keyHeader, 'aria-sort')).toBe('descending');
    const down = (await shownRows('report-table')).map((r) => r.cells[0]);
    expect(down).toEqual([...up].reverse());
  });

  it('renders a page title carrying HTML as text, never as markup', async () => {
    const shown = await shownRows('report-table');
    const xss = shown.find((r) => r.key === XSS_TITLE);
    expect(xss?.cells[0]).toBe(XSS_TITLE);
    expect(await page.$$eval('img', (imgs) => imgs.length)).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('downloads the rows on screen as CSV', async () => {
    const shown = await shownRows('report-table');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#report-csv'),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^attribution_contact-create_linear_asset_title_.*\.csv$/,
    );
    const text = await readFile(await download.path(), 'utf8');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Asset title,Credit,Share,Interactions,Contacts created',
    );
    expect(lines).toHaveLength(shown.length + 1);
    const keys = lines.slice(1).map((line) => line.split(',')[0]);
    expect(keys).toEqual(shown.map((r) => r.key));
    expect(keys).toContain(XSS_TITLE);
  });

  it('shows an empty state for a range without conversions', async () => {
    await page.selectOption('#range-preset', 'custom');
    await page.fill('#range-from', '2020-01-01');
    const empty = reportResponse({ from: new Date(2020, 0, 1).toISOString() });
    await page.fill('#range-to', '2020-01-31');
    await empty;
    await settled('report-results');
    expect(await page.textContent('#report-status')).toContain(
      'No contacts with credit in this date range',
    );
    expect(await page.isDisabled('#report-csv')).toBe(true);

    const back = reportResponse({ report: 'contact-create' });
    await page.selectOption('#range-preset', '30d');
    await back;
    await settled('report-results');
  });

  it("shows a contact's journey in order with positions and each model's credit", async () => {
    await page.click('#tab-journey');
    await page.fill('#journey-email', 'nobody@example.com');
    await page.click('#journey-form button[type=submit]');
    await page.waitForSelector('#journey-status.status-empty');
    expect(await page.textContent('#journey-status')).toBe(
      'No contact has the email nobody@example.com.',
    );

    await page.fill('#journey-email', ALICE_EMAIL);
    await page.selectOption('#journey-report', 'revenue');
    const response = page.waitForResponse((res) =>
      res.url().includes('/journey'),
    );
    await page.click('#journey-form button[type=submit]');
    const journey = await apiGet<ApiJourney>((await response).url());
    await page.waitForSelector('#journey-table tbody tr');

    const shown = await shownRows('journey-table', 'interaction');
    expect(shown.map((r) => r.key)).toEqual(
      journey.interactions.map((i) => i.id),
    );
    const badges = await page.$$eval('#journey-table tbody tr', (trs) =>
      trs.map((tr) =>
        [...tr.querySelectorAll('[data-position]')].map((b) =>
          b.getAttribute('data-position'),
        ),
      ),
    );
    expect(badges).toEqual(journey.interactions.map((i) => i.positions));
    expect(badges.flat()).toContain('closed_won');

    const head = await page.$$eval('#journey-table thead button', (bs) =>
      bs.map((b) => b.getAttribute('aria-label') ?? b.textContent),
    );
    expect(head).toContain('Full path');
    expect(head).toContain('Time decay');
    const fullPath = head.indexOf('Full path');
    journey.interactions.forEach((step, i) => {
      const cell = shown[i]?.cells[fullPath];
      expect(numberIn(cell) / 100).toBeCloseTo(step.credit.full_path ?? 0, 3);
    });

    expect(await page.textContent('#journey-heading')).toContain(
      'Deal: Acme renewal · $12,000.00',
    );
    expect(await page.textContent('#journey-table')).toContain(XSS_TITLE);
    expect(await page.$$eval('img', (imgs) => imgs.length)).toBe(0);
    expect(dialogs).toEqual([]);
    await shoot('desktop-journey');
  });

  it('says which models give a journey no credit, and why', async () => {
    const response = page.waitForResponse((res) =>
      res.url().includes('/journey'),
    );
    await page.fill('#journey-email', 'carol@example.com');
    await page.click('#journey-form button[type=submit]');
    const journey = await apiGet<ApiJourney>((await response).url());
    await page.waitForSelector('#journey-heading li');

    const reasons = new Set(Object.values(journey.excluded));
    expect(reasons.size).toBeGreaterThan(0);
    const notes = await page.$$eval('#journey-heading li', (lis) =>
      lis.map((li) => li.textContent),
    );
    expect(notes).toHaveLength(reasons.size);
    expect(notes.join(' ')).toContain('no amount');
    expect(await page.textContent('#journey-heading')).toContain(
      'Deal: Unpriced deal',
    );
    await shoot('desktop-journey-left-out');
  });

  it('offers the deals of a contact with several, and shows the one picked', async () => {
    const first = page.waitForResponse((res) =>
      res.url().includes('/journey?report=deal-create'),
    );
    await page.selectOption('#journey-report', 'deal-create');
    const answer = await apiGet<ApiJourney>((await first).url());
    await page.waitForSelector('#journey-deal-field:not([hidden])');
    const offered = await page.$$eval('#journey-deal option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    expect(offered).toEqual(['d-unpriced', 'd-carol']);
    expect(answer.deals?.map((d) => d.id)).toEqual(offered);
    expect(await page.inputValue('#journey-deal')).toBe('d-unpriced');

    const picked = page.waitForResponse((res) =>
      res.url().includes('deal=d-carol'),
    );
    await page.selectOption('#journey-deal', 'd-carol');
    const journey = await apiGet<ApiJourney>((await picked).url());
    await page.waitForFunction(() =>
      document
        .getElementById('journey-heading')
        ?.textContent?.includes('Deal: Carol trial'),
    );
    expect(await page.inputValue('#journey-deal')).toBe('d-carol');
    const shown = await shownRows('journey-table', 'interaction');
    expect(shown.map((r) => r.key)).toEqual(
      journey.interactions.map((i) => i.id),
    );
    await shoot('desktop-journey-deal');
  });

  it('lists sessions with source, landing page, page views and duration', async () => {
    const response = page.waitForResponse((res) =>
      res.url().includes('/v1/sessions'),
    );
    await page.click('#tab-sessions');
    const answer = await apiGet<ApiSessions>((await response).url());
    await settled('sessions-results');
    expect(answer.sessions).toHaveLength(2);

    expect(await headers('sessions-table')).toEqual([
      'Started',
      'Source',
      'Country',
      'Landing page',
      'UTM campaign',
      'Page views',
      'Duration',
      'Contact',
    ]);
    const shown = await shownRows('sessions-table', 'session');
    // Newest first, whatever order the API lists them in.
    const newestFirst = [...answer.sessions].sort((a, b) =>
      b.startedAt.localeCompare(a.startedAt),
    );
    expect(shown.map((r) => r.key)).toEqual(newestFirst.map((s) => s.id));
    newestFirst.forEach((session, i) => {
      const cells = shown[i]?.cells ?? [];
      expect(cells[1]?.toLowerCase()).toBe(session.source.replace(/_/g, ' '));
      expect(cells[2]).toBe(session.country ?? '');
      expect(cells[3]).toBe(session.landingUrl);
      expect(cells[4]).toBe(session.utm.campaign ?? '');
      expect(numberIn(cells[5])).toBe(session.events);
    });
    const paid = shown.find((r) => r.cells[1] === 'Paid search');
    expect(paid?.cells[6]).toBe('4m 0s');
    expect(shown.map((r) => r.cells[4])).toContain(XSS_TITLE);
    expect(await page.$$eval('img', (imgs) => imgs.length)).toBe(0);
    expect(dialogs).toEqual([]);
    await shoot('desktop-sessions');
  });

  it("opens an identified visitor's journey from the sessions list", async () => {
    // The tracker made this contact; it has no deal, so ask for its
    // contact-create journey.
    await page.click('#tab-journey');
    const reloaded = page.waitForResponse((res) =>
      res.url().includes('/journey?report=contact-create'),
    );
    await page.selectOption('#journey-report', 'contact-create');
    await reloaded;
    await page.click('#tab-sessions');

    const response = page.waitForResponse((res) =>
      res.url().includes('/journey'),
    );
    await page.click('#sessions-table button.link-button');
    const journey = await apiGet<ApiJourney>((await response).url());
    await page.waitForSelector('#journey-table tbody tr');

    expect(await page.isVisible('#screen-journey')).toBe(true);
    expect(await page.textContent('#journey-heading h3')).toBe(DORA_EMAIL);
    const shown = await shownRows('journey-table', 'interaction');
    expect(shown.map((r) => r.key)).toEqual(
      journey.interactions.map((i) => i.id),
    );
    await page.click('#tab-sessions');
  });

  it('fits a phone screen without sideways scrolling of the page', async () => {
    await page.setViewportSize(PHONE);
    await page.click('#tab-reports');
    await page.waitForSelector('#report-table tbody tr');
    await shoot('phone-report', true);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);

    await page.click('#tab-journey');
    await shoot('phone-journey', true);
    await page.click('#tab-sessions');
    await page.waitForSelector('#sessions-table tbody tr');
    await shoot('phone-sessions', true);
    await page.setViewportSize(DESKTOP);
  });

  it('lists a range of more than a page of sessions a page at a time', async () => {
    if (!collector) throw new Error('not started');
    // A portal of its own, so the other screens keep their numbers.
    const busy = await collector.createPortal({ id: 'dash-busy' });
    const visitors = 1_005;
    const now = Date.now();
    const events = Array.from({ length: visitors }, (_, n) => ({
      i: `busy-${n}`,
      t: 'pv',
      ts: now - (n + 1) * 60_000,
      u: `https://busy.test/p${n}`,
      vi: n.toString(16).padStart(32, '0'),
    }));
    for (let i = 0; i < events.length; i += 100) {
      const res = await fetch(`${collector.url}/v1/e`, {
        method: 'POST',
        headers: {
          'content-type': 'text/plain',
          'user-agent': LOAD_USER_AGENT,
        },
        body: JSON.stringify({ v: 1, p: busy.id, e: events.slice(i, i + 100) }),
      });
      expect(res.status).toBe(202);
    }
    for (let i = 0; i < 100; i += 1) {
      const res = await fetch(
        `${collector.url}/v1/sessions?limit=1000&from=${new Date(now - 86_400_000).toISOString()}`,
        { headers: { authorization: `Bearer ${busy.apiKey}` } },
      );
      const body = (await res.json()) as { next: string | null };
      if (body.next !== null) break;
      await new Promise((r) => setTimeout(r, 200));
    }

    await page.click('#sign-out');
    await page.waitForSelector('#api-key');
    await page.fill('#api-key', busy.apiKey);
    const first = page.waitForResponse((res) =>
      res.url().includes('/v1/sessions'),
    );
    await page.press('#api-key', 'Enter');
    await page.click('#tab-sessions');
    await first;
    await page.waitForSelector('#sessions-more:not([hidden])');
    expect(await page.$$eval('#sessions-table tbody tr', (r) => r.length)).toBe(
      1_000,
    );
    expect(await page.textContent('#sessions-status')).toContain(
      'newest 1,000 sessions',
    );

    await page.click('#sessions-more');
    await page.waitForSelector('#sessions-more', { state: 'hidden' });
    const keys = await page.$$eval('#sessions-table tbody tr', (trs) =>
      trs.map((tr) => tr.getAttribute('data-session')),
    );
    expect(keys).toHaveLength(visitors);
    expect(new Set(keys).size).toBe(visitors);
    // Still newest first: the first row is the latest visit.
    const newest = await page.textContent(
      '#sessions-table tbody tr:first-child',
    );
    expect(newest).toContain('busy.test/p0');
  });

  it('ran without a script error or a refused resource', () => {
    expect(pageErrors).toEqual([]);
  });
});
