import { MODEL_NAMES } from '@stack/attribution';
import { z } from 'zod';

/** Every dimension a report can group credit by. */
export const DIMENSIONS = [
  'asset_title',
  'asset_type',
  'deal_create_date',
  'deal_close_date',
  'deal_name',
  'deal_owner',
  'deal_pipeline',
  'deal_type',
  'interaction_position',
  'interaction_source',
  'interaction_date',
  'interaction_type',
  'interaction_url',
  'utm_campaign',
  'utm_source',
  'utm_medium',
  'utm_content',
  'utm_term',
  'ad_keyword',
  'campaign',
  'company',
  'cta',
  'form',
  'lead_source',
  'social_post',
  'country',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const reportKindSchema = z.enum([
  'contact-create',
  'deal-create',
  'revenue',
]);

/** The nine models plus `compare` (every model the report offers). */
export const modelChoiceSchema = z.enum([...MODEL_NAMES, 'compare']);

/** A calendar date (whole UTC day) or a date-time with an offset. */
const dateOrTime = z
  .string()
  .max(40)
  .pipe(z.union([z.iso.date(), z.iso.datetime({ offset: true })]));

/** Query of GET /v1/reports/attribution. */
export const reportQuerySchema = z
  .object({
    report: reportKindSchema,
    model: modelChoiceSchema.default('linear'),
    dimension: z.enum(DIMENSIONS),
    dimension2: z.enum(DIMENSIONS).optional(),
    from: dateOrTime.optional(),
    to: dateOrTime.optional(),
    format: z.enum(['json', 'csv']).default('json'),
    portal: z.string().max(128).optional(),
  })
  .meta({ id: 'ReportQuery' });
export type ReportQuery = z.output<typeof reportQuerySchema>;

/** Query of GET /v1/contacts/:id/journey. */
export const journeyQuerySchema = z
  .object({
    report: reportKindSchema.default('contact-create'),
    deal: z.string().min(1).max(128).optional(),
    portal: z.string().max(128).optional(),
  })
  .meta({ id: 'JourneyQuery' });

const credit = z.union([z.number(), z.record(z.string(), z.number())]);

/** One row of a report answer. */
export const reportRowSchema = z
  .object({
    key: z.string(),
    key2: z.string().optional(),
    credit,
    interactions: z.number().int(),
    conversions: z.number().int(),
  })
  .meta({ id: 'ReportRow' });

/** Answer of GET /v1/reports/attribution (JSON). */
export const reportAnswerSchema = z
  .object({
    report: reportKindSchema,
    model: modelChoiceSchema,
    models: z.array(z.string()),
    dimension: z.enum(DIMENSIONS),
    dimension2: z.enum(DIMENSIONS).optional(),
    from: z.string(),
    to: z.string(),
    rows: z.array(reportRowSchema),
    currency: z.string().nullable(),
    conversions: z.number().int(),
    excluded: z.record(z.string(), z.number().int()),
    sampled: z.array(z.string()),
  })
  .meta({ id: 'ReportAnswer' });

const nullableText = z.string().nullable();

/** One touch of a journey answer. */
export const journeyTouchSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    at: z.iso.datetime(),
    contactId: z.string(),
    url: nullableText,
    title: nullableText,
    sessionId: nullableText,
    source: nullableText,
    assetType: nullableText,
    contentType: nullableText,
    country: nullableText,
    utm: z.object({
      campaign: nullableText,
      source: nullableText,
      medium: nullableText,
      content: nullableText,
      term: nullableText,
    }),
    positions: z.array(z.string()),
    credit: z.record(z.string(), z.number()),
  })
  .meta({ id: 'JourneyTouch' });

/** Answer of GET /v1/contacts/:id/journey. */
export const journeyAnswerSchema = z
  .object({
    report: reportKindSchema,
    contact: z.object({
      id: z.string(),
      email: nullableText,
      createdAt: z.iso.datetime(),
      method: z.string(),
      company: nullableText,
      leadSource: nullableText,
    }),
    deal: z
      .object({
        id: z.string(),
        name: z.string(),
        amount: z.number().nullable(),
        currency: nullableText,
        stage: z.string(),
        createdAt: z.iso.datetime(),
        closedAt: z.iso.datetime().nullable(),
      })
      .optional(),
    /** Deal reports: the contact's deals to pick from, oldest first. */
    deals: z
      .array(
        z.object({
          id: z.string(),
          name: z.string(),
          createdAt: z.iso.datetime(),
        }),
      )
      .optional(),
    excluded: z.record(z.string(), z.string()),
    sampled: z.boolean(),
    interactions: z.array(journeyTouchSchema),
  })
  .meta({ id: 'JourneyAnswer' });
