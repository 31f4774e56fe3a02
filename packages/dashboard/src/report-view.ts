// The report screen: pickers, summary, chart, sortable table and CSV.

import { apiPath } from './api-client';
import type {
  ModelChoice,
  ModelName,
  ReportAnswer,
  ReportKind,
  ReportRow,
} from './api-types';
import {
  DIMENSION_GROUPS,
  dimensionLabel,
  MODEL_LABELS,
  modelsFor,
  REPORTS,
} from './catalog';
import { downloadCsv, slug, toCsv } from './csv';
import { renderTable } from './data-table';
import type { DateRange } from './date-range';
import { byId, el, statusSetter } from './dom';
import { formatCount, formatCredit, formatMoney } from './format';
import { dimensionValueLabel } from './labels';
import { CHART_MAX_VALUES, clearChart, drawBarChart } from './report-chart';
import { creditOf, reportColumns } from './report-columns';
import { reportNotes } from './report-notes';
import { restoreSelect, writeState } from './url-state';
import type { ViewContext } from './view-context';

// Dates read best in date order, as a time series, not ranked by credit.
const DATE_DIMENSIONS = new Set([
  'interaction_date',
  'deal_create_date',
  'deal_close_date',
]);
/** Most dates drawn: the latest, about one month of days. */
const CHART_MAX_DATES = 31;

const CONTACT = { one: 'contact', many: 'contacts' };
const DEAL = { one: 'deal', many: 'deals' };
const CONVERSION_NOUN: Record<ReportKind, { one: string; many: string }> = {
  'contact-create': CONTACT,
  'deal-create': DEAL,
  revenue: DEAL,
};
const CONVERSION_TITLE: Record<ReportKind, string> = {
  'contact-create': 'Contacts created',
  'deal-create': 'Deals created',
  revenue: 'Deals won',
};

function option(value: string, label: string): HTMLOptionElement {
  return el('option', { value }, label);
}

/** Wires the report screen; the returned function reloads it. */
export function createReportView(
  ctx: ViewContext,
  range: () => DateRange,
): () => void {
  const reportSelect = byId('report', HTMLSelectElement);
  const modelSelect = byId('model', HTMLSelectElement);
  const dimensionSelect = byId('dimension', HTMLSelectElement);
  const dimension2Select = byId('dimension2', HTMLSelectElement);
  const summary = byId('report-summary', HTMLElement);
  const notes = byId('report-notes', HTMLElement);
  const chartCard = byId('report-chart-card', HTMLElement);
  const canvas = byId('report-chart', HTMLCanvasElement);
  const chartTitle = byId('report-chart-title', HTMLElement);
  const tableHost = byId('report-table', HTMLElement);
  const csvButton = byId('report-csv', HTMLButtonElement);
  const status = byId('report-status', HTMLElement);
  const results = byId('report-results', HTMLElement);

  reportSelect.replaceChildren(...REPORTS.map((r) => option(r.value, r.label)));
  const dimensionGroups = () =>
    DIMENSION_GROUPS.map((group) =>
      el(
        'optgroup',
        { label: group.label },
        ...group.dimensions.map((d) => option(d.value, d.label)),
      ),
    );
  dimensionSelect.replaceChildren(...dimensionGroups());
  dimensionSelect.value = 'interaction_source';
  dimension2Select.replaceChildren(option('', 'None'), ...dimensionGroups());
  restoreSelect(reportSelect, 'report');
  restoreSelect(dimensionSelect, 'dimension');
  restoreSelect(dimension2Select, 'dimension2');

  // Grouping by the same dimension twice says nothing new.
  const offerSecondDimensions = (): void => {
    for (const o of dimension2Select.options) {
      o.disabled = o.value !== '' && o.value === dimensionSelect.value;
    }
    if (dimension2Select.selectedOptions[0]?.disabled) {
      dimension2Select.value = '';
    }
  };
  offerSecondDimensions();

  const fillModels = (): void => {
    const previous = modelSelect.value;
    const models = modelsFor(reportSelect.value as ReportKind);
    modelSelect.replaceChildren(
      ...models.map((m) => option(m, MODEL_LABELS[m])),
      option('compare', 'Compare models'),
    );
    const keep = previous === 'compare' || models.some((m) => m === previous);
    modelSelect.value = keep ? previous : 'linear';
  };
  fillModels();
  restoreSelect(modelSelect, 'model');

  let getCsv: (() => (string | number)[][]) | undefined;
  let controller: AbortController | undefined;

  const setStatus = statusSetter(status);

  const load = async (): Promise<void> => {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    const report = reportSelect.value as ReportKind;
    const model = modelSelect.value as ModelChoice;
    const dimension = dimensionSelect.value;
    const dimension2 = dimension2Select.value || undefined;
    const { from, to } = range();
    writeState({ report, model, dimension, dimension2 });

    results.setAttribute('aria-busy', 'true');
    csvButton.disabled = true;
    setStatus('loading', 'Loading report…');
    try {
      const answer = await ctx.get<ReportAnswer>(
        apiPath('/v1/reports/attribution', {
          report,
          model,
          dimension,
          dimension2,
          from,
          to,
        }),
        mine.signal,
      );
      if (mine.signal.aborted) return;
      show(answer, report, model, dimension, dimension2);
    } catch (err) {
      if (mine.signal.aborted) return;
      clearResults();
      setStatus('error', ctx.messageOf(err));
    } finally {
      if (controller === mine) results.removeAttribute('aria-busy');
    }
  };

  const clearResults = (): void => {
    summary.replaceChildren();
    notes.replaceChildren();
    tableHost.replaceChildren();
    chartCard.hidden = true;
    clearChart();
    getCsv = undefined;
  };

  const show = (
    answer: ReportAnswer,
    report: ReportKind,
    model: ModelChoice,
    dimension: string,
    dimension2: string | undefined,
  ): void => {
    clearResults();
    const isMoney = report === 'revenue';
    const format = (v: number): string =>
      isMoney ? formatMoney(v, answer.currency) : formatCredit(v);
    const models: ModelName[] =
      model === 'compare' ? [...modelsFor(report)] : [model];
    const label = (row: ReportRow): string =>
      dimension2 === undefined
        ? dimensionValueLabel(dimension, row.key)
        : `${dimensionValueLabel(dimension, row.key)} · ` +
          dimensionValueLabel(dimension2, row.key2 ?? null);
    const grouping =
      dimension2 === undefined
        ? dimensionLabel(dimension)
        : `${dimensionLabel(dimension)} and ${dimensionLabel(dimension2)}`;

    const total = answer.rows.reduce(
      (s, r) => s + creditOf(r, models[0] ?? 'linear'),
      0,
    );
    summary.append(
      tile(CONVERSION_TITLE[report], formatCount(answer.conversions)),
      model === 'compare'
        ? tile('Models compared', formatCount(models.length))
        : tile(isMoney ? 'Attributed revenue' : 'Credit given', format(total)),
      tile(
        dimension2 === undefined
          ? `${dimensionLabel(dimension)} values`
          : 'Combinations',
        formatCount(answer.rows.length),
      ),
    );
    const noteTexts = reportNotes(answer, CONVERSION_NOUN[report]);
    notes.append(...noteTexts.map((text) => el('li', {}, text)));

    if (answer.rows.length === 0) {
      setStatus(
        'empty',
        `No ${CONVERSION_NOUN[report].many} with credit in this date range. ` +
          'Try a wider range or another report.',
      );
      return;
    }
    setStatus('', '');

    const columns = reportColumns({
      dimension,
      dimension2,
      models,
      compare: model === 'compare',
      isMoney,
      total,
      conversionsTitle: CONVERSION_TITLE[report],
      format,
    });

    const first = models[0] ?? 'linear';
    const overTime = DATE_DIMENSIONS.has(dimension);
    getCsv = renderTable(tableHost, {
      caption: `Credit by ${grouping}`,
      columns,
      rows: answer.rows,
      sort: overTime
        ? { column: 'key', descending: false }
        : { column: `credit:${first}`, descending: true },
      rowAttrs: (r) => ({
        'data-key': r.key ?? '',
        ...(dimension2 === undefined ? {} : { 'data-key2': r.key2 ?? '' }),
      }),
    });

    const top = overTime
      ? [...answer.rows]
          .sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''))
          .slice(-CHART_MAX_DATES)
      : [...answer.rows]
          .sort((a, b) => creditOf(b, first) - creditOf(a, first))
          .slice(0, CHART_MAX_VALUES);
    const what = grouping.toLowerCase();
    const more = answer.rows.length > top.length;
    chartTitle.replaceChildren(
      `Credit by ${what}`,
      el(
        'span',
        { class: 'muted' },
        more
          ? ` (${overTime ? 'latest' : 'top'} ${top.length} of ` +
              `${answer.rows.length})`
          : '',
      ),
    );
    chartCard.hidden = false;
    canvas.setAttribute(
      'aria-label',
      `Bar chart of credit by ${grouping}; ` +
        'the table below lists the same numbers.',
    );
    drawBarChart(
      canvas,
      top.map(label),
      models.map((m) => ({
        label: MODEL_LABELS[m],
        values: top.map((r) => creditOf(r, m)),
      })),
      format,
      overTime,
    );
    csvButton.disabled = false;
  };

  const reload = (): void => void load();
  reportSelect.addEventListener('change', () => {
    fillModels();
    reload();
  });
  modelSelect.addEventListener('change', reload);
  dimensionSelect.addEventListener('change', () => {
    offerSecondDimensions();
    reload();
  });
  dimension2Select.addEventListener('change', reload);
  csvButton.addEventListener('click', () => {
    if (!getCsv) return;
    const name = [
      'attribution',
      reportSelect.value,
      modelSelect.value,
      dimensionSelect.value,
      dimension2Select.value,
      range().label,
    ]
      .filter((part) => part !== '')
      .map(slug);
    downloadCsv(`${name.join('_')}.csv`, toCsv(getCsv()));
  });
  return reload;
}

function tile(label: string, value: string): HTMLElement {
  return el(
    'div',
    { class: 'tile' },
    el('div', { class: 'tile-label' }, label),
    el('div', { class: 'tile-value' }, value),
  );
}
