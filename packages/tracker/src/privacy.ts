/**
 * Consent and identity listeners, and the consent state: the choice is
 * kept in `__hs_opt_out` ('no' = consented, 'yes' = refused or revoked).
 */
import {
  clearVisitCookies,
  HSSC,
  HSTC,
  OPT_OUT,
  readCookie,
  writeCookie,
} from './cookies';
import { call, F_ANONYMOUS, F_CONSENT_REQUIRED, S } from './state';
import { VISITOR_COOKIE_MAX_AGE_MS } from './visit';

/** Whether analytics may use cookies and the visitor token now. */
export function hasConsent(): boolean {
  const choice = readCookie(OPT_OUT);
  return S._f & F_CONSENT_REQUIRED ? choice === 'no' : choice !== 'yes';
}

/** Applies the consent state to the flags and tells the listeners. */
export function applyConsent(): void {
  S._f = hasConsent() ? S._f & ~F_ANONYMOUS : S._f | F_ANONYMOUS;
  for (const listener of S._consentListeners) tellConsent(listener);
}

/** Records a choice: consent given (true) or refused/revoked (false). */
export function setConsent(allowed: boolean): void {
  if (!allowed) clearVisitCookies();
  writeCookie(OPT_OUT, allowed ? 'no' : 'yes', VISITOR_COOKIE_MAX_AGE_MS);
  applyConsent();
}

/** Calls a privacy consent listener with the current state. */
export function tellConsent(listener: unknown): void {
  const allowed = !(S._f & F_ANONYMOUS);
  const categories = {
    necessary: true,
    analytics: allowed,
    advertisement: allowed,
    functionality: allowed,
  };
  call(listener, { allowed, categories });
}

/** Calls the identity listeners once the tracking cookies exist. */
export function notifyIdentity(): void {
  if (!S._visit) return;
  for (const listener of S._identityListeners.splice(0)) {
    call(listener, readCookie(HSTC), readCookie(HSSC), S._fp);
  }
}
