// The dashboard's entry: sign-in with a portal key, then three screens
// (reports, sessions, journey) over the collector's API.
import { ApiFailure, getJson } from './api-client';
import type { PortalInfo } from './api-types';
import { createDateRange } from './date-range';
import { byId } from './dom';
import { createJourneyView } from './journey-view';
import { clearKey, loadKey, saveKey } from './key-store';
import { createReportView } from './report-view';
import { createSessionsView } from './sessions-view';
import { readState, writeState } from './url-state';
import { failureMessage, type ViewContext } from './view-context';

type Screen = 'reports' | 'sessions' | 'journey';
const SCREENS: readonly Screen[] = ['reports', 'sessions', 'journey'];

const signInSection = byId('sign-in', HTMLElement);
const signInForm = byId('sign-in-form', HTMLFormElement);
const keyInput = byId('api-key', HTMLInputElement);
const signInError = byId('sign-in-error', HTMLElement);
const signInButton = byId('sign-in-button', HTMLButtonElement);
const appSection = byId('app', HTMLElement);
const portalName = byId('portal-name', HTMLElement);
const signOutButton = byId('sign-out', HTMLButtonElement);
const rangeBar = byId('range-bar', HTMLElement);

let apiKey = '';
let screen: Screen =
  SCREENS.find((name) => name === readState('view')) ?? 'reports';
let views: Record<'reports' | 'sessions', () => void> | undefined;
const loaded = new Set<Screen>();

const ctx: ViewContext = {
  async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    try {
      return await getJson<T>(path, apiKey, signal);
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 401) {
        signOut('The key is no longer accepted. Sign in again.');
      }
      throw err;
    }
  },
  messageOf: failureMessage,
};

function showSignIn(message = ''): void {
  appSection.hidden = true;
  signOutButton.hidden = true;
  portalName.textContent = '';
  signInSection.hidden = false;
  signInError.textContent = message;
  signInError.hidden = message === '';
  keyInput.focus();
}

function signOut(message = ''): void {
  clearKey();
  apiKey = '';
  keyInput.value = '';
  loaded.clear();
  showSignIn(message);
}

function enter(portal: PortalInfo): void {
  portalName.textContent = portal.name;
  portalName.title = portal.domains.join(', ');
  signInSection.hidden = true;
  appSection.hidden = false;
  signOutButton.hidden = false;
  if (!views) {
    const range = createDateRange(() => {
      loaded.clear();
      show(screen);
    });
    const openJourney = createJourneyView(ctx);
    views = {
      reports: createReportView(ctx, range),
      sessions: createSessionsView(ctx, range, (contactId) => {
        show('journey');
        openJourney(contactId);
      }),
    };
  }
  show(screen);
}

function show(next: Screen): void {
  screen = next;
  writeState({ view: next });
  for (const name of SCREENS) {
    byId(`screen-${name}`, HTMLElement).hidden = name !== next;
    const tab = byId(`tab-${name}`, HTMLButtonElement);
    if (name === next) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  // One date range serves both dated screens: it moves with the user.
  if (next !== 'journey') {
    byId(`range-slot-${next}`, HTMLElement).appendChild(rangeBar);
  }
  if (next !== 'journey' && !loaded.has(next)) {
    loaded.add(next);
    views?.[next]();
  }
}

async function trySignIn(key: string): Promise<void> {
  signInButton.disabled = true;
  signInButton.textContent = 'Signing in…';
  try {
    // TODO(later): the admin token names a portal per request
    // (`?portal=`); a portal picker would let it in. Today /v1/portal
    // answers it 400 and the sign-in shows that message.
    const portal = await getJson<PortalInfo>('/v1/portal', key);
    apiKey = key;
    saveKey(key);
    enter(portal);
  } catch (err) {
    clearKey();
    const rejected = err instanceof ApiFailure && err.status === 401;
    showSignIn(
      rejected
        ? 'That key was not accepted. Check it and try again.'
        : failureMessage(err),
    );
  } finally {
    signInButton.disabled = false;
    signInButton.textContent = 'Sign in';
  }
}

signInForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const key = keyInput.value.trim();
  if (!key) {
    showSignIn('Paste the API key of your portal.');
    return;
  }
  void trySignIn(key);
});
signOutButton.addEventListener('click', () => signOut());
for (const name of SCREENS) {
  byId(`tab-${name}`, HTMLButtonElement).addEventListener('click', () =>
    show(name),
  );
}

const stored = loadKey();
if (stored) void trySignIn(stored);
else showSignIn();
