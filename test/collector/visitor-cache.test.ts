import { describe, expect, it } from 'vitest';
import { VisitorCache } from '../../packages/collector/src/sessions/visitor-cache';
import type { VisitorState } from '../../packages/collector/src/sessions/visitor-plan';

/** A visitor state holding `events` events (their bodies do not matter). */
function state(id: string, events: number): VisitorState {
  const map = new Map();
  for (let i = 0; i < events; i += 1) map.set(`${id}-${i}`, {});
  return {
    id,
    events: map,
    identities: new Map(),
    written: new Map(),
    writtenKnown: true,
    dirty: false,
  };
}

describe('VisitorCache', () => {
  it('drops the least recently used visitor past the visitor bound', () => {
    const cache = new VisitorCache(2, 1_000);
    cache.add(state('a', 1));
    cache.add(state('b', 1));
    expect(cache.get('a')?.id).toBe('a');
    cache.add(state('c', 1));
    cache.trim();
    expect(cache.ids()).toEqual(['a', 'c']);
    expect(cache.get('b')).toBeUndefined();
  });

  it('drops visitors until their events together fit the event bound', () => {
    const cache = new VisitorCache(100, 10);
    cache.add(state('a', 4));
    cache.add(state('b', 4));
    cache.add(state('c', 4));
    cache.trim();
    expect(cache.ids()).toEqual(['b', 'c']);
  });

  it('counts the events a cached state gained since it was added', () => {
    const cache = new VisitorCache(100, 10);
    const a = state('a', 2);
    cache.add(a);
    cache.add(state('b', 2));
    cache.trim();
    expect(cache.ids()).toEqual(['a', 'b']);
    for (let i = 0; i < 8; i += 1) a.events.set(`late-${i}`, {} as never);
    cache.trim();
    expect(cache.ids()).toEqual(['b']);
  });

  it('drops even the newest visitor when it alone passes the bound', () => {
    const cache = new VisitorCache(100, 10);
    cache.add(state('small', 1));
    cache.add(state('huge', 50));
    cache.trim();
    expect(cache.ids()).toEqual([]);
  });

  it('forgets an erased visitor at once', () => {
    const cache = new VisitorCache(100, 100);
    cache.add(state('a', 1));
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
  });
});
