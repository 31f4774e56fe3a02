import { z } from 'zod';

/** Most sessions one GET /v1/sessions answers with. */
export const MAX_SESSIONS_PER_PAGE = 1000;

const isoOrDate = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)), 'an ISO 8601 date or time')
  .transform((v) => Date.parse(v));

/**
 * Where a page of sessions ends: `<startedAt ms>_<session id>`, the sort
 * key of the last session listed. Opaque to clients.
 */
const CURSOR = /^(\d{1,15})_(s_[0-9a-f]{24})$/;

/** A page cursor, read. */
export interface SessionCursor {
  startedAt: number;
  id: string;
}

/** The cursor that continues after the session `id` started at `startedAt`. */
export function sessionCursor(startedAt: number, id: string): string {
  return `${startedAt}_${id}`;
}

/** GET /v1/sessions query: sessions started in [from, to). */
export const sessionQuerySchema = z
  .object({
    from: isoOrDate.optional(),
    to: isoOrDate.optional(),
    visitorId: z.string().min(1).max(64).optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_SESSIONS_PER_PAGE)
      .default(100),
    /** `asc` (oldest first, the default) or `desc` (newest first). */
    order: z.enum(['asc', 'desc']).default('asc'),
    /** The `next` of the previous page. */
    after: z
      .string()
      .max(100)
      .regex(CURSOR, 'the next value of a previous page')
      .transform((v): SessionCursor => {
        const [, startedAt, id] = CURSOR.exec(v) ?? [];
        return { startedAt: Number(startedAt), id: id ?? '' };
      })
      .optional(),
  })
  .meta({ id: 'SessionQuery' });

const utmSchema = z.object({
  campaign: z.string().nullable(),
  source: z.string().nullable(),
  medium: z.string().nullable(),
  content: z.string().nullable(),
  term: z.string().nullable(),
});

/** One session as the API returns it. */
export const sessionSchema = z
  .object({
    id: z.string(),
    visitorId: z.string(),
    contactId: z.string().nullable(),
    startedAt: z.iso.datetime(),
    endedAt: z.iso.datetime(),
    source: z.string(),
    landingUrl: z.string().nullable(),
    referrer: z.string().nullable(),
    utm: utmSchema,
    events: z.number().int(),
    /** Where the edge placed the session's first request (two letters). */
    country: z.string().nullable(),
  })
  .meta({ id: 'Session' });

/** GET /v1/contacts?email= query. */
export const contactLookupQuerySchema = z
  .object({ email: z.string().min(3).max(254) })
  .meta({ id: 'ContactLookupQuery' });

/** One contact in a lookup answer. */
export const contactSummarySchema = z
  .object({
    id: z.string(),
    email: z.string().nullable(),
    createdAt: z.iso.datetime(),
    method: z.enum(['form', 'import', 'integration', 'other']),
  })
  .meta({ id: 'ContactSummary' });

/** POST /v1/admin/dead-letters/replay body. */
export const replayInputSchema = z
  .object({ limit: z.number().int().min(1).max(100).default(100) })
  .meta({ id: 'DeadLetterReplay' });
