/**
 * Multi-touch attribution engine: builds the journey of each conversion
 * (a contact created, a deal created, a deal won), marks its key positions,
 * splits the credit with nine models and groups it into report rows.
 * Pure computation: no I/O, no dependencies.
 *
 * @example
 * import { aggregate, modelsFor } from '@stack/attribution';
 *
 * const report = aggregate(conversions, {
 *   models: modelsFor('revenue'),
 *   dimension: 'interaction_source',
 * });
 * for (const row of report.rows) console.log(row.key, row.credit.linear);
 *
 * @module
 */
export { aggregate } from './aggregate';
export { attribute } from './attribute';
export { HALF_LIFE_MS } from './credit';
export { INTERMEDIATE_KEY, NONE_KEY } from './dimension-keys';
export { EXCLUSION } from './exclusion';
export { DEFAULT_MAX_TOUCHES } from './journey';
export { compareTouches } from './journey-order';
export { MODEL_NAMES, modelsFor } from './models-for';
export type {
  AggregateOptions,
  AttributedJourney,
  ContactMilestone,
  Conversion,
  DimensionValues,
  EngineOptions,
  InteractionType,
  ModelName,
  Position,
  Report,
  ReportKind,
  ReportRow,
  Touch,
} from './types';
