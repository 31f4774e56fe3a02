/**
 * Data for the dashboard suite, written through the collector's public
 * API: three contacts with journeys, three deals (two won), and one page
 * whose title is an HTML payload.
 */

const DAY_MS = 86_400_000;

/** A title that would run script if the dashboard parsed it as HTML. */
export const XSS_TITLE = '<img src=x onerror=alert(1)>';

export const ALICE_EMAIL = 'alice@example.com';
/** A visitor who identifies on a tracked page: a contact made by the tracker. */
export const DORA_EMAIL = 'dora@example.com';

export interface Api {
  url: string;
  apiKey: string;
}

// One clock for the whole seed, so that a form submission and the contact
// it created share their instant exactly.
const NOW_MS = Date.now();
const POLL_INTERVAL_MS = 200;
const SESSIONS_TIMEOUT_MS = 20_000;

/** A browser's user agent: the collector drops beacons from bots. */
const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 ' +
  '(KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

function ago(days: number): string {
  return new Date(NOW_MS - days * DAY_MS).toISOString();
}

async function post(api: Api, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${api.apiKey}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    throw new Error(`seed ${path}: ${res.status} ${await res.text()}`);
  }
}

/** Writes the suite's contacts, interactions and deals. */
export async function seedPortal(api: Api): Promise<void> {
  const contacts = [
    { id: 'c-alice', email: ALICE_EMAIL, createdAt: ago(5), method: 'form' },
    {
      id: 'c-bob',
      email: 'bob@example.com',
      createdAt: ago(3),
      method: 'import',
      company: 'Bobco',
    },
    {
      id: 'c-carol',
      email: 'carol@example.com',
      createdAt: ago(2),
      method: 'form',
      leadSource: 'Partner',
    },
  ];
  for (const contact of contacts) await post(api, '/v1/contacts', contact);

  const spring = { campaign: 'spring', source: 'google', medium: 'cpc' };
  const letter = { campaign: 'newsletter', source: 'mail', medium: 'email' };
  await post(api, '/v1/interactions', {
    interactions: [
      {
        id: 'i-a1',
        type: 'page_view',
        at: ago(10),
        contactId: 'c-alice',
        url: 'https://shop.test/pricing',
        title: 'Pricing',
        utm: spring,
      },
      {
        id: 'i-a2',
        type: 'ad_click',
        at: ago(8),
        contactId: 'c-alice',
        url: 'https://shop.test/landing',
        title: 'Spring landing page',
        adKeyword: 'crm software',
        utm: spring,
      },
      {
        id: 'i-a3',
        type: 'page_view',
        at: ago(6),
        contactId: 'c-alice',
        url: 'https://shop.test/guide',
        title: XSS_TITLE,
      },
      {
        id: 'i-a4',
        type: 'form_submission',
        at: ago(5),
        contactId: 'c-alice',
        url: 'https://shop.test/demo',
        title: 'Book a demo',
        form: 'demo-request',
      },
      {
        id: 'i-b1',
        type: 'marketing_email_click',
        at: ago(7),
        contactId: 'c-bob',
        url: 'https://shop.test/blog/attribution',
        title: 'Attribution 101',
        utm: letter,
      },
      {
        id: 'i-b2',
        type: 'page_view',
        at: ago(3.5),
        contactId: 'c-bob',
        url: 'https://shop.test/pricing',
        title: 'Pricing',
        utm: letter,
      },
      {
        id: 'i-c1',
        type: 'social_post_click',
        at: ago(4),
        contactId: 'c-carol',
        url: 'https://shop.test/launch',
        title: 'Launch week',
        socialPost: 'launch post',
      },
      {
        id: 'i-c2',
        type: 'page_view',
        at: ago(2.5),
        contactId: 'c-carol',
        url: 'https://shop.test/pricing',
        title: 'Pricing',
      },
    ],
  });

  const deals = [
    {
      id: 'd-acme',
      name: 'Acme renewal',
      amount: 12_000,
      currency: 'USD',
      pipeline: 'Sales',
      owner: 'Dana',
      createdAt: ago(1.2),
      contactIds: ['c-alice'],
      stage: 'closedwon',
      closedAt: ago(0.5),
    },
    {
      id: 'd-bob',
      name: 'Bobco pilot',
      amount: 3_000,
      currency: 'USD',
      pipeline: 'Sales',
      owner: 'Eli',
      createdAt: ago(2),
      contactIds: ['c-bob'],
      stage: 'closedwon',
      closedAt: ago(1),
    },
    {
      // Won but without an amount: revenue leaves it out and says why.
      id: 'd-unpriced',
      name: 'Unpriced deal',
      createdAt: ago(1.5),
      contactIds: ['c-carol'],
      stage: 'closedwon',
      closedAt: ago(0.8),
    },
    {
      id: 'd-carol',
      name: 'Carol trial',
      pipeline: 'Self-serve',
      createdAt: ago(1),
      contactIds: ['c-carol'],
    },
  ];
  for (const deal of deals) await post(api, '/v1/deals', deal);

  // A sales touch counts for a deal only when tied to it, so it follows
  // the deal it names.
  await post(api, '/v1/interactions', {
    interactions: [
      {
        id: 'i-a5',
        type: 'meeting',
        at: ago(1.5),
        contactId: 'c-alice',
        dealIds: ['d-acme'],
      },
    ],
  });
}

interface PageView {
  id: string;
  visitor: string;
  minutesAgo: number;
  url: string;
  referrer?: string;
  title: string;
  email?: string;
}

function pageView(view: PageView) {
  return {
    i: view.id,
    t: 'pv',
    ts: NOW_MS - view.minutesAgo * 60_000,
    u: view.url,
    r: view.referrer,
    ti: view.title,
    vi: view.visitor,
    em: view.email,
  };
}

/**
 * Sends tracker beacons for two visits (one from a paid search ad, one
 * from a campaign whose name is an HTML payload) and waits until the
 * Queue consumer has stored both sessions.
 */
export async function seedSessions(api: Api, portalId: string) {
  const paid = 'a'.repeat(32);
  const mailed = 'b'.repeat(32);
  const landing =
    'https://shop.test/landing?utm_source=google&utm_medium=cpc' +
    '&utm_campaign=spring';
  const batch = {
    v: 1,
    p: portalId,
    e: [
      pageView({
        id: 'pv-paid-1',
        visitor: paid,
        minutesAgo: 90,
        url: landing,
        referrer: 'https://www.google.com/',
        title: 'Spring landing page',
      }),
      pageView({
        id: 'pv-paid-2',
        visitor: paid,
        minutesAgo: 86,
        url: 'https://shop.test/pricing',
        referrer: landing,
        title: 'Pricing',
      }),
      pageView({
        id: 'pv-mail-1',
        visitor: mailed,
        minutesAgo: 30,
        url:
          'https://shop.test/guide?utm_medium=email&utm_campaign=' +
          encodeURIComponent(XSS_TITLE),
        title: XSS_TITLE,
        email: DORA_EMAIL,
      }),
    ],
  };
  const res = await fetch(`${api.url}/v1/collect`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA },
    body: JSON.stringify(batch),
  });
  if (res.status !== 202) {
    throw new Error(`seed /v1/collect: ${res.status} ${await res.text()}`);
  }

  const deadline = Date.now() + SESSIONS_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const list = await fetch(`${api.url}/v1/sessions`, {
      headers: { authorization: `Bearer ${api.apiKey}` },
    });
    const body = (await list.json()) as { sessions?: unknown[] };
    if ((body.sessions?.length ?? 0) >= 2) return;
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
  }
  throw new Error('seed: the two sessions were not stored in time');
}
