/**
 * Visitors per portal are spread over this many Durable Objects. Each
 * call writes its visitors' rows in one D1 batch, so fewer shards mean
 * fewer, larger writes (the consumer's throughput) and more shards mean
 * more objects working in parallel (see docs/collector.md). Fixed: a
 * visitor's events live in the object its id hashes to, so changing the
 * number strands stored events unless a migration moves them.
 */
export const VISITOR_SHARDS = 4;

/** FNV-1a: a fast, stable hash; the spread only needs to be even. */
export function shardOf(visitorId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < visitorId.length; i += 1) {
    hash ^= visitorId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % VISITOR_SHARDS;
}

/** Name of the object that holds a portal's shard. */
export function shardName(portalId: string, shard: number): string {
  return `${portalId}:${shard}`;
}

/** The object that holds this visitor's events. */
export function visitorObject(env: Env, portalId: string, visitorId: string) {
  return env.VISITORS.getByName(shardName(portalId, shardOf(visitorId)));
}
