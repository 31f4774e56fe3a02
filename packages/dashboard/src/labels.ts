// Human words for the machine values the API returns.

const VALUE_LABELS: Record<string, string> = {
  ai_referrals: 'AI referrals',
  cta: 'CTA',
  cta_click: 'CTA click',
  direct_traffic: 'Direct traffic',
  email_marketing: 'Email marketing',
  other_campaigns: 'Other campaigns',
  offline_sources: 'Offline sources',
  page_without_content_type: 'Page without content type',
};

// Dimensions whose values are machine names rather than user text.
const MACHINE_VALUED = new Set([
  'asset_type',
  'interaction_position',
  'interaction_source',
  'interaction_type',
]);

/** "organic_search" → "Organic search"; unknown words keep their letters. */
export function humanize(value: string): string {
  const known = VALUE_LABELS[value];
  if (known) return known;
  const words = value.replace(/[_-]+/g, ' ').trim();
  if (!words) return value;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The text shown for one dimension value of a report row. */
export function dimensionValueLabel(
  dimension: string,
  key: string | null,
): string {
  if (key === null || key === '') return '(none)';
  return MACHINE_VALUED.has(dimension) ? humanize(key) : key;
}
