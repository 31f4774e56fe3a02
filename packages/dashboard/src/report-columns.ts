// The report table's columns: the dimension value, credit (one column per
// model when comparing), share, interactions and conversions.
import type { ModelName, ReportRow } from './api-types';
import { dimensionLabel, MODEL_LABELS } from './catalog';
import type { Column } from './data-table';
import { formatCount, formatPercent } from './format';
import { dimensionValueLabel } from './labels';

export interface ReportColumnsInput {
  dimension: string;
  /** The second dimension, or undefined for none. */
  dimension2?: string;
  models: readonly ModelName[];
  compare: boolean;
  isMoney: boolean;
  /** Sum of the (first) model's credit over all rows: the share's base. */
  total: number;
  conversionsTitle: string;
  format: (value: number) => string;
}

/** A row's credit under one model. */
export function creditOf(row: ReportRow, model: ModelName): number {
  if (typeof row.credit === 'number') return row.credit;
  return row.credit[model] ?? 0;
}

/** Columns for the shown report, in display order. */
export function reportColumns(input: ReportColumnsInput): Column<ReportRow>[] {
  const { dimension, dimension2, models, compare, isMoney, total, format } =
    input;
  const first = models[0] ?? 'linear';
  const shareOf = (r: ReportRow): number =>
    total > 0 ? creditOf(r, first) / total : 0;
  const creditLabel = isMoney ? 'Revenue' : 'Credit';

  const columns: Column<ReportRow>[] = [
    {
      id: 'key',
      label: dimensionLabel(dimension),
      text: (r) => dimensionValueLabel(dimension, r.key),
      csv: (r) => r.key ?? '',
    },
    ...(dimension2 === undefined
      ? []
      : [
          {
            id: 'key2',
            label: dimensionLabel(dimension2),
            text: (r: ReportRow) =>
              dimensionValueLabel(dimension2, r.key2 ?? null),
            csv: (r: ReportRow) => r.key2 ?? '',
          },
        ]),
    ...models.map(
      (m): Column<ReportRow> => ({
        id: `credit:${m}`,
        label: compare ? MODEL_LABELS[m] : creditLabel,
        numeric: true,
        text: (r) => format(creditOf(r, m)),
        sortValue: (r) => creditOf(r, m),
        csv: (r) => creditOf(r, m),
      }),
    ),
  ];
  if (!compare) {
    columns.push({
      id: 'share',
      label: 'Share',
      numeric: true,
      text: (r) => formatPercent(shareOf(r)),
      sortValue: shareOf,
      csv: shareOf,
    });
  }
  columns.push(
    {
      id: 'interactions',
      label: 'Interactions',
      numeric: true,
      text: (r) => formatCount(r.interactions),
      sortValue: (r) => r.interactions,
      csv: (r) => r.interactions,
    },
    {
      id: 'conversions',
      label: input.conversionsTitle,
      numeric: true,
      text: (r) => formatCount(r.conversions),
      sortValue: (r) => r.conversions,
      csv: (r) => r.conversions,
    },
  );
  return columns;
}
