/** Small page builders shared by the tracker's browser tests. */

/** The queue calls a page makes before the snippet loads. */
export const preload = (...calls: string[]) =>
  `<script>var _hsq = (window._hsq = window._hsq || []);
var _hsp = (window._hsp = window._hsp || []);
${calls.join('\n')}</script>`;

/** The embed: the portal's script, served with its placeholders filled. */
export const EMBED = '<script async src="/js/portal-1.js"></script>';

/** A page: title, body, then the embed (or another script tag). */
export const html = (body: string, script = EMBED, title = 'Test page') =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
</head><body>${body}${script}</body></html>`;
