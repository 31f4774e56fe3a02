import { QUEUE_CONTENT_TYPE } from './message';

/** Bytes one Queue message may hold (Cloudflare Queues: 128 KB). */
const MAX_MESSAGE_BYTES = 128_000;
/** Bytes one sendBatch may hold (256 KB), with room for the estimates. */
const MAX_BATCH_BYTES = 240_000;
/** Messages one sendBatch may hold. */
const MAX_BATCH_MESSAGES = 100;
/** What a message adds to its body's text: its other fields. */
const ENVELOPE_BYTES = 512;

/** A message ready for sendBatch, with its estimated encoded size. */
export interface OutgoingMessage {
  body: unknown;
  contentType: QueueContentType;
  bytes: number;
}

/**
 * The message for a body made from the JSON text `text`. V8's encoding
 * (the default) takes a byte a character, but two for every character of
 * a string that holds one beyond Latin-1: near the 64 KiB body limit, text
 * of that kind passes the 128 KB a message may hold. Such a body goes as
 * JSON instead, the size of its text in UTF-8.
 */
export function queueMessage(body: unknown, text: string): OutgoingMessage {
  const v8Bytes = 2 * text.length + ENVELOPE_BYTES;
  if (v8Bytes <= MAX_MESSAGE_BYTES) {
    return { body, contentType: QUEUE_CONTENT_TYPE, bytes: v8Bytes };
  }
  const utf8Bytes = new TextEncoder().encode(text).length;
  return { body, contentType: 'json', bytes: utf8Bytes + ENVELOPE_BYTES };
}

/**
 * Sends messages in as few sendBatch calls as the Queue's limits allow
 * (100 messages and 256 KB a call), in order; throws what the first
 * failing call threw, after the calls before it went out.
 */
export async function sendAll(
  queue: Queue,
  messages: readonly OutgoingMessage[],
): Promise<void> {
  let batch: OutgoingMessage[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await queue.sendBatch(
      batch.map((m) => ({ body: m.body, contentType: m.contentType })),
    );
    batch = [];
    bytes = 0;
  };
  for (const message of messages) {
    const full =
      batch.length >= MAX_BATCH_MESSAGES ||
      bytes + message.bytes > MAX_BATCH_BYTES;
    if (full) await flush();
    batch.push(message);
    bytes += message.bytes;
  }
  await flush();
}
