/**
 * The opt-in features compiled into this build, as F_* bits. Everything is
 * in for bundler users; the snippet build replaces this module (see
 * build/features.mjs) so that the default script carries none of them and
 * a site that never enables them never downloads them.
 */
export const BUILT_IN: number = 1 | 2 | 4 | 256 | 512;
