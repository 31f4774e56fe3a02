declare global {
  namespace Cloudflare {
    interface Env {
      /** Inputs per fuzzed route; empty for the CI default. */
      FUZZ_RUNS: string;
      /** Two extra databases for the per-portal routing test. */
      DB_A: D1Database;
      DB_B: D1Database;
    }
  }
}

export {};
