/**
 * Visitors per portal are spread over this many Durable Objects. Fixed:
 * a visitor's events live in the object its id hashes to, so changing the
 * number would strand stored events (it needs a migration that moves them).
 */
export const VISITOR_SHARDS = 32;

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
