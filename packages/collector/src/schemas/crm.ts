import { z } from 'zod';

/** Longest id accepted for contacts, deals, visitors and interactions. */
export const MAX_ID_CHARS = 128;
/** Longest free-text value (names, titles, campaign labels). */
export const MAX_TEXT_CHARS = 512;
/** Longest URL stored with an interaction. */
export const MAX_URL_CHARS = 2048;
/** Most interactions accepted by one POST /v1/interactions. */
export const MAX_INTERACTIONS_PER_REQUEST = 1000;
/** Most contacts one deal, or visitors one contact, may name per call. */
export const MAX_LINKS_PER_RECORD = 100;
/** Most deals one interaction may be associated with. */
export const MAX_DEALS_PER_INTERACTION = 20;

/** A bounded, non-empty identifier. */
export const idSchema = z.string().min(1).max(MAX_ID_CHARS);

const text = z.string().max(MAX_TEXT_CHARS);

/** An ISO 8601 date-time with an offset, parsed strictly to ms. */
export const isoTimeSchema = z
  .string()
  .max(40)
  .pipe(z.iso.datetime({ offset: true }))
  .transform((value) => Date.parse(value));

/** How a contact record came to exist. */
export const contactMethodSchema = z.enum([
  'form',
  'import',
  'integration',
  'other',
]);

/** POST /v1/contacts: create or update one contact. */
export const contactInputSchema = z
  .object({
    id: idSchema,
    email: z.email().max(254).optional(),
    createdAt: isoTimeSchema,
    method: contactMethodSchema,
    company: text.optional(),
    leadSource: text.optional(),
    visitorIds: z.array(idSchema).max(MAX_LINKS_PER_RECORD).optional(),
  })
  .meta({ id: 'ContactInput' });
export type ContactInput = z.output<typeof contactInputSchema>;

/** Stages a deal can be in. */
export const dealStageSchema = z.enum(['open', 'closedwon', 'closedlost']);

const dealFields = {
  name: text.min(1),
  amount: z.number().finite().min(0).max(1e15).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected a three-letter ISO 4217 code')
    .optional(),
  pipeline: text.optional(),
  type: text.optional(),
  owner: text.optional(),
  createdAt: isoTimeSchema,
  contactIds: z.array(idSchema).max(MAX_LINKS_PER_RECORD),
  stage: dealStageSchema.optional(),
  closedAt: isoTimeSchema.optional(),
};

/** POST /v1/deals: create or update one deal. */
export const dealInputSchema = z
  .object({ id: idSchema, ...dealFields })
  .meta({ id: 'DealInput' });
export type DealInput = z.output<typeof dealInputSchema>;

/** PATCH /v1/deals/:id: any of the deal's fields. */
export const dealPatchSchema = z
  .object(dealFields)
  .partial()
  .meta({ id: 'DealPatch' });
export type DealPatch = z.output<typeof dealPatchSchema>;

/** Interaction types accepted from server imports. */
export const importedInteractionTypeSchema = z.enum([
  'page_view',
  'cta_click',
  'form_submission',
  'ad_click',
  'marketing_email_click',
  'marketing_event_registered',
  'marketing_event_attended',
  'call',
  'meeting',
  'sales_email_reply',
  'conversation',
  'social_post_click',
  'custom_event',
]);

const utmSchema = z
  .object({
    campaign: text.optional(),
    source: text.optional(),
    medium: text.optional(),
    content: text.optional(),
    term: text.optional(),
  })
  .meta({ id: 'Utm' });

/** One imported interaction. */
export const interactionInputSchema = z
  .object({
    id: idSchema,
    type: importedInteractionTypeSchema,
    at: isoTimeSchema,
    contactId: idSchema.optional(),
    visitorId: idSchema.optional(),
    dealIds: z.array(idSchema).max(MAX_DEALS_PER_INTERACTION).optional(),
    url: z.url().max(MAX_URL_CHARS).optional(),
    title: text.optional(),
    utm: utmSchema.optional(),
    campaign: text.optional(),
    adKeyword: text.optional(),
    cta: text.optional(),
    form: text.optional(),
    socialPost: text.optional(),
  })
  .refine((i) => i.contactId !== undefined || i.visitorId !== undefined, {
    message: 'contactId or visitorId is required',
    path: ['contactId'],
  })
  .meta({ id: 'InteractionInput' });
export type InteractionInput = z.output<typeof interactionInputSchema>;

/** POST /v1/interactions: a batch stored all or nothing. */
export const interactionsInputSchema = z
  .object({
    interactions: z
      .array(interactionInputSchema)
      .min(1)
      .max(MAX_INTERACTIONS_PER_REQUEST),
  })
  .meta({ id: 'InteractionsInput' });

/** Answer of POST /v1/contacts, POST /v1/deals and PATCH /v1/deals/:id. */
export const upsertAnswerSchema = z
  .object({ id: z.string(), created: z.boolean() })
  .meta({ id: 'UpsertAnswer' });

/** Answer of POST /v1/interactions: how many were new. */
export const interactionsAnswerSchema = z
  .object({
    received: z.number().int(),
    stored: z.number().int(),
  })
  .meta({ id: 'InteractionsAnswer' });
