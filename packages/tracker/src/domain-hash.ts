/**
 * The cookie domain and its hash. The original tracking code keys its
 * cookies by the classic Urchin hash of the dot-prefixed registrable
 * domain, so visitors migrating from it keep their cookies only if both
 * match exactly.
 */

/**
 * The classic Urchin string hash (28-bit), as used in `__hstc`/`__hssc`.
 * @example urchinHash('.twk.de') // 9267242
 */
export const urchinHash = (text: string): number =>
  // from the last UTF-16 unit to the first
  text.split('').reduceRight((hash, unit) => {
    const code = unit.charCodeAt(0);
    const next = ((hash << 6) & 0xfffffff) + code + (code << 14);
    // folds the high 7 bits in: nothing when they are 0
    return next ^ ((next & 0xfe00000) >> 21);
  }, 0) || 1;

/**
 * The domain cookies are set on: the registrable domain of `host` (the
 * page's by default) with a leading dot, or the host as is for localhost
 * and IP addresses.
 * TODO(compat): a heuristic, not the Public Suffix List: the last two
 * labels, three under `co|com|net|org|gov|edu|ac|ne|or|go` + a 2-letter
 * country code (`.example.co.uk`). Other multi-label suffixes get two.
 */
export const cookieDomain = (host = location.hostname): string => {
  // no dot (localhost), or ending in a digit or `]`: an IP address
  if (/^[^.]+$|[\d\]]$/.test(host)) return host;
  const domain = host.match(
    /[^.]+\.((com?|net?|org?|gov?|edu|ac)\.[a-z]{2}|[^.]+)$/,
  ) as RegExpMatchArray;
  return `.${domain[0]}`;
};
