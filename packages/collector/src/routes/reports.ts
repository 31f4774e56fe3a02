import {
  aggregate,
  type Conversion,
  type ModelName,
  modelsFor,
  type ReportRow,
} from '@stack/attribution';
import { Hono } from 'hono';
import { portalOf, requireKey } from '../auth';
import { ApiError } from '../errors';
import { type CsvCell, toCsv } from '../report/csv';
import { resolveRange } from '../report/date-range';
import { loadConversions } from '../report/load-conversions';
import { type ReportQuery, reportQuerySchema } from '../schemas/report';
import { parseWith } from '../schemas/validate-input';
import type { AppEnv } from '../types';

/** Rows keyed by a date read best in date order, others by credit. */
const DATE_DIMENSIONS = new Set([
  'interaction_date',
  'deal_create_date',
  'deal_close_date',
]);

/** GET /v1/reports/attribution: credit by dimension, JSON or CSV. */
export const reportRoutes = new Hono<AppEnv>();

reportRoutes.get('/v1/reports/attribution', requireKey, async (c) => {
  const portalId = portalOf(c);
  const query = parseWith(reportQuerySchema, c.req.query());
  const models = modelsOf(query);
  const range = resolveRange(query.from, query.to, Date.now());

  const dimensions = [query.dimension];
  if (query.dimension2) dimensions.push(query.dimension2);
  const loadStarted = performance.now();
  const { conversions } = await loadConversions({
    db: c.env.DB,
    portalId,
    report: query.report,
    scope: { kind: 'range', ...range },
    dimensions,
  });
  const engineStarted = performance.now();
  const result = aggregate(conversions, {
    models,
    dimension: query.dimension,
    dimension2: query.dimension2,
  });
  const rows = sortRows(result.rows, query.dimension, models[0] ?? 'linear');
  // Where the time goes, for operators and the benchmark (Workers clocks
  // advance only across I/O, so the engine's share may read as 0).
  c.header(
    'Server-Timing',
    `db;dur=${engineStarted - loadStarted}, ` +
      `engine;dur=${performance.now() - engineStarted}`,
  );

  if (query.format === 'csv') {
    const name = `attribution-${query.report}-${query.dimension}.csv`;
    return c.body(csvOf(query, models, rows), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
    });
  }
  return c.json({
    report: query.report,
    model: query.model,
    models,
    dimension: query.dimension,
    ...(query.dimension2 ? { dimension2: query.dimension2 } : {}),
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    rows: rows.map((r) => ({
      key: r.key,
      ...(r.key2 === undefined ? {} : { key2: r.key2 }),
      credit:
        query.model === 'compare'
          ? roundAll(r.credit, models)
          : round(r.credit[query.model] ?? 0),
      interactions: r.interactions,
      conversions: r.conversions,
    })),
    currency: currencyOf(query, conversions),
    conversions: result.conversions,
    excluded: result.excluded,
    sampled: result.sampled,
  });
});

/**
 * The currency of a revenue report's money: the deals' one currency, or
 * null when they name none or several (amounts are summed as they are).
 */
function currencyOf(
  query: ReportQuery,
  conversions: readonly Conversion[],
): string | null {
  if (query.report !== 'revenue') return null;
  const seen = new Set<string>();
  for (const c of conversions) {
    const currency = c.dims.deal_currency;
    if (currency) seen.add(currency);
  }
  return seen.size === 1 ? ([...seen][0] ?? null) : null;
}

function modelsOf(query: ReportQuery): readonly ModelName[] {
  const offered = modelsFor(query.report);
  if (query.model === 'compare') return offered;
  if (!offered.includes(query.model)) {
    throw new ApiError(
      400,
      'invalid',
      `model ${query.model} is not offered by the ${query.report} report ` +
        `(offered: ${offered.join(', ')})`,
      'model',
    );
  }
  return [query.model];
}

function sortRows(
  rows: ReportRow[],
  dimension: string,
  model: ModelName,
): ReportRow[] {
  if (DATE_DIMENSIONS.has(dimension)) return rows;
  // Stable sort: equal credit keeps the engine's key order.
  return rows.sort((a, b) => (b.credit[model] ?? 0) - (a.credit[model] ?? 0));
}

// Credit is a sum of floating-point shares: six decimals hide the noise
// (1e-6 of a conversion, or of a currency unit) without losing meaning.
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function roundAll(
  credit: ReportRow['credit'],
  models: readonly ModelName[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of models) out[m] = round(credit[m] ?? 0);
  return out;
}

function csvOf(
  query: ReportQuery,
  models: readonly ModelName[],
  rows: readonly ReportRow[],
): string {
  const keys = query.dimension2
    ? [query.dimension, query.dimension2]
    : [query.dimension];
  const credits = models.map((m) =>
    models.length > 1 ? `credit_${m}` : 'credit',
  );
  const header = [...keys, ...credits, 'interactions', 'conversions'];
  const body = rows.map((r): CsvCell[] => [
    r.key,
    ...(query.dimension2 ? [r.key2] : []),
    ...models.map((m) => round(r.credit[m] ?? 0)),
    r.interactions,
    r.conversions,
  ]);
  return toCsv(header, body);
}
