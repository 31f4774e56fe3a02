import type { VisitorState } from './visitor-plan';

/**
 * The visitors one object keeps in memory, least recently used first
 * out. It is bounded by the number of visitors and by their events
 * together, because the events are what take the room: about 850 bytes
 * of heap per event with its written-row entry, so 5,000 visitors of 40
 * events each would pass the 128 MB an isolate may use on Workers, and
 * one isolate can host several objects. A visitor dropped here is read
 * back from the object's storage when it comes back.
 */
export class VisitorCache {
  private readonly states = new Map<string, VisitorState>();

  constructor(
    private readonly maxVisitors: number,
    private readonly maxEvents: number,
  ) {}

  /** The cached state, now the most recently used. */
  get(id: string): VisitorState | undefined {
    const state = this.states.get(id);
    if (state) {
      this.states.delete(id);
      this.states.set(id, state);
    }
    return state;
  }

  /** Caches a state as the most recently used; call `trim` after. */
  add(state: VisitorState): void {
    this.states.delete(state.id);
    this.states.set(state.id, state);
  }

  delete(id: string): void {
    this.states.delete(id);
  }

  /**
   * Drops the least recently used visitors until both bounds hold,
   * counting events as they are now (states grow after they are cached).
   */
  trim(): void {
    let events = 0;
    for (const state of this.states.values()) events += state.events.size;
    for (const [id, state] of this.states) {
      if (this.states.size <= this.maxVisitors && events <= this.maxEvents) {
        return;
      }
      this.states.delete(id);
      events -= state.events.size;
    }
  }

  /** Cached visitors, least recently used first. */
  ids(): string[] {
    return [...this.states.keys()];
  }
}
