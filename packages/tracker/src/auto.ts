/**
 * What the tracker records by itself: CTA, outbound and download clicks,
 * form submissions, page views on bfcache restores and (with data-spa)
 * history changes, and the last flush when the page is hidden or left.
 * Listeners only read: they never delay or prevent the page's own action.
 */
import { email, track, trackPageView, userId } from './events';
import { BUILT_IN } from './features';
import { watchHistory } from './spa';
import { F_SPA, on, options } from './state';
import { flush } from './transport';

/** Elements that are CTAs: ours, and the original's CTA markup. */
const CTA = '[data-cta],.hs-cta-wrapper,a.cta_button,[id^=hs-cta-]';

/** The CTA id inside the original's element ids. */
const CTA_ID_PREFIX = /^(hs-cta-(wrapper-)?|cta_button_\d+_)/;

/** File extensions counted as downloads. */
const DOWNLOAD = /\.(pdf|(doc|xls|ppt)x?|csv|zip|rar|7z|gz|dmg|exe|mp[34])$/i;

/** The form field taken as the visitor's email; never a password. */
const EMAIL_FIELD =
  'input[type=email],input[name*=email i]:not([type=password])';

// cut to its bound with every other text in track()
const label = (element: Element) =>
  (element.textContent as string).replace(/\s+/g, ' ').trim();

const onClick = (event: MouseEvent): unknown => {
  const target = event.target as Element;
  // button 2 is the context menu, which opens nothing; a target that is no
  // element (a click dispatched on the document) throws: on() catches it
  if (event.button > 1) return;

  const cta = target.closest(CTA);
  if (cta) {
    return track('cta', {
      ci: cta.getAttribute('data-cta') || cta.id.replace(CTA_ID_PREFIX, ''),
      cx: label(cta),
    });
  }

  // null without a link, and then `type` is null too
  const link = target.closest('a[href]') as HTMLAnchorElement;
  const type =
    link &&
    (link.hasAttribute('download') || DOWNLOAD.test(link.pathname)
      ? 'dl'
      : link.host !== location.host && /^http/.test(link.protocol) && 'out');
  if (type) track(type, { h: link.href, cx: label(link) });
};

const onSubmit = (event: SubmitEvent): void => {
  const form = event.target as HTMLFormElement;
  // not form.id: an input named "id" would shadow it
  const attribute = (name: string) => form.getAttribute(name) as string;
  track('form', {
    fi: attribute('id') || attribute('name'),
    em: form.querySelector<HTMLInputElement>(EMAIL_FIELD)?.value.trim(),
  });
};

/** Sends a pending identity on its own when no other event took it. */
const onLeave = (): void => {
  if (email || userId) track('id', {});
  flush(true);
};

/** Starts the automatic tracking. */
export const watch = (): void => {
  on('click', onClick, true);
  // a middle click opens a link too
  on('auxclick', onClick, true);
  on('submit', onSubmit, true);
  on('pagehide', onLeave);
  on('visibilitychange', () => document.hidden && onLeave());
  on(
    'pageshow',
    (event: PageTransitionEvent) => event.persisted && trackPageView(),
  );
  if (BUILT_IN & F_SPA && options & F_SPA) watchHistory();
};
