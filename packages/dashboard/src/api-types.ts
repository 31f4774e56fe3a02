// Shapes of the collector's answers, as the dashboard reads them.
import type { ModelName, ReportKind } from '@stack/attribution';

export type { ModelName, ReportKind };

/** Report model picked in the dashboard: one model or all side by side. */
export type ModelChoice = ModelName | 'compare';

/** GET /v1/portal */
export interface PortalInfo {
  id: string;
  name: string;
  domains: string[];
}

/** One dimension value of GET /v1/reports/attribution. */
export interface ReportRow {
  key: string | null;
  /** The second dimension's value, when the report asked for one. */
  key2?: string | null;
  /** A number for one model; an object keyed by model for `compare`. */
  credit: number | Partial<Record<ModelName, number>>;
  interactions: number;
  conversions: number;
}

/** GET /v1/reports/attribution */
export interface ReportAnswer {
  report: ReportKind;
  model: ModelChoice;
  dimension: string;
  rows: ReportRow[];
  conversions: number;
  excluded?: Record<string, number>;
  sampled?: string[];
  currency?: string | null;
}

export interface Utm {
  campaign?: string | null;
  source?: string | null;
  medium?: string | null;
  content?: string | null;
  term?: string | null;
}

/** One row of GET /v1/sessions. */
export interface SessionRow {
  id: string;
  visitorId: string | null;
  contactId: string | null;
  startedAt: string;
  endedAt: string;
  source: string;
  landingUrl: string | null;
  referrer: string | null;
  utm: Utm | null;
  events: number;
  /** Two characters from the edge; absent from older collectors. */
  country?: string | null;
}

/** One row of GET /v1/contacts?email= */
export interface ContactRow {
  id: string;
  email: string | null;
  createdAt: string;
  method: string;
}

/** One interaction of GET /v1/contacts/:id/journey, in journey order. */
export interface JourneyInteraction {
  id: string;
  type: string;
  at: string;
  url: string | null;
  title: string | null;
  sessionId: string | null;
  source: string | null;
  assetType: string | null;
  contentType: string | null;
  utm: Utm | null;
  positions: string[];
  credit: Partial<Record<ModelName, number>>;
}

/** The deal a deal or revenue journey ends at. */
export interface JourneyDeal {
  id: string;
  name: string;
  amount: number | null;
  currency: string | null;
  stage: string;
  createdAt: string;
  closedAt: string | null;
}

export interface JourneyAnswer {
  contact: ContactRow;
  deal?: JourneyDeal;
  /** Deal reports: the contact's deals to pick from, oldest first. */
  deals?: { id: string; name: string; createdAt: string }[];
  /** Model → why it gives this journey no credit. */
  excluded?: Record<string, string>;
  sampled?: boolean;
  interactions: JourneyInteraction[];
}
