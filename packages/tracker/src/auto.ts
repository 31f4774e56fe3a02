/**
 * What the tracker records by itself: CTA, outbound and download clicks,
 * form submissions, page views on bfcache restores and (with data-spa)
 * history changes, and the last flush when the page is hidden or left.
 * Listeners only read: they never delay or prevent the page's own action.
 */
import { sendIdentity, track, trackPageView } from './events';
import { F_SPA, S, warn } from './state';
import { flush } from './transport';

/** Elements that are CTAs: ours, and the original's CTA markup. */
const CTA = '[data-cta],.hs-cta-wrapper,a.cta_button,[id^="hs-cta-"]';

/** The CTA id inside the original's element ids. */
const CTA_ID_PREFIX = /^(hs-cta-(wrapper-)?|cta_button_\d+_)/;

/** File extensions counted as downloads. */
const DOWNLOAD = /\.(pdf|docx?|xlsx?|pptx?|csv|zip|rar|7z|gz|dmg|exe|mp[34])$/i;

/** The form field taken as the visitor's email; never a password. */
const EMAIL_FIELD =
  'input[type=email],input[name*=email i]:not([type=password])';

// cut to its bound with every other text in track()
const label = (element: Element) =>
  element.textContent?.replace(/\s+/g, ' ').trim() || undefined;

/** The handler, with its errors kept from the page. */
const guard =
  <E>(handler: (event: E) => unknown) =>
  (event?: E) => {
    try {
      handler(event as E);
    } catch (error) {
      warn(error);
    }
  };

/** Listens on the window. */
const on = <E extends Event>(
  type: string,
  handler: (event: E) => unknown,
  capture?: boolean,
) => addEventListener(type, guard(handler) as EventListener, capture);

function onClick(event: MouseEvent): unknown {
  const target = event.target as Element;
  // button 2 is the context menu, which opens nothing
  if (event.button > 1 || !target.closest) return;

  const cta = target.closest(CTA);
  if (cta) {
    const id =
      cta.getAttribute('data-cta') || cta.id.replace(CTA_ID_PREFIX, '');
    return track('cta', { ci: id || undefined, cx: label(cta) });
  }

  const link = target.closest('a[href]') as HTMLAnchorElement | null;
  if (!link) return;
  const { href, host, pathname, protocol } = link;
  if (link.hasAttribute('download') || DOWNLOAD.test(pathname)) {
    track('dl', { h: href, cx: label(link) });
  } else if (host !== location.host && /^https?:$/.test(protocol)) {
    track('out', { h: href, cx: label(link) });
  }
}

function onSubmit(event: SubmitEvent): void {
  const form = event.target as HTMLFormElement;
  const email = form.querySelector<HTMLInputElement>(EMAIL_FIELD)?.value.trim();
  track('form', {
    fi: form.id || form.getAttribute('name') || undefined,
    em: email || undefined,
  });
}

function onLeave(): void {
  sendIdentity();
  flush(true);
}

let lastHref = '';

/** A page view when the full URL changed (data-spa). */
function onHistory(): void {
  if (location.href === lastHref) return;
  lastHref = location.href;
  S._path = '';
  trackPageView();
}

/** Starts the automatic tracking. */
export function watch(): void {
  lastHref = location.href;
  on('click', onClick, true);
  // a middle click opens a link too
  on('auxclick', onClick, true);
  on('submit', onSubmit, true);
  on('pagehide', onLeave);
  on('visibilitychange', () => document.hidden && onLeave());
  on('pageshow', (event: PageTransitionEvent) => {
    if (event.persisted) trackPageView();
  });
  if (!(S._f & F_SPA)) return;

  const changed = guard(onHistory);
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name];
    history[name] = (...args: Parameters<History['pushState']>) => {
      original.apply(history, args);
      changed();
    };
  }
  on('popstate', onHistory);
  on('hashchange', onHistory);
}
