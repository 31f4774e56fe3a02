import { conversionContactsSql, type Scope } from './conversion-sql';
import type { TouchColumn } from './touch-columns';

/** Columns read per touch besides seq, id, type and at: [name, how]. */
export type Columns = readonly (readonly [string, TouchColumn])[];

interface TouchSqlInput {
  report: Parameters<typeof conversionContactsSql>[0];
  scope: Scope;
  columns: Columns;
}

function parts(columns: Columns) {
  const needsSession = columns.some(([, c]) => c.needsSession);
  return {
    values: columns.map(([, c]) => `, ${c.sql}`).join(''),
    session: needsSession
      ? 'LEFT JOIN sessions s ON s.portal_id = ?1 AND s.id = i.session_id'
      : '',
  };
}

// cc: each contact of the conversions with the latest moment any of its
// conversions needs. MATERIALIZED: computed once, not per touch.
function contactsCte(input: TouchSqlInput): string {
  return `WITH conv AS (${conversionContactsSql(input.report, input.scope)}),
    cc AS MATERIALIZED (SELECT contact_id, max(cutoff) AS cutoff FROM conv
      GROUP BY contact_id)`;
}

// A touch reached through a visitor but also stored with the contact's id
// is read once, through the contact.
const VISITOR_JOIN = `visitors v CROSS JOIN interactions i
  ON i.portal_id = ?1 AND i.visitor_id = v.id AND i.at <= cc.cutoff
  AND (i.contact_id IS NULL OR i.contact_id <> cc.contact_id)`;

/**
 * Packed form: one row per contact, `[contactId, own, viaVisitors]`, each
 * a JSON array of `[seq, id, type, at, ...columns]`. D1 moves a few long
 * values far faster than 100,000 short rows, and each aggregate walks one
 * index range with no sort. CROSS JOIN keeps the join order as written:
 * from the contact into the indexes, never a scan of the portal.
 */
export function packedTouchesSql(input: TouchSqlInput): string {
  const { values, session } = parts(input.columns);
  const packed = `json_group_array(json_array(i.seq, i.id, i.type, i.at
    ${values}))`;
  return `${contactsCte(input)}
    SELECT cc.contact_id,
      (SELECT ${packed} FROM interactions i ${session}
       WHERE i.portal_id = ?1 AND i.contact_id = cc.contact_id
         AND i.at <= cc.cutoff),
      (SELECT ${packed} FROM ${VISITOR_JOIN} ${session}
       WHERE v.portal_id = ?1 AND v.contact_id = cc.contact_id)
    FROM cc`;
}

/**
 * Row form: one row per touch, `[seq, id, type, at, ...columns,
 * contactId]`. The fallback for a contact whose packed touches pass D1's
 * 2 MB cap on one value.
 */
export function rowTouchesSql(input: TouchSqlInput): string {
  const { values, session } = parts(input.columns);
  const head = `SELECT i.seq, i.id, i.type, i.at ${values}, cc.contact_id`;
  return `${contactsCte(input)}
    ${head} FROM cc CROSS JOIN interactions i ON i.portal_id = ?1
      AND i.contact_id = cc.contact_id AND i.at <= cc.cutoff
    ${session}
    UNION ALL
    ${head} FROM cc CROSS JOIN ${VISITOR_JOIN}
      AND v.portal_id = ?1 AND v.contact_id = cc.contact_id
    ${session}`;
}
