import { sortTouches } from './journey-order';
import {
  CLOSED_WON_BIT,
  DEAL_CREATION_BIT,
  FIRST_BIT,
  LAST_BIT,
  LEAD_CREATED_BIT,
  LEAD_CREATION_BIT,
} from './position-bits';
import { sampleJourney } from './sample-journey';
import type { ContactMilestone, Conversion, Touch } from './types';

/** Journeys longer than this many touches are sampled. */
export const DEFAULT_MAX_TOUCHES = 100_000;

/** Sales activities: on a deal's journey only when logged on that deal. */
function isSalesActivity(type: string): boolean {
  // Comparisons, not a Set: this runs once per touch of every deal.
  return (
    type === 'call' ||
    type === 'meeting' ||
    type === 'sales_email_reply' ||
    type === 'conversation'
  );
}

/**
 * A journey held in reusable typed arrays, so that attributing a million
 * touches allocates almost nothing per touch. Index fields are journey
 * slots, -1 when the position is missing.
 */
export interface Journey {
  /** Index into conversion.touches of each slot, in journey order. */
  order: Int32Array;
  /** Position bits of each slot. */
  bits: Uint8Array;
  /** Time of each slot (ms), copied so later passes stay in typed arrays. */
  at: Float64Array;
  length: number;
  first: number;
  last: number;
  leadCreated: number;
  leadCreation: number;
  dealCreation: number;
  closedWon: number;
  sampled: boolean;
}

/** An empty journey whose arrays grow on demand. */
export function createJourney(): Journey {
  return {
    order: new Int32Array(64),
    bits: new Uint8Array(64),
    at: new Float64Array(64),
    length: 0,
    first: -1,
    last: -1,
    leadCreated: -1,
    leadCreation: -1,
    dealCreation: -1,
    closedWon: -1,
    sampled: false,
  };
}

function ensureCapacity(j: Journey, size: number): void {
  if (j.order.length >= size) return;
  let capacity = j.order.length;
  while (capacity < size) capacity *= 2;
  j.order = new Int32Array(capacity);
  j.bits = new Uint8Array(capacity);
  j.at = new Float64Array(capacity);
}

function selectTouches(c: Conversion, cutAt: number, j: Journey): void {
  const touches = c.touches;
  const forDeal = c.report !== 'contact-create';
  let n = 0;
  for (let i = 0; i < touches.length; i++) {
    const t = touches[i] as Touch;
    if (!(t.at <= cutAt)) continue;
    // A sales activity counts for a deal only when logged on that deal.
    if (forDeal && isSalesActivity(t.type) && !t.dealIds?.includes(c.id)) {
      continue;
    }
    j.order[n++] = i;
  }
  j.length = n;
}

function firstCreated(contacts: readonly ContactMilestone[]): ContactMilestone {
  let earliest = contacts[0] as ContactMilestone;
  for (const contact of contacts) {
    const earlier = contact.createdAt < earliest.createdAt;
    const tie = contact.createdAt === earliest.createdAt;
    if (earlier || (tie && contact.id < earliest.id)) earliest = contact;
  }
  return earliest;
}

/** The recorded creation of a contact in the journey, else -1. */
function creationSlot(c: Conversion, j: Journey, contactId: string): number {
  for (let i = 0; i < j.length; i++) {
    const t = c.touches[j.order[i] as number] as Touch;
    if (t.createsContact === true && t.contactId === contactId) return i;
  }
  return -1;
}

/** The last slot at or before a moment, else -1. */
function lastSlotAtOrBefore(j: Journey, at: number): number {
  for (let i = j.length - 1; i >= 0; i--) {
    if ((j.at[i] as number) <= at) return i;
  }
  return -1;
}

function markPositions(c: Conversion, j: Journey): void {
  const bits = j.bits;
  bits.fill(0, 0, j.length);
  if (j.length === 0) return;

  bits[0] = FIRST_BIT;
  if (c.report === 'contact-create') {
    bits[j.length - 1] |= LAST_BIT;
    const contact = c.contacts[0] as ContactMilestone;
    const created = creationSlot(c, j, contact.id);
    if (created >= 0) bits[created] |= LEAD_CREATED_BIT;
    return;
  }

  const lead = firstCreated(c.contacts);
  let leadSlot = creationSlot(c, j, lead.id);
  if (leadSlot < 0) leadSlot = lastSlotAtOrBefore(j, lead.createdAt);
  if (leadSlot >= 0) bits[leadSlot] |= LEAD_CREATION_BIT;
  const dealSlot = lastSlotAtOrBefore(j, c.dealCreatedAt ?? NaN);
  if (dealSlot >= 0) bits[dealSlot] |= DEAL_CREATION_BIT;
  if (c.report === 'revenue') bits[j.length - 1] |= CLOSED_WON_BIT;
}

/** Sets the position slot fields from the bits. */
export function indexPositions(j: Journey): void {
  j.first = j.last = j.leadCreated = j.leadCreation = -1;
  j.dealCreation = j.closedWon = -1;
  for (let i = 0; i < j.length; i++) {
    const b = j.bits[i] as number;
    if (b === 0) continue;
    if (b & FIRST_BIT) j.first = i;
    if (b & LAST_BIT) j.last = i;
    if (b & LEAD_CREATED_BIT) j.leadCreated = i;
    if (b & LEAD_CREATION_BIT) j.leadCreation = i;
    if (b & DEAL_CREATION_BIT) j.dealCreation = i;
    if (b & CLOSED_WON_BIT) j.closedWon = i;
  }
}

/**
 * Fills `j` with the journey of a usable conversion: its touches up to
 * `cutAt` (sales activities only when on the deal), in journey order, with
 * their positions; sampled down to `maxTouches` when longer.
 */
export function buildJourney(
  c: Conversion,
  cutAt: number,
  maxTouches: number,
  j: Journey,
): void {
  ensureCapacity(j, c.touches.length);
  j.sampled = false;
  selectTouches(c, cutAt, j);
  sortTouches(c.touches, j);
  markPositions(c, j);
  if (j.length > maxTouches) sampleJourney(j, maxTouches);
  indexPositions(j);
}
