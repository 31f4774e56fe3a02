import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isbot } from 'isbot';
import { MAX_COLLECT_JSON_DEPTH, parseGuardedJson } from '../body-guard';
import { ApiError } from '../errors';
import { countDrop, NO_PORTAL } from '../ingest/counters';
import { type CollectMessage, MESSAGE_VERSION } from '../ingest/message';
import { outboxEnabled, recordInOutbox } from '../ingest/outbox';
import { findPortal } from '../ingest/portal-cache';
import { queueMessage } from '../ingest/queue-messages';
import { scrubEvent } from '../ingest/scrub';
import { log } from '../logger';
import { openCors } from '../open-cors';
import { limitClient, limitPortal } from '../rate-limit';
import { parseWith } from '../schemas/validate-input';
import { MAX_COLLECT_BODY_BYTES, wireBatchSchema } from '../schemas/wire';
import type { AppEnv } from '../types';

/**
 * The collect path. `/v1/e` is the neutral alias the served tracker uses,
 * because content blockers match paths containing "collect".
 */
export const COLLECT_PATHS = ['/v1/collect', '/v1/e'] as const;

/** Seconds a client should wait before resending after a 503. */
export const QUEUE_RETRY_AFTER_S = 5;

/** POST /v1/collect and its alias: tracker batches onto the Queue. */
export const collectRoutes = new Hono<AppEnv>();

type Ctx = Context<AppEnv>;

function recordDrop(c: Ctx, portalId: string, reason: string, n: number) {
  c.executionCtx.waitUntil(
    countDrop(c.env.DB, portalId, reason, n)
      .run()
      .catch(() => undefined),
  );
}

function parseBody(c: Ctx, text: string) {
  let body: unknown;
  try {
    body = parseGuardedJson(text, MAX_COLLECT_JSON_DEPTH);
  } catch (err) {
    recordDrop(c, NO_PORTAL, 'invalid', 1);
    throw err;
  }
  try {
    return parseWith(wireBatchSchema, body);
  } catch (err) {
    recordDrop(c, NO_PORTAL, 'invalid', 1);
    throw err;
  }
}

for (const path of COLLECT_PATHS) {
  collectRoutes.use(path, openCors());
  collectRoutes.post(
    path,
    bodyLimit({
      maxSize: MAX_COLLECT_BODY_BYTES,
      onError: (c) => {
        recordDrop(c, NO_PORTAL, 'too_large', 1);
        throw new ApiError(
          413,
          'too_large',
          `the body exceeds ${MAX_COLLECT_BODY_BYTES} bytes`,
        );
      },
    }),
    async (c) => {
      const headers = c.req.raw.headers;
      limitClient(c.env, headers.get('cf-connecting-ip') ?? undefined);
      const text = await c.req.text();
      const batch = parseBody(c, text);
      const receivedAt = Date.now();
      limitPortal(c.env, batch.p);

      const portal = await findPortal(c.env.DB, batch.p);
      if (!portal) {
        recordDrop(c, NO_PORTAL, 'unknown_portal', batch.e.length);
        throw new ApiError(404, 'unknown_portal', 'no such portal', 'p');
      }
      const userAgent = headers.get('user-agent') ?? '';
      if (!userAgent || isbot(userAgent)) {
        recordDrop(c, portal.id, 'bot', batch.e.length);
        return c.json({ accepted: 0 }, 202);
      }

      const country = c.req.raw.cf?.country;
      const message: CollectMessage = {
        v: MESSAGE_VERSION,
        portalId: portal.id,
        receivedAt,
        country: typeof country === 'string' ? country : null,
        events: batch.e.map(scrubEvent),
      };
      try {
        if (outboxEnabled(c.env)) {
          message.outboxId = crypto.randomUUID();
          await recordInOutbox(c.env.DB, {
            ...message,
            outboxId: message.outboxId,
          }).run();
        }
        const { contentType } = queueMessage(message, text);
        await c.env.EVENTS.send(message, { contentType });
      } catch (err) {
        log('error', 'queue_send_failed', {
          portalId: portal.id,
          message: err instanceof Error ? err.message : String(err),
        });
        throw new ApiError(
          503,
          'unavailable',
          'the event queue is unavailable; retry later',
          undefined,
          { 'Retry-After': String(QUEUE_RETRY_AFTER_S) },
        );
      }
      return c.json({ accepted: batch.e.length }, 202);
    },
  );
}
