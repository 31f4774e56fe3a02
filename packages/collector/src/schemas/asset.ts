import { z } from 'zod';

/** PUT /v1/assets: type a page from now on. */
export const assetInputSchema = z
  .object({
    url: z.url().max(2048),
    contentType: z.string().min(1).max(64),
  })
  .meta({ id: 'AssetInput' });
export type AssetInput = z.output<typeof assetInputSchema>;
