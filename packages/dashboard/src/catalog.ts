// What the pickers offer: reports, models and dimensions with their labels.
import { modelsFor } from '@stack/attribution';
import type { ModelName, ReportKind } from './api-types';

export { modelsFor };

export interface Choice<T extends string = string> {
  value: T;
  label: string;
}

export const REPORTS: readonly Choice<ReportKind>[] = [
  { value: 'contact-create', label: 'Contact create' },
  { value: 'deal-create', label: 'Deal create' },
  { value: 'revenue', label: 'Revenue' },
];

export const MODEL_LABELS: Record<ModelName, string> = {
  linear: 'Linear',
  first_interaction: 'First interaction',
  last_interaction: 'Last interaction',
  u_shaped: 'U-shaped',
  w_shaped: 'W-shaped',
  full_path: 'Full path',
  j_shaped: 'J-shaped',
  inverse_j: 'Inverse J',
  time_decay: 'Time decay',
};

export interface DimensionGroup {
  label: string;
  dimensions: readonly Choice[];
}

export const DIMENSION_GROUPS: readonly DimensionGroup[] = [
  {
    label: 'Asset',
    dimensions: [
      { value: 'asset_title', label: 'Asset title' },
      { value: 'asset_type', label: 'Asset type' },
    ],
  },
  {
    label: 'Deal',
    dimensions: [
      { value: 'deal_create_date', label: 'Deal create date' },
      { value: 'deal_close_date', label: 'Deal close date' },
      { value: 'deal_name', label: 'Deal name' },
      { value: 'deal_owner', label: 'Deal owner' },
      { value: 'deal_pipeline', label: 'Deal pipeline' },
      { value: 'deal_type', label: 'Deal type' },
    ],
  },
  {
    label: 'Interaction',
    dimensions: [
      { value: 'interaction_position', label: 'Interaction position' },
      { value: 'interaction_source', label: 'Interaction source' },
      { value: 'interaction_date', label: 'Interaction date' },
      { value: 'interaction_type', label: 'Interaction type' },
      { value: 'interaction_url', label: 'Interaction URL' },
      { value: 'country', label: 'Country' },
    ],
  },
  {
    label: 'UTM',
    dimensions: [
      { value: 'utm_campaign', label: 'UTM campaign' },
      { value: 'utm_source', label: 'UTM source' },
      { value: 'utm_medium', label: 'UTM medium' },
      { value: 'utm_content', label: 'UTM content' },
      { value: 'utm_term', label: 'UTM term' },
    ],
  },
  {
    label: 'Other',
    dimensions: [
      { value: 'ad_keyword', label: 'Ad keyword' },
      { value: 'campaign', label: 'Campaign' },
      { value: 'company', label: 'Company' },
      { value: 'cta', label: 'CTA' },
      { value: 'form', label: 'Form' },
      { value: 'lead_source', label: 'Lead source' },
      { value: 'social_post', label: 'Social post' },
    ],
  },
];

/** The label of a dimension's machine name. */
export function dimensionLabel(dimension: string): string {
  for (const group of DIMENSION_GROUPS) {
    const found = group.dimensions.find((d) => d.value === dimension);
    if (found) return found.label;
  }
  return dimension;
}
