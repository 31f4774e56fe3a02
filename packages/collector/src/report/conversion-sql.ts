import type { ReportKind } from '@stack/attribution';

/**
 * Which conversions a load covers: those in a date range, or one contact
 * or deal (the journey view). Parameters: ?1 portal, ?2 from (or the id),
 * ?3 to.
 */
export type Scope = { kind: 'range' } | { kind: 'one' };

/** WHERE clause over `deals d` picking a report's candidate deals. */
export function dealFilter(report: ReportKind, scope: Scope): string {
  if (scope.kind === 'one') return 'd.portal_id = ?1 AND d.id = ?2';
  if (report === 'deal-create') {
    return 'd.portal_id = ?1 AND d.created_at BETWEEN ?2 AND ?3';
  }
  // A won deal without a close date may have closed in any range that ends
  // after its creation: it is listed (and counted as left out) in those.
  return `d.portal_id = ?1 AND d.stage = 'closedwon' AND (
    d.closed_at BETWEEN ?2 AND ?3
    OR (d.closed_at IS NULL AND d.created_at <= ?3))`;
}

/** WHERE clause over `contacts c` for the contact-create report. */
export function contactFilter(scope: Scope): string {
  if (scope.kind === 'one') return 'c.portal_id = ?1 AND c.id = ?2';
  return 'c.portal_id = ?1 AND c.created_at BETWEEN ?2 AND ?3';
}

/**
 * SELECT of (cid, contact_id, cutoff): each conversion's contacts and the
 * moment its journey ends. Revenue deals the engine would leave out
 * (no amount, no close date) load no touches.
 */
export function conversionContactsSql(
  report: ReportKind,
  scope: Scope,
): string {
  if (report === 'contact-create') {
    return `SELECT c.id AS cid, c.id AS contact_id, c.created_at AS cutoff
      FROM contacts c WHERE ${contactFilter(scope)}`;
  }
  const cutoff = report === 'revenue' ? 'd.closed_at' : 'd.created_at';
  const usable =
    report === 'revenue'
      ? 'AND d.amount IS NOT NULL AND d.closed_at IS NOT NULL'
      : '';
  return `SELECT d.id AS cid, dc.contact_id AS contact_id, ${cutoff} AS cutoff
    FROM deals d CROSS JOIN deal_contacts dc
      ON dc.portal_id = d.portal_id AND dc.deal_id = d.id
    WHERE ${dealFilter(report, scope)} ${usable}`;
}
