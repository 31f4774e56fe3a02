import type { Source } from '../sources/classify';

/** Idle time that ends a session. */
export const SESSION_TIMEOUT_MS = 30 * 60 * 1000;

/** What sessionizing needs to know about one tracked event. */
export interface SessionEvent {
  id: string;
  ts: number;
  /** Tracker event kind; only page views (`pv`) can start a new source. */
  type: string;
  /**
   * How the event arrived: `c|…` for a campaign (UTM set, click id),
   * `s|source` for an external referrer, null for a bare internal or
   * direct event, which continues the session it falls in.
   */
  arrival: string | null;
  /** The classified source; null for an internal referrer. */
  source: Source | null;
}

/** One session: its events in order. */
export interface SessionSpan<E extends SessionEvent> {
  first: E;
  last: E;
  /** The arrival a new source is compared with: fixed by `first`. */
  arrival: string;
  source: Source;
  events: E[];
}

/** Orders events by time, then id: a total, deterministic order. */
export function compareEvents(a: SessionEvent, b: SessionEvent): number {
  if (a.ts !== b.ts) return a.ts - b.ts;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function startsNewSession<E extends SessionEvent>(
  current: SessionSpan<E> | undefined,
  event: E,
): boolean {
  if (!current) return true;
  if (event.ts - current.last.ts >= SESSION_TIMEOUT_MS) return true;
  return (
    event.type === 'pv' &&
    event.arrival !== null &&
    event.arrival !== current.arrival
  );
}

/**
 * Splits one visitor's events into sessions. A pure function of the event
 * *set*: the input is sorted first, so the order events arrived in never
 * changes the answer. This is what makes sessions correct under Queue
 * reordering: whatever arrives late, recomputing gives the sessions that
 * in-order processing would have given.
 */
export function sessionize<E extends SessionEvent>(
  events: readonly E[],
): SessionSpan<E>[] {
  const sorted = [...events].sort(compareEvents);
  const sessions: SessionSpan<E>[] = [];
  let current: SessionSpan<E> | undefined;

  for (const event of sorted) {
    if (startsNewSession(current, event)) {
      const source = event.source ?? 'direct_traffic';
      current = {
        first: event,
        last: event,
        arrival: event.arrival ?? `s|${source}`,
        source,
        events: [],
      };
      sessions.push(current);
    }
    if (!current) continue;
    current.last = event;
    current.events.push(event);
  }
  return sessions;
}
