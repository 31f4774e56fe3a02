/**
 * The browser entry: the script the collector serves. It replaces the two
 * placeholders below with the portal id and the collect URL; a copy served
 * unchanged reads them from its own script tag (data-portal,
 * data-endpoint). Opt-ins on the tag, where built in: data-spa,
 * data-consent="required", data-respect-dnt, data-debug.
 */
import { BUILT_IN } from './features';
import { F_CONSENT_REQUIRED, F_DEBUG, F_RESPECT_DNT, F_SPA } from './state';
import { start } from './tracker';

// Each literal must stay single and quoted in the bundle: the build checks.
const PORTAL_ID = '__PORTAL_ID__';
const ENDPOINT = '__ENDPOINT__';

const configured = (value: string, attribute?: string | null) =>
  /^__/.test(value) ? attribute : value;

const script =
  document.currentScript || document.querySelector('script[data-portal]');
const attribute = (name: string) => script?.getAttribute(`data-${name}`);
const portal = configured(PORTAL_ID, attribute('portal'));
const endpoint = configured(ENDPOINT, attribute('endpoint'));
const flag = (name: string, bit: number) =>
  BUILT_IN & bit && attribute(name) != null ? bit : 0;

if (portal && endpoint) {
  start(
    portal,
    endpoint,
    flag('spa', F_SPA) |
      flag('respect-dnt', F_RESPECT_DNT) |
      flag('debug', F_DEBUG) |
      (BUILT_IN & F_CONSENT_REQUIRED && attribute('consent') === 'required'
        ? F_CONSENT_REQUIRED
        : 0),
  );
}
