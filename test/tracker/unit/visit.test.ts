import { describe, expect, it } from 'vitest';
import {
  nextVisit,
  SESSION_TIMEOUT_MS,
  VISITOR_COOKIE_MAX_AGE_MS,
  type Visit,
} from '../../../packages/tracker/src/visit';

// the cookies as touchVisit writes them (the browser suite checks those)
const formatHstc = (visit: Visit) => visit.slice(0, 6).join('.');
const formatHssc = (visit: Visit) => [visit[0], visit[6], visit[4]].join('.');

const HASH = 9267242;
const UTK = '0123456789abcdef0123456789abcdef';
const OTHER_UTK = 'ffffffffffffffffffffffffffffffff';
const T0 = 1_700_000_000_000;
const HSTC = `${HASH}.${UTK}.${T0}.${T0}.${T0 + 5000}.3`;

describe('nextVisit', () => {
  it('starts a first visit with all three times at now and count 1', () => {
    const visit = nextVisit(T0, HASH, UTK);
    expect(formatHstc(visit)).toBe(`${HASH}.${UTK}.${T0}.${T0}.${T0}.1`);
    expect(formatHssc(visit)).toBe(`${HASH}.0.${T0}`);
  });

  it('keeps the visitor token of an existing hubspotutk cookie', () => {
    const visit = nextVisit(T0, HASH, OTHER_UTK, undefined, undefined, UTK);
    expect(visit[1]).toBe(UTK);
  });

  it('continues the session while __hssc is alive', () => {
    const visit = nextVisit(
      T0 + 60_000,
      HASH,
      OTHER_UTK,
      HSTC,
      `${HASH}.4.${T0}`,
    );
    expect(formatHstc(visit)).toBe(HSTC);
    expect(formatHssc(visit)).toBe(`${HASH}.4.${T0 + 5000}`);
  });

  it('adds page views to the live session and to a new one', () => {
    const live = nextVisit(
      T0,
      HASH,
      OTHER_UTK,
      HSTC,
      `${HASH}.4.${T0}`,
      UTK,
      1,
    );
    expect(formatHssc(live)).toBe(`${HASH}.5.${T0 + 5000}`);
    const first = nextVisit(T0, HASH, UTK, undefined, undefined, undefined, 1);
    expect(formatHssc(first)).toBe(`${HASH}.1.${T0}`);
  });

  it('rolls over once __hssc has expired after 30 minutes idle', () => {
    const now = T0 + 5000 + SESSION_TIMEOUT_MS;
    const visit = nextVisit(now, HASH, OTHER_UTK, HSTC);
    // new sessionStart, count + 1, prevSessionStart = the old sessionStart
    expect(formatHstc(visit)).toBe(
      `${HASH}.${UTK}.${T0}.${T0 + 5000}.${now}.4`,
    );
    expect(formatHssc(visit)).toBe(`${HASH}.0.${now}`);
  });

  it('rewrites the domain hash of a cookie set for another domain', () => {
    const visit = nextVisit(T0, 47372920, OTHER_UTK, HSTC, `${HASH}.1.${T0}`);
    expect(formatHstc(visit)).toBe(HSTC.replace(`${HASH}`, '47372920'));
  });

  it.each([
    'garbage',
    `${HASH}.${UTK}.${T0}.${T0}.${T0}`,
    `${HASH}.not-hex.${T0}.${T0}.${T0}.1`,
    `${HASH}.${UTK}.${T0}.${T0}.-1.1`,
  ])('treats the invalid __hstc %s as a new visitor', (hstc) => {
    const visit = nextVisit(T0, HASH, OTHER_UTK, hstc);
    expect(formatHstc(visit)).toBe(`${HASH}.${OTHER_UTK}.${T0}.${T0}.${T0}.1`);
  });

  it('sets the session cookie to 30 minutes, the visitor ones to 6 months', () => {
    expect(SESSION_TIMEOUT_MS).toBe(1_800_000);
    expect(VISITOR_COOKIE_MAX_AGE_MS / 86_400_000).toBeGreaterThanOrEqual(182);
  });
});
