import type { ModelName, ReportKind } from './types';

/** Every model, in the order reports list them. */
export const MODEL_NAMES: readonly ModelName[] = [
  'linear',
  'first_interaction',
  'last_interaction',
  'u_shaped',
  'w_shaped',
  'full_path',
  'j_shaped',
  'inverse_j',
  'time_decay',
];

const CONTACT_MODELS = MODEL_NAMES.filter(
  (m) => m !== 'w_shaped' && m !== 'full_path',
);
const DEAL_MODELS = MODEL_NAMES.filter((m) => m !== 'full_path');

/**
 * Models a report offers: contact-create has all but W-shaped and full
 * path, deal-create all but full path, revenue all.
 */
export function modelsFor(report: ReportKind): readonly ModelName[] {
  if (report === 'contact-create') return CONTACT_MODELS;
  if (report === 'deal-create') return DEAL_MODELS;
  return MODEL_NAMES;
}
