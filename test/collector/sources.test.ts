import { describe, expect, it } from 'vitest';
import {
  CLASSIFIER_VERSION,
  classifyArrival,
  type Source,
} from '../../packages/collector/src/sources/classify';

interface Case {
  rule: string;
  page: string;
  referrer?: string;
  domains?: string[];
  expected: Source | null;
}

const PAGE = 'https://www.shop.example/landing';

// One row per rule (and the cases where an earlier rule must win), with
// referrers as browsers really send them.
const CASES: Case[] = [
  {
    rule: '1: social medium with a social utm_source',
    page: `${PAGE}?utm_source=facebook&utm_medium=social`,
    expected: 'organic_social',
  },
  {
    rule: '1: social medium with a social referrer',
    page: `${PAGE}?utm_source=spring&utm_medium=social-media`,
    referrer: 'https://l.facebook.com/',
    expected: 'organic_social',
  },
  {
    rule: '2: a source parameter containing adwords',
    page: `${PAGE}?source=adwords`,
    expected: 'paid_search',
  },
  {
    rule: '2: a gclid wins over an email UTM',
    page: `${PAGE}?gclid=Cj0KCQ&utm_medium=email`,
    expected: 'paid_search',
  },
  {
    rule: '3: cpc medium with a social source',
    page: `${PAGE}?utm_source=linkedin&utm_medium=cpc`,
    expected: 'paid_social',
  },
  {
    rule: '3: paid medium with a social referrer',
    page: `${PAGE}?utm_source=spring&utm_medium=paid`,
    referrer: 'https://t.co/abc123',
    expected: 'paid_social',
  },
  {
    rule: '3: paidsocial in a UTM',
    page: `${PAGE}?utm_medium=paidsocial&utm_source=facebook`,
    expected: 'paid_social',
  },
  {
    rule: '4: any UTM with a google referrer',
    page: `${PAGE}?utm_campaign=spring`,
    referrer: 'https://www.google.com/',
    expected: 'paid_search',
  },
  {
    rule: '5: UTM email from Gmail is not a google ad click',
    page: `${PAGE}?utm_source=nl&utm_medium=email`,
    referrer: 'https://mail.google.com/',
    expected: 'email_marketing',
  },
  {
    rule: '4: ppc in a UTM without a social source',
    page: `${PAGE}?utm_source=bing&utm_medium=ppc`,
    expected: 'paid_search',
  },
  {
    rule: '5: email in a UTM',
    page: `${PAGE}?utm_source=newsletter&utm_medium=email`,
    expected: 'email_marketing',
  },
  {
    rule: '6: any other UTM',
    page: `${PAGE}?utm_source=partner&utm_campaign=spring`,
    referrer: 'https://partner.example/',
    expected: 'other_campaigns',
  },
  {
    rule: '7: a social referrer',
    page: PAGE,
    referrer: 'https://www.linkedin.com/feed/',
    expected: 'organic_social',
  },
  {
    rule: '7: a social referrer (fbclid alone is not paid)',
    page: `${PAGE}?fbclid=IwAR0x`,
    referrer: 'https://m.facebook.com/',
    expected: 'organic_social',
  },
  {
    rule: '8: a webmail referrer',
    page: PAGE,
    referrer: 'https://mail.google.com/mail/u/0/',
    expected: 'direct_traffic',
  },
  {
    rule: '8: an RSS reader referrer',
    page: PAGE,
    referrer: 'https://feedly.com/i/latest',
    expected: 'direct_traffic',
  },
  {
    rule: '9: a search engine referrer',
    page: PAGE,
    referrer: 'https://www.bing.com/',
    expected: 'organic_search',
  },
  {
    rule: '9: google without UTM is organic',
    page: PAGE,
    referrer: 'https://www.google.de/',
    expected: 'organic_search',
  },
  {
    rule: '10: ChatGPT',
    page: PAGE,
    referrer: 'https://chatgpt.com/',
    expected: 'ai_referrals',
  },
  {
    rule: '10: Perplexity',
    page: PAGE,
    referrer: 'https://www.perplexity.ai/',
    expected: 'ai_referrals',
  },
  {
    rule: '10: Gemini, though under google.com',
    page: PAGE,
    referrer: 'https://gemini.google.com/app',
    expected: 'ai_referrals',
  },
  {
    rule: '10: Claude',
    page: PAGE,
    referrer: 'https://claude.ai/',
    expected: 'ai_referrals',
  },
  {
    rule: '11: same registrable domain is internal',
    page: PAGE,
    referrer: 'https://blog.shop.example/post',
    expected: null,
  },
  {
    rule: "11: one of the portal's domains is internal",
    page: PAGE,
    referrer: 'https://checkout.payments.example/done',
    domains: ['payments.example'],
    expected: null,
  },
  {
    rule: '12: any other referrer',
    page: PAGE,
    referrer: 'https://news.site.example/article',
    expected: 'referrals',
  },
  {
    rule: '13: no referrer',
    page: PAGE,
    expected: 'direct_traffic',
  },
];

describe('classifyArrival', () => {
  it.each(CASES)('rule $rule → $expected', (c) => {
    const result = classifyArrival({
      page: new URL(c.page),
      referrer: c.referrer ? new URL(c.referrer) : null,
      portalDomains: c.domains ?? [],
    });
    expect(result.source).toBe(c.expected);
  });

  it('parses the UTM set and the first click id from the page', () => {
    const { campaign } = classifyArrival({
      page: new URL(`${PAGE}?utm_term=shoes&utm_campaign=s&msclkid=abc`),
      referrer: null,
      portalDomains: [],
    });
    expect(campaign.utm).toEqual({
      campaign: 's',
      source: null,
      medium: null,
      content: null,
      term: 'shoes',
    });
    expect(campaign.clickId).toBe('msclkid=abc');
  });

  it('is versioned', () => {
    expect(CLASSIFIER_VERSION).toBeGreaterThanOrEqual(1);
  });
});
