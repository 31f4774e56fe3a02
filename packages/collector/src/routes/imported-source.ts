import type { InteractionInput } from '../schemas/crm';
import { classifyArrival } from '../sources/classify';

const SALES_TYPES = new Set([
  'call',
  'meeting',
  'sales_email_reply',
  'conversation',
]);

const UTM_KEYS = ['campaign', 'source', 'medium', 'content', 'term'] as const;

/**
 * Source of an imported interaction, which belongs to no session: sales
 * activities are sales, email clicks email marketing, social post clicks
 * organic social. Any other import that carries a campaign (UTM values, or
 * a URL with UTM parameters or an ad click id) is classified by the same
 * rules as a tracked arrival; the rest reached us through an import, not
 * a tracked visit, so it counts as offline sources.
 */
export function importedSourceOf(
  i: Pick<InteractionInput, 'url' | 'utm'> & {
    type: InteractionInput['type'] | 'contact_create';
  },
): string {
  if (SALES_TYPES.has(i.type)) return 'sales';
  if (i.type === 'marketing_email_click') return 'email_marketing';
  if (i.type === 'social_post_click') return 'organic_social';
  return campaignSourceOf(i) ?? 'offline_sources';
}

function campaignSourceOf(i: Pick<InteractionInput, 'url' | 'utm'>) {
  const page = campaignUrlOf(i);
  if (!page) return null;
  const { source, campaign } = classifyArrival({
    page,
    referrer: null,
    portalDomains: [],
  });
  const hasCampaign = campaign.clickId !== null || source !== 'direct_traffic';
  return hasCampaign ? source : null;
}

// The import's own UTM values win over those in its URL.
function campaignUrlOf(i: Pick<InteractionInput, 'url' | 'utm'>) {
  const page = URL.canParse(i.url ?? '')
    ? new URL(i.url as string)
    : new URL('https://import.invalid/');
  for (const key of UTM_KEYS) {
    const value = i.utm?.[key];
    if (value) page.searchParams.set(`utm_${key}`, value);
  }
  return page.search ? page : null;
}
