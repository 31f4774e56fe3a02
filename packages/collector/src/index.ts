import { app } from './app';
import { consumeEvents } from './ingest/consumer';
import { storeDeadLetters } from './ingest/dead-letters';
import { outboxEnabled, sweepOutbox } from './ingest/outbox';
import { log, setLogLevel } from './logger';
import type { AppEnv } from './types';

export { VisitorObject } from './sessions/visitor-object';

type Bindings = AppEnv['Bindings'];

// Not exported: workerd takes every named export of the entry module for
// an entrypoint and refuses to start on a plain string.
/** Name of the Queue that receives messages which failed every retry. */
const DEAD_LETTER_QUEUE = 'attribution-events-dlq';

function sweepInBackground(env: Bindings, ctx: ExecutionContext): void {
  if (!outboxEnabled(env)) return;
  ctx.waitUntil(
    sweepOutbox(env).catch((err) =>
      log('error', 'outbox_sweep_failed', {
        message: err instanceof Error ? err.message : String(err),
      }),
    ),
  );
}

export default {
  fetch(request, env, ctx) {
    setLogLevel(env.LOG_LEVEL);
    sweepInBackground(env, ctx);
    return app.fetch(request, env, ctx);
  },
  async queue(batch, env, ctx) {
    setLogLevel(env.LOG_LEVEL);
    sweepInBackground(env, ctx);
    if (batch.queue === DEAD_LETTER_QUEUE) {
      await storeDeadLetters(batch, env);
      return;
    }
    await consumeEvents(batch, env);
  },
} satisfies ExportedHandler<Bindings>;
