// A sortable table: header buttons sort (mouse or keyboard), and the rows
// in their shown order are what the CSV download holds.
import { el } from './dom';

export interface Column<R> {
  id: string;
  /** Full name: the CSV header, and the header's accessible name. */
  label: string;
  /** Shorter header text for narrow columns. */
  short?: string;
  numeric?: boolean;
  /** Keep the cell on one line (dates, durations). */
  nowrap?: boolean;
  /** Text of the cell, also the CSV value unless `csv` is given. */
  text: (row: R) => string;
  /** Richer cell content; still built from text nodes only. */
  cell?: (row: R) => Node;
  /** What sorting compares. Defaults to the text. */
  sortValue?: (row: R) => number | string;
  csv?: (row: R) => string | number;
  /** In the CSV only: its value is already shown inside another cell. */
  csvOnly?: boolean;
}

export interface TableOptions<R> {
  caption: string;
  columns: readonly Column<R>[];
  rows: readonly R[];
  sort?: { column: string; descending: boolean };
  rowAttrs?: (row: R) => Record<string, string>;
}

type Direction = 'ascending' | 'descending';

function cellClass(column: {
  numeric?: boolean;
  nowrap?: boolean;
}): string | undefined {
  const names = [column.numeric && 'num', column.nowrap && 'nowrap'];
  return names.filter(Boolean).join(' ') || undefined;
}

const collator = new Intl.Collator(undefined, { numeric: true });

function compareValues(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * Renders a table into `host` and returns a function giving the shown
 * rows as CSV cells, header first.
 */
export function renderTable<R>(
  host: HTMLElement,
  options: TableOptions<R>,
): () => (string | number)[][] {
  const columns = options.columns.filter((c) => !c.csvOnly);
  let sortColumn = options.sort?.column;
  let direction: Direction = options.sort?.descending
    ? 'descending'
    : 'ascending';
  let shown = [...options.rows];

  // Explicit roles: on phones the cells are laid out as blocks, which
  // would otherwise cost the table its semantics in some browsers.
  const table = el('table', { class: 'data-table', role: 'table' });
  const tbody = el('tbody', { role: 'rowgroup' });
  const headerCells = columns.map((column) => {
    const button = el(
      'button',
      {
        type: 'button',
        class: 'sort',
        title: column.short ? column.label : undefined,
        'aria-label': column.short ? column.label : undefined,
      },
      column.short ?? column.label,
    );
    const th = el(
      'th',
      { scope: 'col', role: 'columnheader', class: cellClass(column) },
      button,
    );
    button.addEventListener('click', () => sortBy(column.id));
    return th;
  });
  table.append(
    el('caption', { class: 'visually-hidden' }, options.caption),
    el(
      'thead',
      { role: 'rowgroup' },
      el('tr', { role: 'row' }, ...headerCells),
    ),
    tbody,
  );

  function sortBy(id: string): void {
    if (sortColumn === id) {
      direction = direction === 'ascending' ? 'descending' : 'ascending';
    } else {
      sortColumn = id;
      const column = columns.find((c) => c.id === id);
      direction = column?.numeric ? 'descending' : 'ascending';
    }
    applySort();
    drawBody();
  }

  function applySort(): void {
    const column = columns.find((c) => c.id === sortColumn);
    if (!column) return;
    const sortKey = column.sortValue ?? column.text;
    const sign = direction === 'ascending' ? 1 : -1;
    // Array sort is stable, so equal values keep the API's order.
    shown = [...options.rows].sort(
      (a, b) => sign * compareValues(sortKey(a), sortKey(b)),
    );
    columns.forEach((c, i) => {
      const th = headerCells[i];
      if (c.id === sortColumn) th?.setAttribute('aria-sort', direction);
      else th?.removeAttribute('aria-sort');
    });
  }

  function drawBody(): void {
    tbody.replaceChildren(
      ...shown.map((row) => {
        const tr = el('tr', { role: 'row', ...options.rowAttrs?.(row) });
        for (const column of columns) {
          const content = column.cell?.(row) ?? column.text(row);
          tr.append(
            el(
              'td',
              {
                role: 'cell',
                class: cellClass(column),
                'data-label': column.short ?? column.label,
              },
              content,
            ),
          );
        }
        return tr;
      }),
    );
  }

  applySort();
  drawBody();
  host.replaceChildren(el('div', { class: 'table-scroll' }, table));

  const all = options.columns;
  return () => [
    all.map((c) => c.label),
    ...shown.map((row) => all.map((c) => (c.csv ?? c.text)(row))),
  ];
}
