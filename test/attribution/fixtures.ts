import { expect } from 'vitest';
import type {
  ContactMilestone,
  Conversion,
  InteractionType,
  Touch,
} from '../../packages/attribution/src/index';

export const DAY_MS = 86_400_000;
/** Day 0 of every fixture: 2026-01-01T00:00Z. */
export const DAY0_MS = Date.UTC(2026, 0, 1);

/** Milliseconds of a fixture day (fractions allowed). */
export function day(n: number): number {
  return DAY0_MS + n * DAY_MS;
}

let nextSeq = 1;

/** A touch on fixture day `onDay`, of contact c1 unless told otherwise. */
export function touch(
  id: string,
  onDay: number,
  extra: Partial<Touch> = {},
): Touch {
  return {
    id,
    at: day(onDay),
    seq: nextSeq++,
    type: 'page_view' as InteractionType,
    contactId: 'c1',
    dims: {},
    ...extra,
  };
}

/** Touches t0 … t(n-1) on days 0 … n-1. */
export function touchesOnDays(n: number, extra: Partial<Touch> = {}): Touch[] {
  return Array.from({ length: n }, (_, i) => touch(`t${i}`, i, extra));
}

/** Contact c1 created on `createdDay`, converting in a contact-create report. */
export function contactCreated(
  touches: Touch[],
  createdDay: number,
  extra: Partial<Conversion> = {},
): Conversion {
  return {
    id: 'c1',
    report: 'contact-create',
    contacts: [{ id: 'c1', createdAt: day(createdDay) }],
    value: 1,
    dims: {},
    touches,
    ...extra,
  };
}

/** Deal d1 in a deal-create or revenue report. */
export function deal(
  report: 'deal-create' | 'revenue',
  touches: Touch[],
  days: { contacts: ContactMilestone[]; created: number; won?: number },
  extra: Partial<Conversion> = {},
): Conversion {
  const conversion: Conversion = {
    id: 'd1',
    report,
    contacts: days.contacts,
    dealCreatedAt: day(days.created),
    value: 1,
    dims: {},
    touches,
    ...extra,
  };
  if (days.won !== undefined) conversion.closedWonAt = day(days.won);
  return conversion;
}

/** Contact c1 created on `createdDay`. */
export function c1(createdDay: number): ContactMilestone {
  return { id: 'c1', createdAt: day(createdDay) };
}

const round = (x: number) => Number(x.toFixed(12));

/** Expects a model's credit per touch, to 12 decimals. */
export function expectCredit(
  credit: Float64Array | undefined,
  expected: number[],
): void {
  expect(credit, 'credit array of the model').toBeDefined();
  expect(Array.from(credit ?? []).map(round)).toEqual(expected.map(round));
}
