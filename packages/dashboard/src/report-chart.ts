// Horizontal bar chart of credit by dimension value; one bar per model,
// grouped, when models are compared.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
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
const BAR_SLOT_PX = 22;
const CHART_MIN_HEIGHT_PX = 140;
const CHART_PADDING_PX = 60;

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

function shorten(label: string): string {
  return label.length > LABEL_MAX_CHARS
    ? `${label.slice(0, LABEL_MAX_CHARS - 1)}…`
    : label;
}

/**
 * Draws (or redraws) the chart on `canvas`; its wrapper's height follows
 * the number of bars so that labels never overlap.
 */
export function drawBarChart(
  canvas: HTMLCanvasElement,
  labels: string[],
  series: Series[],
  format: (value: number) => string,
): void {
  current?.destroy();
  const bars = labels.length * Math.max(1, series.length);
  const wrapper = canvas.parentElement;
  if (wrapper) {
    const height = Math.max(
      CHART_MIN_HEIGHT_PX,
      bars * BAR_SLOT_PX + CHART_PADDING_PX,
    );
    wrapper.style.height = `${height}px`;
  }

  current = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: labels.map(shorten),
      datasets: series.map((s, i) => ({
        label: s.label,
        data: s.values,
        backgroundColor: PALETTE[i % PALETTE.length],
        borderRadius: 3,
        maxBarThickness: 28,
      })),
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: {
          display: series.length > 1,
          position: 'bottom',
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
      scales: {
        x: {
          beginAtZero: true,
          grid: { color: '#e6e9ee' },
          ticks: { callback: (value) => format(Number(value)) },
        },
        y: { grid: { display: false } },
      },
    },
  });
}

/** Removes the chart, e.g. when a report has no rows. */
export function clearChart(): void {
  current?.destroy();
  current = undefined;
}
