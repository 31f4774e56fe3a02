import { describe, expect, it } from 'vitest';
import {
  cookieDomain,
  urchinHash,
} from '../../../packages/tracker/src/domain-hash';

describe('urchinHash', () => {
  it.each([
    ['.twk.de', 9267242],
    ['.expo.dev', 47372920],
    ['.saleslogs.com', 133144657],
    ['.basketball-reference.com', 180814520],
    ['.commcarehq.org', 187943799],
  ])('hashes %s to %i as the original cookies do', (domain, hash) => {
    expect(urchinHash(domain)).toBe(hash);
  });

  it('hashes the empty string to 1', () => {
    expect(urchinHash('')).toBe(1);
  });
});

describe('cookieDomain', () => {
  it.each([
    ['www.twk.de', '.twk.de'],
    ['twk.de', '.twk.de'],
    ['a.b.expo.dev', '.expo.dev'],
    ['shop.example.co.uk', '.example.co.uk'],
    ['example.com.au', '.example.com.au'],
    ['t.co', '.t.co'],
  ])('takes the registrable domain of %s as %s', (host, domain) => {
    expect(cookieDomain(host)).toBe(domain);
  });

  it.each(['localhost', '127.0.0.1', '[::1]', '10.0.0.12'])(
    'keeps %s as it is',
    (host) => {
      expect(cookieDomain(host)).toBe(host);
    },
  );
});
