import { z } from 'zod';

/** Largest collect body accepted, checked before parsing. */
export const MAX_COLLECT_BODY_BYTES = 64 * 1024;
/** Most events one collect request may carry. */
export const MAX_EVENTS_PER_BATCH = 100;
/** Longest URL (page, referrer, link target) kept; longer ones are cut. */
export const MAX_WIRE_URL_CHARS = 2048;
/** Most custom event properties. */
export const MAX_PROPERTIES = 50;
/** Earliest event time accepted: 2000-01-01T00:00:00Z. */
export const MIN_EVENT_TIME_MS = 946_684_800_000;
/** Latest event time accepted: year 2100, well past any clock skew. */
export const MAX_EVENT_TIME_MS = 4_102_444_800_000;
/** Longest page title kept; longer ones are cut. */
export const MAX_WIRE_TITLE_CHARS = 512;
/** Longest CTA or link text kept; longer ones are cut. */
export const MAX_WIRE_TEXT_CHARS = 256;
/** Longest CTA id, form id, event name or site id kept. */
export const MAX_WIRE_LABEL_CHARS = 128;
/** Longest content type kept. */
export const MAX_WIRE_CONTENT_TYPE_CHARS = 64;
/** Longest email (RFC 5321); a longer one cannot be real and is left out. */
export const MAX_WIRE_EMAIL_CHARS = 254;
/** Longest property name kept; properties with longer names are left out. */
export const MAX_PROPERTY_NAME_CHARS = 64;
/** Longest property text kept; longer values are cut. */
export const MAX_PROPERTY_TEXT_CHARS = 512;
/**
 * Hard bound of any wire string: no longer one fits in a collect body.
 * Below it, free text is cut to its field's length instead of refusing
 * the batch, so the tracker need not carry the limits.
 */
const MAX_RAW_CHARS = MAX_COLLECT_BODY_BYTES;

/** Cuts text to `maxChars` UTF-16 units without splitting a pair. */
export function clipText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return text.slice(0, maxChars).replace(/[\ud800-\udbff]$/, '');
}

const raw = z.string().max(MAX_RAW_CHARS);
const epochMs = z.number().int().min(MIN_EVENT_TIME_MS).max(MAX_EVENT_TIME_MS);
/** Free text: any length up to the hard bound, kept up to `maxChars`. */
const clipped = (maxChars: number) =>
  raw
    .transform((text) => clipText(text, maxChars))
    .meta({ description: `cut to ${maxChars} characters` });
/** A name that must not be empty, kept up to `maxChars`. */
const label = (maxChars: number) => z.string().min(1).pipe(clipped(maxChars));
/**
 * An identity (email, the site's id): a cut one would name somebody
 * else, so one over `maxChars` is left out; the event is kept.
 */
const identity = (maxChars: number) =>
  raw
    .transform((text) => (text.length <= maxChars ? text : undefined))
    .meta({ description: `left out when over ${maxChars} characters` });

type PropertyValue = string | number | boolean | null;

/**
 * Keeps the first MAX_PROPERTIES scalar properties with a name of 1 to
 * MAX_PROPERTY_NAME_CHARS characters, texts cut; others are left out.
 */
function keepScalars(
  properties: Record<string, unknown>,
): Record<string, PropertyValue> {
  const kept: [string, PropertyValue][] = [];
  for (const [name, value] of Object.entries(properties)) {
    if (kept.length >= MAX_PROPERTIES) break;
    if (!name || name.length > MAX_PROPERTY_NAME_CHARS) continue;
    if (typeof value === 'string') {
      kept.push([name, clipText(value, MAX_PROPERTY_TEXT_CHARS)]);
    } else if (
      value === null ||
      typeof value === 'boolean' ||
      Number.isFinite(value)
    ) {
      kept.push([name, value as PropertyValue]);
    }
  }
  return Object.fromEntries(kept);
}

/**
 * Custom event properties: an object. Only the first MAX_PROPERTIES
 * scalar ones are kept (texts cut); nested values are left out.
 */
export const wirePropertiesSchema = z
  .record(raw, z.unknown())
  .transform(keepScalars)
  .meta({
    description:
      `the first ${MAX_PROPERTIES} scalar properties are kept, ` +
      `names of 1-${MAX_PROPERTY_NAME_CHARS} characters, ` +
      `texts cut to ${MAX_PROPERTY_TEXT_CHARS}`,
  });

/** One tracker event (see the tracker's wire.ts for each key's meaning). */
export const wireEventSchema = z
  .object({
    i: z.string().min(1).max(64),
    t: z.enum(['pv', 'cta', 'form', 'ce', 'out', 'dl', 'id']),
    ts: epochMs,
    // cut before the check: a cut URL keeps its scheme and host
    u: clipped(MAX_WIRE_URL_CHARS).pipe(z.url()),
    r: clipped(MAX_WIRE_URL_CHARS).optional(),
    ti: clipped(MAX_WIRE_TITLE_CHARS).optional(),
    ct: label(MAX_WIRE_CONTENT_TYPE_CHARS).optional(),
    vi: z
      .string()
      .regex(/^[0-9a-f]{32}$/, 'a 32-hex visitor token')
      .optional(),
    ss: epochMs.optional(),
    sc: z.number().int().min(0).max(1_000_000).optional(),
    fv: epochMs.optional(),
    em: identity(MAX_WIRE_EMAIL_CHARS).optional(),
    ii: z.string().min(1).pipe(identity(MAX_WIRE_LABEL_CHARS)).optional(),
    ci: clipped(MAX_WIRE_LABEL_CHARS).optional(),
    cx: clipped(MAX_WIRE_TEXT_CHARS).optional(),
    fi: clipped(MAX_WIRE_LABEL_CHARS).optional(),
    h: clipped(MAX_WIRE_URL_CHARS).optional(),
    n: label(MAX_WIRE_LABEL_CHARS).optional(),
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
