/** The three attribution reports: what counts as the conversion. */
export type ReportKind = 'contact-create' | 'deal-create' | 'revenue';

/** The attribution models, as named in report options and results. */
export type ModelName =
  | 'linear'
  | 'first_interaction'
  | 'last_interaction'
  | 'u_shaped'
  | 'w_shaped'
  | 'full_path'
  | 'j_shaped'
  | 'inverse_j'
  | 'time_decay';

/**
 * Key positions of a journey. Contact-create reports use first_interaction,
 * last_interaction and lead_created; deal reports use first_interaction,
 * lead_creation, deal_creation and closed_won (revenue only).
 */
export type Position =
  | 'first_interaction'
  | 'last_interaction'
  | 'lead_created'
  | 'lead_creation'
  | 'deal_creation'
  | 'closed_won';

/** Every interaction type the product records. */
export type InteractionType =
  | 'page_view'
  | 'cta_click'
  | 'form_submission'
  | 'ad_click'
  | 'marketing_email_click'
  | 'marketing_event_registered'
  | 'marketing_event_attended'
  | 'call'
  | 'meeting'
  | 'sales_email_reply'
  | 'conversation'
  | 'social_post_click'
  | 'contact_create'
  | 'custom_event';

/** Dimension values keyed by dimension name; missing or null → "(none)". */
export type DimensionValues = Readonly<
  Record<string, string | null | undefined>
>;

/** One interaction as the engine sees it. */
export interface Touch {
  id: string;
  /** When it happened, ms since epoch. */
  at: number;
  /** Arrival order: breaks timestamp ties, then id. */
  seq: number;
  type: InteractionType;
  contactId: string;
  /** Deals a sales activity is associated with. */
  dealIds?: readonly string[];
  /** True when this touch is the recorded creation of its contact. */
  createsContact?: boolean;
  /**
   * Dimension values of the touch itself, opaque to the engine
   * (asset_title, asset_type, interaction_source, interaction_type,
   * interaction_url, utm_*, ad_keyword, campaign, cta, form, ...).
   */
  dims: DimensionValues;
}

/** A contact of a conversion and when it was created (ms since epoch). */
export interface ContactMilestone {
  id: string;
  createdAt: number;
}

/** One conversion: a contact creation, a deal creation, or a won deal. */
export interface Conversion {
  /** Contact id (contact-create) or deal id (deal reports). */
  id: string;
  report: ReportKind;
  /** The converting contact (contact-create) or the deal's contacts. */
  contacts: readonly ContactMilestone[];
  /** Deal creation time, ms since epoch (deal reports). */
  dealCreatedAt?: number;
  /** Time the deal reached a closed-won stage, ms since epoch (revenue). */
  closedWonAt?: number;
  /** 1, or the deal amount for revenue. */
  value: number;
  /**
   * Conversion-level dimension values (deal_name, deal_owner,
   * deal_pipeline, deal_type, deal_create_date, deal_close_date, ...).
   */
  dims: DimensionValues;
  /**
   * Every touch of its contacts, in any order. The engine sorts, cuts at
   * the conversion and drops sales activities not associated with the deal.
   */
  touches: readonly Touch[];
}

/** Engine options shared by attribute() and aggregate(). */
export interface EngineOptions {
  /** Most touches kept per journey before sampling; default 100,000. */
  maxTouches?: number;
}

/** The journey of one conversion, with positions and each model's credit. */
export interface AttributedJourney {
  conversion: Conversion;
  /** In journey order, after the cut (and the sample, when sampled). */
  touches: readonly Touch[];
  /** Positions held by each touch (same index); empty = intermediate. */
  positions: readonly (readonly Position[])[];
  /**
   * Per model: credit per touch (same index), in conversion value units.
   * Missing when the model gives no values (see `excluded`).
   */
  credit: Partial<Record<ModelName, Float64Array>>;
  /** Model → reason it gives no values for this conversion. */
  excluded: Partial<Record<ModelName, string>>;
  /** True when the journey passed the cap and was sampled. */
  sampled: boolean;
}

/** One row of a report: credit grouped by a dimension (+ optional second). */
export interface ReportRow {
  key: string;
  key2?: string;
  /** Per model: credit in conversions (fractions) or money (revenue). */
  credit: Partial<Record<ModelName, number>>;
  /** Touches in this group, across conversions. */
  interactions: number;
  /** Distinct conversions with a touch in this group. */
  conversions: number;
}

/** A whole report: rows plus what was counted, left out and sampled. */
export interface Report {
  rows: ReportRow[];
  /** Conversions considered, including those left out of some model. */
  conversions: number;
  /** Reason → count of conversions left out (of a model or of all). */
  excluded: Record<string, number>;
  /** Ids of conversions whose journeys passed the cap and were sampled. */
  sampled: string[];
}

/** Options of aggregate(). */
export interface AggregateOptions extends EngineOptions {
  models: readonly ModelName[];
  /** Touch or conversion dimension, or interaction_position/_date. */
  dimension: string;
  dimension2?: string;
}
