import { modelsFor } from './models-for';
import type { Conversion, ModelName, ReportKind } from './types';

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

const OFFERED: Record<ReportKind, ReadonlySet<ModelName>> = {
  'contact-create': new Set(modelsFor('contact-create')),
  'deal-create': new Set(modelsFor('deal-create')),
  revenue: new Set(modelsFor('revenue')),
};

function isTime(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Why a conversion is left out of every model, or null when it is usable.
 * Revenue needs an amount, a create date, a close date and a contact.
 */
export function conversionExclusion(c: Conversion): string | null {
  if (c.contacts.length === 0) return EXCLUSION.noContacts;
  for (let i = 0; i < c.contacts.length; i++) {
    const createdAt = c.contacts[i]?.createdAt;
    if (!isTime(createdAt)) return EXCLUSION.missingContactCreateDate;
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
  for (let i = 0; i < c.contacts.length; i++) {
    if ((c.contacts[i]?.createdAt ?? 0) > c.dealCreatedAt) return true;
  }
  return false;
}

/**
 * Writes, for each model of a fixed list, why it gives no values for a
 * usable conversion (or null) into `out`, same index as the models.
 */
export type ModelExclusions = (c: Conversion, out: (string | null)[]) => void;

/**
 * Model exclusions for a fixed list of models, from per-report masks built
 * once: this runs for every conversion of a report.
 */
export function createModelExclusions(
  models: readonly ModelName[],
): ModelExclusions {
  const mask = (report: ReportKind) =>
    Uint8Array.from(models, (m) => (OFFERED[report].has(m) ? 1 : 0));
  const offered: Record<ReportKind, Uint8Array> = {
    'contact-create': mask('contact-create'),
    'deal-create': mask('deal-create'),
    revenue: mask('revenue'),
  };
  // W-shaped and full path need every contact created before the deal.
  const contactFirst = Uint8Array.from(models, (m) =>
    m === 'w_shaped' || m === 'full_path' ? 1 : 0,
  );
  return (c, out) => {
    const offeredHere = offered[c.report];
    const dealFirst = dealPrecedesContact(c);
    for (let k = 0; k < models.length; k++) {
      if (offeredHere[k] !== 1) out[k] = EXCLUSION.modelNotOffered;
      else if (dealFirst && contactFirst[k] === 1) {
        out[k] = EXCLUSION.dealBeforeContact;
      } else out[k] = null;
    }
  };
}
