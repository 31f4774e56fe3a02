export type { TrackerConfig } from './tracker';
export { startTracker } from './tracker';
export type { WireBatch, WireEvent, WireEventType } from './wire';
export { MAX_BATCH_BYTES, MAX_BATCH_EVENTS, WIRE_VERSION } from './wire';
