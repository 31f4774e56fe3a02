// The date range shared by reports and sessions: presets and custom days,
// in the user's local calendar, sent to the API as ISO instants.
import { byId } from './dom';
import { readState, restoreSelect, writeState } from './url-state';

export interface DateRange {
  /** ISO instant of the first day's start. */
  from: string;
  /** ISO instant of the last day's end. */
  to: string;
  /** Words for file names and headings: "2026-11-04 to 2026-12-03". */
  label: string;
}

const PRESET_DAYS: Record<string, number> = {
  '7d': 7,
  '30d': 30,
  '90d': 90,
};

/** YYYY-MM-DD of a date in local time, as date inputs use. */
export function localDay(date: Date): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

function parseDay(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

function rangeOf(first: Date, last: Date): DateRange {
  const start = new Date(first);
  start.setHours(0, 0, 0, 0);
  const end = new Date(last);
  end.setHours(23, 59, 59, 999);
  return {
    from: start.toISOString(),
    to: end.toISOString(),
    label: `${localDay(start)} to ${localDay(end)}`,
  };
}

/** The days a preset covers, ending today. */
export function presetRange(preset: string, today = new Date()): DateRange {
  if (preset === 'year') {
    return rangeOf(new Date(today.getFullYear(), 0, 1), today);
  }
  const days = PRESET_DAYS[preset] ?? 30;
  const first = new Date(today);
  first.setDate(first.getDate() - (days - 1));
  return rangeOf(first, today);
}

/**
 * Wires the range controls of the page; `onChange` runs when a complete
 * range is picked. A custom range with its days reversed is swapped.
 */
export function createDateRange(onChange: () => void): () => DateRange {
  const preset = byId('range-preset', HTMLSelectElement);
  const custom = byId('range-custom', HTMLElement);
  const fromInput = byId('range-from', HTMLInputElement);
  const toInput = byId('range-to', HTMLInputElement);

  restoreSelect(preset, 'range');
  if (preset.value === 'custom') {
    custom.hidden = false;
    fromInput.value = readState('from') ?? '';
    toInput.value = readState('to') ?? '';
  }

  const current = (): DateRange => {
    const isCustom = preset.value === 'custom';
    writeState({
      range: preset.value,
      from: isCustom ? fromInput.value : undefined,
      to: isCustom ? toInput.value : undefined,
    });
    if (!isCustom) return presetRange(preset.value);
    const a = parseDay(fromInput.value);
    const b = parseDay(toInput.value);
    if (!a || !b) return presetRange('30d');
    return a <= b ? rangeOf(a, b) : rangeOf(b, a);
  };

  preset.addEventListener('change', () => {
    const isCustom = preset.value === 'custom';
    custom.hidden = !isCustom;
    if (isCustom) {
      const seed = presetRange('30d');
      fromInput.value ||= localDay(new Date(seed.from));
      toInput.value ||= localDay(new Date());
      fromInput.focus();
    }
    onChange();
  });
  for (const input of [fromInput, toInput]) {
    input.addEventListener('change', () => {
      if (fromInput.value && toInput.value) onChange();
    });
  }
  return current;
}
