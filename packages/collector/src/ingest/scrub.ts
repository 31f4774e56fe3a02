import type { WireEventInput } from '../schemas/wire';

const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
const IPV6 = /\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}\b/gi;
const REDACTED = '[ip]';
// A site may pass a whole form's fields as event properties; values under
// names like these are credentials and are never kept.
const SECRET_KEY = /pass|pwd|secret|token|card|cvc|cvv|ssn/i;

function scrubText(text: string): string {
  return text.replace(IPV4, REDACTED).replace(IPV6, REDACTED);
}

function scrubOptional(text: string | undefined): string | undefined {
  return text === undefined ? undefined : scrubText(text);
}

/**
 * Removes IP-address-like text from the free-text fields of an event
 * (title, link text, property values). The request's own address never
 * enters the message at all; this catches pages that print one. URLs are
 * kept: a site on a bare IP is still the site.
 */
export function scrubEvent(event: WireEventInput): WireEventInput {
  const out: WireEventInput = {
    ...event,
    ti: scrubOptional(event.ti),
    cx: scrubOptional(event.cx),
  };
  if (event.pr) {
    out.pr = Object.fromEntries(
      Object.entries(event.pr)
        .filter(([k]) => !SECRET_KEY.test(k))
        .map(([k, v]) => [k, typeof v === 'string' ? scrubText(v) : v]),
    );
  }
  // An anonymous (pre-consent) event carries no visitor token.
  if (event.an === 1) out.vi = undefined;
  if (out.ti === undefined) delete out.ti;
  if (out.cx === undefined) delete out.cx;
  if (out.vi === undefined) delete out.vi;
  return out;
}
