/**
 * Per-portal database routing: the step past one D1 database (10 GB, one
 * writer). A routing table maps a portal to the name of a D1 binding; each
 * portal's rows then live in its own database. Today only the tests and
 * the scaling notes use it: production runs with every portal in `DB`
 * (see docs/scaling.md for what wiring the rest takes).
 */

/** The variable holding the routing table. */
export interface PortalRoutingVars {
  /** JSON object: portal id → D1 binding name; "*" is the default. */
  PORTAL_DATABASES?: string;
}

/** The binding used when the table names none. */
export const DEFAULT_DATABASE_BINDING = 'DB';

/**
 * Parses the routing table. Throws at start-up on a malformed table, naming
 * the variable, so a typo never sends a portal's writes to the wrong place.
 */
export function parseRoutingTable(text: string | undefined) {
  const table = new Map<string, string>();
  if (!text) return table;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('PORTAL_DATABASES is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('PORTAL_DATABASES must be an object of binding names');
  }
  for (const [portal, binding] of Object.entries(value)) {
    if (typeof binding !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(binding)) {
      throw new Error(`PORTAL_DATABASES.${portal}: not a binding name`);
    }
    table.set(portal, binding);
  }
  return table;
}

/** The name of the D1 binding that holds a portal's rows. */
export function databaseNameFor(
  table: ReadonlyMap<string, string>,
  portalId: string,
): string {
  return table.get(portalId) ?? table.get('*') ?? DEFAULT_DATABASE_BINDING;
}

function isDatabase(value: unknown): value is D1Database {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as D1Database).prepare === 'function' &&
    typeof (value as D1Database).batch === 'function'
  );
}

/**
 * The D1 database that holds a portal's rows. Throws when the table names
 * a binding the Worker does not have.
 */
export function databaseFor(
  env: PortalRoutingVars & Record<string, unknown>,
  portalId: string,
): D1Database {
  const name = databaseNameFor(
    parseRoutingTable(env.PORTAL_DATABASES),
    portalId,
  );
  const binding = env[name];
  if (!isDatabase(binding)) {
    throw new Error(`PORTAL_DATABASES names ${name}, which is no D1 binding`);
  }
  return binding;
}
