/** Asset types: the machine values the API and reports use. */
export type AssetType =
  | 'landing_page'
  | 'website_page'
  | 'listing_page'
  | 'blog_post'
  | 'knowledge_article'
  | 'other_content_type'
  | 'page_without_content_type'
  | 'contact_import'
  | 'integration'
  | 'other_contact_creation'
  | 'marketing_email'
  | 'marketing_event'
  | 'media'
  | 'custom_event'
  | 'ad'
  | 'social_post'
  | 'cta'
  | 'form'
  | 'sales_activity';

/** Content types a page may push with setContentType, as the tracker sends. */
const PAGE_ASSET_TYPES: Readonly<Record<string, AssetType>> = {
  'standard-page': 'website_page',
  'site-page': 'website_page',
  'landing-page': 'landing_page',
  'listing-page': 'listing_page',
  'blog-post': 'blog_post',
  'knowledge-article': 'knowledge_article',
};

const TYPE_ASSET_TYPES: Readonly<Record<string, AssetType>> = {
  marketing_email_click: 'marketing_email',
  marketing_event_registered: 'marketing_event',
  marketing_event_attended: 'marketing_event',
  custom_event: 'custom_event',
  ad_click: 'ad',
  social_post_click: 'social_post',
  cta_click: 'cta',
  form_submission: 'form',
  call: 'sales_activity',
  meeting: 'sales_activity',
  sales_email_reply: 'sales_activity',
  conversation: 'sales_activity',
};

/** The asset type of a page from the content type in force, if any. */
export function pageAssetType(contentType?: string | null): AssetType {
  if (!contentType) return 'page_without_content_type';
  return PAGE_ASSET_TYPES[contentType] ?? 'other_content_type';
}

/**
 * The asset type of one interaction, fixed when it is stored.
 *
 * @param interactionType an interaction type of the domain (`page_view`,
 *   `cta_click`, `contact_create`, …)
 * @param contentType for page views: the content type in force
 * @param method for `contact_create`: how the contact was created
 * @example assetTypeOf('page_view', 'blog-post') // 'blog_post'
 * @example assetTypeOf('contact_create', undefined, 'import')
 *   // 'contact_import'
 */
export function assetTypeOf(
  interactionType: string,
  contentType?: string | null,
  method?: string | null,
): AssetType {
  if (interactionType === 'page_view') return pageAssetType(contentType);
  if (interactionType === 'contact_create') {
    if (method === 'import') return 'contact_import';
    if (method === 'integration') return 'integration';
    return 'other_contact_creation';
  }
  if (interactionType.startsWith('media')) return 'media';
  return TYPE_ASSET_TYPES[interactionType] ?? 'custom_event';
}
