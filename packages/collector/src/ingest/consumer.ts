import { log } from '../logger';
import type { ShardBatch } from '../sessions/visitor-object';
import { shardName, shardOf } from '../sessions/visitor-shards';
import { type AnonymousEvent, writeAnonymous } from './anonymous';
import { resolveContentTypes } from './content-types';
import { countDrop, countStored } from './counters';
import { type CollectMessage, isCollectMessage } from './message';
import { clearFromOutbox } from './outbox';
import { findPortal } from './portal-cache';
import {
  arrivalClassifier,
  type PreparedEvent,
  prepareEvent,
} from './prepared-event';

/** Drop reason of events past a visitor's bound (VISITOR_MAX_EVENTS). */
export const VISITOR_LIMIT_REASON = 'visitor_limit';

interface Group {
  name: string;
  batch: ShardBatch;
  byVisitor: Map<string, PreparedEvent[]>;
  messages: Set<Message>;
}

/**
 * Consumes one Queue batch of collect messages. Each visitor's events go
 * to the Durable Object holding that visitor's shard (one call per shard,
 * all shards in parallel); a message is acknowledged only when every
 * shard it touched stored it, and retried otherwise. Retrying is safe: the objects ignore event ids they
 * already hold, so nothing is written twice.
 */
export async function consumeEvents(
  batch: MessageBatch<unknown>,
  env: Env,
): Promise<void> {
  const groups = new Map<string, Group>();
  const anonymous: AnonymousEvent[] = [];
  const failed = new Set<Message>();
  const byPortal = new Map<string, Message<CollectMessage>[]>();

  for (const message of batch.messages) {
    if (!isCollectMessage(message.body)) {
      log('warn', 'queue_message_malformed', { id: message.id });
      message.ack();
      continue;
    }
    const list = byPortal.get(message.body.portalId) ?? [];
    list.push(message as Message<CollectMessage>);
    byPortal.set(message.body.portalId, list);
  }

  for (const [portalId, messages] of byPortal) {
    try {
      await preparePortal(env, portalId, messages, groups, anonymous);
    } catch (err) {
      logFailure('portal_prepare_failed', err, { portalId });
      for (const m of messages) failed.add(m);
    }
  }

  const stored = new Map<string, number>();
  const overLimit = new Map<string, number>();
  const add = (counts: Map<string, number>, portalId: string, n: number) =>
    counts.set(portalId, (counts.get(portalId) ?? 0) + n);
  const results = await Promise.allSettled(
    [...groups.values()].map(async (group) => {
      const { portalId } = group.batch;
      const stub = env.VISITORS.getByName(group.name);
      const result = await stub.ingest(group.batch);
      add(stored, portalId, result.fresh);
      add(overLimit, portalId, result.overLimit);
    }),
  );
  [...groups.values()].forEach((group, i) => {
    const result = results[i];
    if (result?.status !== 'rejected') return;
    logFailure('shard_ingest_failed', result.reason, {
      portalId: group.batch.portalId,
    });
    for (const m of group.messages) failed.add(m);
  });

  if (anonymous.length > 0) {
    try {
      await writeAnonymous(env.DB, anonymous);
    } catch (err) {
      logFailure('anonymous_write_failed', err);
      for (const item of anonymous) failed.add(item.message);
    }
  }

  const counts = [
    ...[...stored]
      .filter(([, n]) => n > 0)
      .map(([p, n]) => countStored(env.DB, p, n)),
    ...[...overLimit]
      .filter(([, n]) => n > 0)
      .map(([p, n]) => {
        log('warn', 'visitor_event_limit', { portalId: p, count: n });
        return countDrop(env.DB, p, VISITOR_LIMIT_REASON, n);
      }),
  ];
  if (counts.length > 0) await env.DB.batch(counts);
  await clearStored(env, batch.messages, failed);
  for (const message of batch.messages) {
    if (failed.has(message)) message.retry();
    else message.ack();
  }
}

// A row left behind by a failed delete is only sent again, harmlessly.
async function clearStored(
  env: Env,
  messages: readonly Message<unknown>[],
  failed: ReadonlySet<Message>,
): Promise<void> {
  const ids = messages.flatMap((m) => {
    const body = m.body as Partial<CollectMessage> | null;
    return !failed.has(m) && typeof body?.outboxId === 'string'
      ? [body.outboxId]
      : [];
  });
  if (ids.length === 0) return;
  try {
    await clearFromOutbox(env.DB, ids).run();
  } catch (err) {
    logFailure('outbox_clear_failed', err);
  }
}

async function preparePortal(
  env: Env,
  portalId: string,
  messages: Message<CollectMessage>[],
  groups: Map<string, Group>,
  anonymous: AnonymousEvent[],
): Promise<void> {
  const portal = await findPortal(env.DB, portalId);
  if (!portal) {
    const count = messages.reduce((n, m) => n + m.body.events.length, 0);
    await countDrop(env.DB, portalId, 'unknown_portal', count).run();
    return;
  }
  const received = messages.flatMap((m) =>
    m.body.events.map((event) => ({ event, receivedAt: m.body.receivedAt })),
  );
  const contentTypes = await resolveContentTypes(env.DB, portalId, received);

  const classify = arrivalClassifier(portal.domains);
  // Hashed once per visitor: a batch repeats each visitor's token.
  const shardNames = new Map<string, string>();
  for (const message of messages) {
    for (const event of message.body.events) {
      const prepared = prepareEvent(
        event,
        message.body.receivedAt,
        classify,
        contentTypes.get(event.i) ?? null,
        message.body.country,
      );
      if (!event.vi) {
        anonymous.push({ portalId, event: prepared, message });
        continue;
      }
      let name = shardNames.get(event.vi);
      if (name === undefined) {
        name = shardName(portalId, shardOf(event.vi));
        shardNames.set(event.vi, name);
      }
      let group = groups.get(name);
      if (!group) {
        group = {
          name,
          batch: { portalId, visitors: [] },
          byVisitor: new Map(),
          messages: new Set(),
        };
        groups.set(name, group);
      }
      let events = group.byVisitor.get(event.vi);
      if (!events) {
        events = [];
        group.byVisitor.set(event.vi, events);
        group.batch.visitors.push({ visitorId: event.vi, events });
      }
      events.push(prepared);
      group.messages.add(message);
    }
  }
}

function logFailure(
  event: string,
  err: unknown,
  fields: Record<string, unknown> = {},
): void {
  const message = err instanceof Error ? err.message : String(err);
  log('error', event, { ...fields, message });
}
