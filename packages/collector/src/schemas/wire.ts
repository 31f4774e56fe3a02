import { z } from 'zod';

/** Largest collect body accepted, checked before parsing. */
export const MAX_COLLECT_BODY_BYTES = 64 * 1024;
/** Most events one collect request may carry. */
export const MAX_EVENTS_PER_BATCH = 100;
/** Longest URL (page, referrer, link target) accepted. */
export const MAX_WIRE_URL_CHARS = 2048;
/** Most custom event properties. */
export const MAX_PROPERTIES = 50;
/** Earliest event time accepted: 2000-01-01T00:00:00Z. */
export const MIN_EVENT_TIME_MS = 946_684_800_000;
/** Latest event time accepted: year 2100, well past any clock skew. */
export const MAX_EVENT_TIME_MS = 4_102_444_800_000;

const epochMs = z.number().int().min(MIN_EVENT_TIME_MS).max(MAX_EVENT_TIME_MS);
const url = z.string().max(MAX_WIRE_URL_CHARS);

const propertyValue = z.union([
  z.string().max(512),
  z.number().finite(),
  z.boolean(),
  z.null(),
]);

/** Custom event properties: a flat, bounded object of scalars. */
export const wirePropertiesSchema = z
  .record(z.string().min(1).max(64), propertyValue)
  .refine((value) => Object.keys(value).length <= MAX_PROPERTIES, {
    message: `at most ${MAX_PROPERTIES} properties`,
  });

/** One tracker event (see the tracker's wire.ts for each key's meaning). */
export const wireEventSchema = z
  .object({
    i: z.string().min(1).max(64),
    t: z.enum(['pv', 'cta', 'form', 'ce', 'out', 'dl', 'id']),
    ts: epochMs,
    u: z.url().max(MAX_WIRE_URL_CHARS),
    r: url.optional(),
    ti: z.string().max(512).optional(),
    ct: z.string().min(1).max(64).optional(),
    vi: z
      .string()
      .regex(/^[0-9a-f]{32}$/, 'a 32-hex visitor token')
      .optional(),
    ss: epochMs.optional(),
    sc: z.number().int().min(0).max(1_000_000).optional(),
    fv: epochMs.optional(),
    em: z.string().max(254).optional(),
    ii: z.string().min(1).max(128).optional(),
    ci: z.string().max(128).optional(),
    cx: z.string().max(256).optional(),
    fi: z.string().max(128).optional(),
    h: url.optional(),
    n: z.string().min(1).max(128).optional(),
    pr: wirePropertiesSchema.optional(),
    an: z.literal(1).optional(),
  })
  .meta({ id: 'WireEvent' });
export type WireEventInput = z.output<typeof wireEventSchema>;

/** One collect request: a batch of events of one portal. */
export const wireBatchSchema = z
  .object({
    v: z.literal(1),
    p: z.string().min(1).max(64),
    e: z.array(wireEventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
  })
  .meta({ id: 'WireBatch' });
export type WireBatchInput = z.output<typeof wireBatchSchema>;
