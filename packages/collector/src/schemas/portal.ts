import { z } from 'zod';

/** Most domains one portal may list. */
export const MAX_PORTAL_DOMAINS = 50;

/** Portal ids appear in script URLs: keep them URL-safe and short. */
export const portalIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lowercase letters, digits, - and _')
  .meta({ id: 'PortalId' });

/** POST /v1/portals: register a site. */
export const portalInputSchema = z
  .object({
    id: portalIdSchema,
    name: z.string().min(1).max(256),
    domains: z
      .array(
        z
          .string()
          .min(1)
          .max(253)
          .regex(/^[a-z0-9.-]+$/i, 'a host name'),
      )
      .max(MAX_PORTAL_DOMAINS)
      .default([]),
  })
  .meta({ id: 'PortalInput' });
export type PortalInput = z.output<typeof portalInputSchema>;

/** POST /v1/portals answer. */
export const portalCreatedSchema = z
  .object({ id: z.string(), apiKey: z.string() })
  .meta({ id: 'PortalCreated' });
