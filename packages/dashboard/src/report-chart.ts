// Horizontal bar chart of credit by dimension value; one bar per model,
// grouped, when models are compared.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  type Scale,
  Tooltip,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

/** Most bars drawn; the table below still lists every value. */
export const CHART_MAX_VALUES = 12;
const LABEL_MAX_CHARS = 28;
const NARROW_LABEL_MAX_CHARS = 16;
const NARROW_CHART_PX = 480;
const BAR_SLOT_PX = 28;
const COMPARED_BAR_SLOT_PX = 11;
const GROUP_GAP_PX = 18;
const CHART_MIN_HEIGHT_PX = 140;
const CHART_PADDING_PX = 70;
const TIME_CHART_HEIGHT_PX = 300;

const axisNumber = new Intl.NumberFormat(undefined, {
  notation: 'compact',
  maximumFractionDigits: 2,
});

// A restrained palette: the first colour alone for one model; distinct
// but muted hues side by side when comparing.
const PALETTE = [
  '#2f5d8a',
  '#d08a3e',
  '#4a9a78',
  '#8a6bb0',
  '#c45b5b',
  '#5c8fb0',
  '#b3a04a',
  '#7a7f87',
  '#3fa3a8',
];

export interface Series {
  label: string;
  values: number[];
}

let current: Chart | undefined;

function shorten(label: string, maxChars: number): string {
  return label.length > maxChars ? `${label.slice(0, maxChars - 1)}…` : label;
}

/**
 * Draws (or redraws) the chart on `canvas`. Bars run sideways, and the
 * wrapper's height follows their number so that labels never overlap;
 * `overTime` stands them upright in date order instead.
 */
export function drawBarChart(
  canvas: HTMLCanvasElement,
  labels: string[],
  series: Series[],
  format: (value: number) => string,
  overTime = false,
): void {
  current?.destroy();
  const group =
    series.length > 1
      ? series.length * COMPARED_BAR_SLOT_PX + GROUP_GAP_PX
      : BAR_SLOT_PX;
  const wrapper = canvas.parentElement;
  if (wrapper) {
    const height = overTime
      ? TIME_CHART_HEIGHT_PX
      : Math.max(CHART_MIN_HEIGHT_PX, labels.length * group + CHART_PADDING_PX);
    wrapper.style.height = `${height}px`;
  }
  const valueAxis = {
    beginAtZero: true,
    grid: { color: '#e6e9ee' },
    ticks: {
      callback: (value: number | string) => axisNumber.format(Number(value)),
    },
  };
  const categoryAxis = {
    grid: { display: false },
    ticks: {
      color: '#1c2230',
      autoSkip: overTime,
      // Decided at each render, so a resized window re-cuts labels.
      callback(this: Scale, _value: number | string, index: number) {
        const narrow = this.chart.width < NARROW_CHART_PX;
        const max = narrow ? NARROW_LABEL_MAX_CHARS : LABEL_MAX_CHARS;
        return shorten(labels[index] ?? '', max);
      },
    },
  };
  // Canvas text cannot inherit CSS: hand the page's font to the chart.
  const style = getComputedStyle(document.body);
  Chart.defaults.font.family = style.fontFamily;
  Chart.defaults.color = '#5d6676';

  current = new Chart(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: series.map((s, i) => ({
        label: s.label,
        data: s.values,
        backgroundColor: PALETTE[i % PALETTE.length],
        borderRadius: 3,
        maxBarThickness: 28,
      })),
    },
    options: {
      indexAxis: overTime ? 'x' : 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: {
          display: series.length > 1,
          position: 'top',
          align: 'start',
          labels: { boxWidth: 12, boxHeight: 12 },
        },
        tooltip: {
          callbacks: {
            title: (items) => labels[items[0]?.dataIndex ?? 0] ?? '',
            label: (item) =>
              ` ${item.dataset.label}: ${format(Number(item.raw))}`,
          },
        },
      },
      scales: overTime
        ? { x: categoryAxis, y: valueAxis }
        : { x: valueAxis, y: categoryAxis },
    },
  });
}

/** Removes the chart, e.g. when a report has no rows. */
export function clearChart(): void {
  current?.destroy();
  current = undefined;
}
