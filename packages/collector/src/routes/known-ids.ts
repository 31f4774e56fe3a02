import { ApiError } from '../errors';

const TABLES = { contacts: 'contact', deals: 'deal' } as const;

/**
 * Throws a 422 naming the first id (as `field[index]`) that has no row in
 * the portal's table: imports must reference records sent before them.
 */
export async function assertKnownIds(
  db: D1Database,
  portalId: string,
  table: keyof typeof TABLES,
  ids: readonly string[],
  field: string | ((index: number) => string),
): Promise<void> {
  if (ids.length === 0) return;
  const { results } = await db
    .prepare(
      `SELECT j.key AS idx, j.value AS id FROM json_each(?2) AS j
       WHERE NOT EXISTS (
         SELECT 1 FROM ${table} t WHERE t.portal_id = ?1 AND t.id = j.value)
       ORDER BY j.key LIMIT 1`,
    )
    .bind(portalId, JSON.stringify(ids))
    .all<{ idx: number; id: string }>();
  const missing = results[0];
  if (!missing) return;

  const name =
    typeof field === 'string' ? `${field}[${missing.idx}]` : field(missing.idx);
  throw new ApiError(
    422,
    `unknown_${TABLES[table]}`,
    `${name}: no ${TABLES[table]} ${missing.id} in this portal`,
    name,
  );
}
