/**
 * A D1 binding that forwards every call to the real database and counts
 * the rows each statement changed. The fuzz suites hand one to each
 * request, so "a refused request wrote nothing" is checked per request,
 * UPDATEs included, even while requests run side by side.
 */

/** What one request did to the database. */
export interface WriteLog {
  /** Rows changed (inserted, updated or deleted), summed over statements. */
  changes: number;
  /** Tables whose rows changed. */
  tables: Set<string>;
  /** Statements run without a result carrying meta (first/raw), not reads. */
  unmeasured: string[];
}

/** An empty log. */
export function newWriteLog(): WriteLog {
  return { changes: 0, tables: new Set(), unmeasured: [] };
}

const WRITE_TARGET =
  /\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM)\s+(\w+)/i;

function noteChanges(log: WriteLog, sql: string, changes: number) {
  if (changes === 0) return;
  log.changes += changes;
  log.tables.add(WRITE_TARGET.exec(sql)?.[1] ?? sql.slice(0, 40));
}

const READ_SQL = /^\s*(SELECT|WITH|PRAGMA)\b/i;

type Meta = { meta?: { changes?: number } };

/** Wraps `db`; every change it makes is added to `log`. */
export function recordingDb(db: D1Database, log: WriteLog): D1Database {
  const real = new WeakMap<object, D1PreparedStatement>();
  const sqlOf = new WeakMap<object, string>();

  const wrap = (
    sql: string,
    stmt: D1PreparedStatement,
  ): D1PreparedStatement => {
    const note = (result: Meta) =>
      noteChanges(log, sql, result.meta?.changes ?? 0);
    const unmeasured = () => {
      if (!READ_SQL.test(sql)) log.unmeasured.push(sql);
    };
    const proxy = {
      bind: (...values: unknown[]) => wrap(sql, stmt.bind(...values)),
      first: (column?: string) => {
        unmeasured();
        return column === undefined ? stmt.first() : stmt.first(column);
      },
      run: async () => {
        const result = await stmt.run();
        note(result);
        return result;
      },
      all: async () => {
        const result = await stmt.all();
        note(result);
        return result;
      },
      raw: (options?: { columnNames?: boolean }) => {
        unmeasured();
        return options?.columnNames
          ? stmt.raw({ columnNames: true })
          : stmt.raw();
      },
    } as unknown as D1PreparedStatement;
    real.set(proxy, stmt);
    sqlOf.set(proxy, sql);
    return proxy;
  };

  return {
    prepare: (sql: string) => wrap(sql, db.prepare(sql)),
    batch: async (statements: D1PreparedStatement[]) => {
      const results = await db.batch(statements.map((s) => real.get(s) ?? s));
      results.forEach((r, i) => {
        const stmt = statements[i];
        const sql = stmt ? (sqlOf.get(stmt) ?? '') : '';
        noteChanges(log, sql, r.meta?.changes ?? 0);
      });
      return results;
    },
    exec: (sql: string) => {
      log.unmeasured.push(sql);
      return db.exec(sql);
    },
    withSession: () => {
      throw new Error('withSession is not recorded');
    },
    dump: () => db.dump(),
  } as unknown as D1Database;
}
