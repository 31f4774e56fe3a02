import { modelsFor } from './models-for';
import type { Conversion, ModelName } from './types';

/** Reasons a conversion (or one model of it) gives no values. */
export const EXCLUSION = {
  noContacts: 'no_contacts',
  missingContactCreateDate: 'missing_contact_create_date',
  missingCreateDate: 'missing_create_date',
  missingCloseDate: 'missing_close_date',
  missingAmount: 'missing_amount',
  noInteractions: 'no_interactions',
  dealBeforeContact: 'deal_before_contact',
  modelNotOffered: 'model_not_offered',
} as const;

function isTime(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Why a conversion is left out of every model, or null when it is usable.
 * Revenue needs an amount, a create date, a close date and a contact.
 */
export function conversionExclusion(c: Conversion): string | null {
  if (c.contacts.length === 0) return EXCLUSION.noContacts;
  for (const contact of c.contacts) {
    if (!isTime(contact.createdAt)) return EXCLUSION.missingContactCreateDate;
  }
  if (c.report === 'contact-create') return null;

  if (!isTime(c.dealCreatedAt)) return EXCLUSION.missingCreateDate;
  if (c.report === 'deal-create') return null;

  if (!isTime(c.closedWonAt)) return EXCLUSION.missingCloseDate;
  if (!Number.isFinite(c.value) || c.value < 0) return EXCLUSION.missingAmount;
  return null;
}

/** The moment of the conversion: the journey is cut there (ms). */
export function conversionTime(c: Conversion): number {
  if (c.report === 'contact-create') return c.contacts[0]?.createdAt ?? NaN;
  if (c.report === 'deal-create') return c.dealCreatedAt ?? NaN;
  return c.closedWonAt ?? NaN;
}

/** True when a contact of the deal was created after the deal. */
export function dealPrecedesContact(c: Conversion): boolean {
  if (c.report === 'contact-create' || c.dealCreatedAt === undefined) {
    return false;
  }
  for (const contact of c.contacts) {
    if (contact.createdAt > c.dealCreatedAt) return true;
  }
  return false;
}

/**
 * Why one model gives no values for a usable conversion, or null.
 * `dealFirst` is dealPrecedesContact(c), computed once per conversion.
 */
export function modelExclusion(
  model: ModelName,
  c: Conversion,
  dealFirst: boolean,
): string | null {
  if (!modelsFor(c.report).includes(model)) return EXCLUSION.modelNotOffered;
  if (dealFirst && (model === 'w_shaped' || model === 'full_path')) {
    return EXCLUSION.dealBeforeContact;
  }
  return null;
}
