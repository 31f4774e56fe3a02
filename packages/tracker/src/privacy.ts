/**
 * Consent and identity listeners, and the consent state: the choice is
 * kept in `__hs_opt_out` ('no' = consented, 'yes' = refused or revoked).
 */
import {
  clearVisitCookies,
  HSSC,
  HSTC,
  OPT_OUT,
  query,
  readCookie,
  VISITOR_MAX_AGE_S,
  writeCookie,
} from './cookies';
import { BUILT_IN } from './features';
import { call, F_CONSENT_REQUIRED, options } from './state';

const consentListeners: unknown[] = [];
const identityListeners: unknown[] = [];

/** No consent: anonymous page views only, no cookie. */
export let anonymous: boolean | undefined;

/** Applies the consent state and tells the listeners. */
export const applyConsent = (): void => {
  // each branch reads the cookie: the default build keeps only the second
  anonymous =
    BUILT_IN & F_CONSENT_REQUIRED && options & F_CONSENT_REQUIRED
      ? readCookie(OPT_OUT) !== 'no'
      : readCookie(OPT_OUT) === 'yes';
  consentListeners.map(tellConsent);
};

/** Records a choice: consent given (true) or refused/revoked (false). */
export const setConsent = (allowed: boolean): void => {
  if (!allowed) clearVisitCookies();
  writeCookie(OPT_OUT, allowed ? 'no' : 'yes', VISITOR_MAX_AGE_S);
  applyConsent();
};

/** Adds a privacy consent listener and calls it with the current state. */
export const addConsentListener = (listener: unknown): void => {
  consentListeners.push(listener);
  tellConsent(listener);
};

const tellConsent = (listener: unknown): unknown =>
  call(listener, {
    allowed: !anonymous,
    categories: {
      necessary: true,
      analytics: !anonymous,
      advertisement: !anonymous,
      functionality: !anonymous,
    },
  });

/** Adds an identity listener; called once the tracking cookies exist. */
export const addIdentityListener = (listener: unknown): void => {
  identityListeners.push(listener);
  notifyIdentity();
};

/**
 * Calls the waiting identity listeners, once each, with `__hstc`, `__hssc`
 * and the `__hsfp` of a cross-domain link, if the cookies exist.
 */
export const notifyIdentity = (): void => {
  const hstc = readCookie(HSTC);
  if (hstc) {
    identityListeners
      .splice(0)
      .map((listener) =>
        call(listener, hstc, readCookie(HSSC), query().get('__hsfp') || ''),
      );
  }
};
