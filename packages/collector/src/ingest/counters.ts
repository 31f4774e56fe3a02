/** The UTC day of a time, as counters key it. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Portal id under which drops that belong to no known portal count. */
export const NO_PORTAL = '*';

/** Statement adding to a drop counter. */
export function countDrop(
  db: D1Database,
  portalId: string,
  reason: string,
  count: number,
  now = Date.now(),
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO drop_counts (portal_id, reason, day, count)
       VALUES (?, ?, ?, ?)
       ON CONFLICT (portal_id, reason, day)
       DO UPDATE SET count = count + excluded.count`,
    )
    .bind(portalId, reason, utcDay(now), count);
}

/** Statement adding to the stored-events counter. */
export function countStored(
  db: D1Database,
  portalId: string,
  count: number,
  now = Date.now(),
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO ingest_counts (portal_id, day, stored) VALUES (?, ?, ?)
       ON CONFLICT (portal_id, day) DO UPDATE SET stored = stored + excluded.stored`,
    )
    .bind(portalId, utcDay(now), count);
}
