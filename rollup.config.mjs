// Builds the browser bundles: an array with one config per script.
import { dashboard } from './packages/dashboard/rollup.dashboard.mjs';
import { trackers } from './packages/tracker/build/rollup.tracker.mjs';

const configs = [...trackers];
configs.push(dashboard);

export default configs;
