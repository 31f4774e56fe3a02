import type { PreparedEvent } from '../ingest/prepared-event';

/** How a visitor identified: by the site's own id, else by email. */
export function identityKeyOf(event: PreparedEvent): string | null {
  if (event.externalId) return `ii:${event.externalId}`;
  if (event.email) return `em:${event.email}`;
  return null;
}

/** The first event of each identity, in the order given (sorted). */
export function firstIdentityEvents(
  sorted: readonly PreparedEvent[],
): Map<string, PreparedEvent> {
  const first = new Map<string, PreparedEvent>();
  for (const event of sorted) {
    const key = identityKeyOf(event);
    if (key && !first.has(key)) first.set(key, event);
  }
  return first;
}

/**
 * The contact in force at each event: the latest identity at or before it.
 * Events before any identification belong to no contact (journeys still
 * reach them through the visitor's link).
 */
export function contactsInForce(
  sorted: readonly PreparedEvent[],
  contactOf: (key: string) => string | undefined,
): Map<string, string | null> {
  const inForce = new Map<string, string | null>();
  let current: string | null = null;
  for (const event of sorted) {
    const key = identityKeyOf(event);
    if (key) current = contactOf(key) ?? current;
    inForce.set(event.id, current);
  }
  return inForce;
}

/** Deterministic contact id for an email: equal for every visitor. */
export async function contactIdForEmail(
  portalId: string,
  email: string,
): Promise<string> {
  const bytes = new TextEncoder().encode(`${portalId}\n${email}`);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  const hex = [...new Uint8Array(digest).slice(0, 12)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
  return `c_${hex}`;
}
