import { ReferrerParser } from '@tryghost/referrer-parser';
import { getDomain, getDomainWithoutSuffix } from 'tldts';

/** What kind of site a referrer is, as far as source rules care. */
export type ReferrerKind = 'search' | 'social' | 'webmail' | 'rss' | 'ai';

// The maintained list (search engines, social networks, webmail) comes from
// @tryghost/referrer-parser (MIT). The constants below only add what that
// list lacks; AI assistants are ours alone.
const EXTRA_HOSTS: Readonly<Record<ReferrerKind, readonly string[]>> = {
  ai: [
    'chatgpt.com',
    'chat.openai.com',
    'perplexity.ai',
    'gemini.google.com',
    'bard.google.com',
    'copilot.microsoft.com',
    'claude.ai',
    'chat.mistral.ai',
    'chat.deepseek.com',
    'meta.ai',
    'grok.com',
    'poe.com',
    'phind.com',
  ],
  social: [
    'youtube.com',
    'youtu.be',
    'tiktok.com',
    'pinterest.com',
    'threads.net',
    'bsky.app',
    'mastodon.social',
    'whatsapp.com',
    'discord.com',
    'snapchat.com',
    'tumblr.com',
    'quora.com',
  ],
  webmail: [
    'outlook.office.com',
    'outlook.office365.com',
    'mail.proton.me',
    'mail.zoho.com',
    'app.fastmail.com',
    'mail.aol.com',
  ],
  rss: [
    'feedly.com',
    'inoreader.com',
    'newsblur.com',
    'theoldreader.com',
    'feedbin.com',
    'netvibes.com',
  ],
  search: [],
};

/**
 * Names used as `utm_source` for social networks. A source that looks like
 * a host name is also checked against the referrer lists.
 */
const SOCIAL_SOURCE_NAMES = new Set([
  'facebook',
  'fb',
  'instagram',
  'ig',
  'linkedin',
  'twitter',
  'x',
  'tiktok',
  'youtube',
  'pinterest',
  'reddit',
  'snapchat',
  'threads',
  'mastodon',
  'bluesky',
  'whatsapp',
  'tumblr',
  'quora',
  'xing',
  'vk',
  'weibo',
  'telegram',
  'discord',
  'meta',
]);

const parser = new ReferrerParser();
const MEDIUM_KINDS: Readonly<Record<string, ReferrerKind>> = {
  search: 'search',
  social: 'social',
  email: 'webmail',
};

/** Bounded memo: the package scans its whole list on each lookup. */
const MAX_MEMO_ENTRIES = 2_000;
const memo = new Map<string, ReferrerKind | null>();

function matchesHost(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function extraKindOf(host: string): ReferrerKind | null {
  for (const kind of ['ai', 'social', 'webmail', 'rss'] as const) {
    if (EXTRA_HOSTS[kind].some((d) => matchesHost(host, d))) return kind;
  }
  return null;
}

/** The kind of a referrer URL; null for any other (or no) site. */
export function referrerKindOf(url: URL): ReferrerKind | null {
  const host = url.hostname.toLowerCase();
  const key = host + url.pathname;
  const known = memo.get(key);
  if (known !== undefined) return known;

  // Our own list first: it is small and names AI hosts that live under
  // search engines' domains (gemini.google.com, copilot.microsoft.com).
  let kind = extraKindOf(host);
  if (!kind) {
    const medium = parser.getDataFromUrl(url)?.medium;
    kind = (medium && MEDIUM_KINDS[medium]) || null;
  }

  if (memo.size >= MAX_MEMO_ENTRIES) memo.clear();
  memo.set(key, kind);
  return kind;
}

/** True for google.com, google.de, google.co.uk, … */
export function isGoogleHost(host: string): boolean {
  return getDomainWithoutSuffix(host) === 'google';
}

/** True when a utm_source value names a social network. */
export function isSocialSourceName(value: string): boolean {
  const name = value.toLowerCase().trim();
  if (SOCIAL_SOURCE_NAMES.has(name)) return true;
  if (!name.includes('.')) return false;
  const asUrl = `https://${name.replace(/^https?:\/\//, '')}`;
  try {
    return referrerKindOf(new URL(asUrl)) === 'social';
  } catch {
    return false;
  }
}

/** The registrable domain of a host (example.co.uk), or the host itself. */
export function registrableDomainOf(host: string): string {
  return getDomain(host) ?? host.toLowerCase();
}
