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
