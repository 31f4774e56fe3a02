import type { WireEventInput } from '../schemas/wire';

/** Version of the Queue message shape below. */
export const MESSAGE_VERSION = 1;

/** How messages are encoded on the Queue. */
export const QUEUE_CONTENT_TYPE: QueueContentType = 'v8';

/**
 * What the collect route puts on the Queue: one validated batch, stamped
 * when it arrived. It carries no IP address and no request header; the
 * country (from the edge, not the IP) is the only network-derived field.
 */
export interface CollectMessage {
  v: typeof MESSAGE_VERSION;
  portalId: string;
  /** When the collector accepted the batch, ms since the epoch. */
  receivedAt: number;
  /** Two-letter country code from request.cf, when the edge gave one. */
  country: string | null;
  events: WireEventInput[];
  /** Its outbox row, when the outbox is on (see ingest/outbox.ts). */
  outboxId?: string;
}

/** Narrows an unknown Queue body to a CollectMessage. */
export function isCollectMessage(body: unknown): body is CollectMessage {
  if (typeof body !== 'object' || body === null) return false;
  const m = body as Partial<CollectMessage>;
  return (
    m.v === MESSAGE_VERSION &&
    typeof m.portalId === 'string' &&
    typeof m.receivedAt === 'number' &&
    Array.isArray(m.events)
  );
}
