import type { InteractionInput } from '../schemas/crm';

const SALES_TYPES = new Set([
  'call',
  'meeting',
  'sales_email_reply',
  'conversation',
]);

/**
 * Source of an imported interaction, which belongs to no session: sales
 * activities are sales, email clicks email marketing, social post clicks
 * organic social; anything else reached us through an import, not a
 * tracked visit, so it counts as offline sources.
 */
export function importedSourceOf(
  type: InteractionInput['type'] | 'contact_create',
): string {
  if (SALES_TYPES.has(type)) return 'sales';
  if (type === 'marketing_email_click') return 'email_marketing';
  if (type === 'social_post_click') return 'organic_social';
  return 'offline_sources';
}
