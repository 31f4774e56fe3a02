/**
 * The browser entry: the script the collector serves. It replaces the two
 * placeholders below with the portal id and the collect URL. Only the
 * full build reads them from its own script tag (data-portal,
 * data-endpoint) when served unchanged (self-hosted); the default one
 * then does nothing. Opt-ins on the tag, where built in: data-spa,
 * data-consent="required", data-respect-dnt, data-debug.
 */
import { BUILT_IN } from './features';
import {
  F_CONSENT_REQUIRED,
  F_DEBUG,
  F_RESPECT_DNT,
  F_SPA,
  F_TAG_CONFIG,
} from './state';
import { start } from './tracker';

// Each literal must stay single and quoted in the bundle: the build checks.
const PORTAL_ID = '__PORTAL_ID__';
const ENDPOINT = '__ENDPOINT__';

/** A placeholder the collector did not fill (a self-hosted copy). */
const unfilled = (value: string) => value[0] === '_';

if (!BUILT_IN) {
  // the default build: no tag to read, no opt-ins
  if (!unfilled(ENDPOINT)) start(ENDPOINT, PORTAL_ID, 0);
} else {
  const script =
    document.currentScript || document.querySelector('script[data-portal]');
  const attribute = (name: string) => script?.getAttribute(`data-${name}`);
  const configured = (value: string, name: string) =>
    unfilled(value) ? BUILT_IN & F_TAG_CONFIG && attribute(name) : value;
  const portal = configured(PORTAL_ID, 'portal');
  const endpoint = configured(ENDPOINT, 'endpoint');
  const has = (name: string) => attribute(name) != null;

  if (portal && endpoint) {
    start(
      endpoint,
      portal,
      // each test spelled out: the minifier drops the ones not built in
      (BUILT_IN & F_SPA && has('spa') ? F_SPA : 0) |
        (BUILT_IN & F_RESPECT_DNT && has('respect-dnt') ? F_RESPECT_DNT : 0) |
        (BUILT_IN & F_DEBUG && has('debug') ? F_DEBUG : 0) |
        (BUILT_IN & F_CONSENT_REQUIRED && attribute('consent') === 'required'
          ? F_CONSENT_REQUIRED
          : 0),
    );
  }
}
