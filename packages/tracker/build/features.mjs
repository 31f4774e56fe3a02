// A rollup plugin choosing which opt-in features a tracker build carries:
// it replaces src/features.ts with the given bits, and the minifier then
// drops the code of every feature left out.

/** Opt-in features by name, as the bits of src/state.ts. */
export const FEATURES = { spa: 1, consent: 2, debug: 4, dnt: 256, tag: 512 };

/** Every opt-in feature. */
export const ALL_FEATURES = Object.values(FEATURES).reduce((a, b) => a | b);

/** The rollup plugin: the build carries the opt-in features in `bits`. */
export function features(bits) {
  return {
    name: 'tracker-features',
    load(id) {
      if (
        !id.replace(/\\/g, '/').endsWith('packages/tracker/src/features.ts')
      ) {
        return null;
      }
      return `export const BUILT_IN = ${bits};`;
    },
  };
}
