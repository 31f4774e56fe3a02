import type { RateLimitVars } from './rate-limit';

/** Hono's environment for this app: bindings and per-request variables. */
export interface AppEnv {
  Bindings: Env &
    RateLimitVars & {
      ADMIN_TOKEN?: string;
      LOG_LEVEL?: string;
      /** Set only for benchmarks: enables the baseline and drain routes. */
      BENCH?: string;
      /** `on` writes every accepted batch to the outbox (local runs). */
      OUTBOX?: string;
    };
  Variables: {
    /** The portal a keyed request acts for. */
    portalId: string | undefined;
    /** True when the request carried the admin token. */
    isAdmin: boolean;
  };
}
