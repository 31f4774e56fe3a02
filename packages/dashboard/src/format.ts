// Number, money, date and duration formatting for the user's locale.

const MS_PER_SECOND = 1000;
const SECONDS_PER_MINUTE = 60;
const MINUTES_PER_HOUR = 60;

const credit = new Intl.NumberFormat(undefined, {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const count = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(undefined, {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const share = new Intl.NumberFormat(undefined, {
  style: 'percent',
  maximumFractionDigits: 1,
});
const dateTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});
const dateTimeWithYear = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});

/** Credit in conversions: two decimals, since shares are fractional. */
export function formatCredit(value: number): string {
  return credit.format(value);
}

/** An amount of money; a currency symbol only when the API named one. */
export function formatMoney(value: number, currency?: string | null): string {
  if (!currency) return credit.format(value);
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
    }).format(value);
  } catch {
    // An unknown currency code: show the code rather than fail the table.
    return `${credit.format(value)} ${currency}`;
  }
}

export function formatCount(value: number): string {
  return count.format(value);
}

/** A share between 0 and 1 as a percentage. */
export function formatPercent(share: number): string {
  return percent.format(share);
}

const day = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
});
const dayWithYear = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
});
const time = new Intl.DateTimeFormat(undefined, {
  hour: 'numeric',
  minute: '2-digit',
});

/** The day and the time of an instant apart, for two-line cells. */
export function formatDayAndTime(iso: string): [string, string] {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return [iso, ''];
  const thisYear = date.getFullYear() === new Date().getFullYear();
  return [(thisYear ? day : dayWithYear).format(date), time.format(date)];
}

/** A share of one conversion, compact: "100%", "33.3%", "0%". */
export function formatShare(value: number): string {
  return share.format(value);
}

/** "Nov 23, 1:15 PM"; the year only when it is not the current one. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const thisYear = date.getFullYear() === new Date().getFullYear();
  return (thisYear ? dateTime : dateTimeWithYear).format(date);
}

/** "45s", "4m 12s", "1h 3m". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / MS_PER_SECOND));
  const minutes = Math.floor(seconds / SECONDS_PER_MINUTE);
  const hours = Math.floor(minutes / MINUTES_PER_HOUR);
  if (hours > 0) return `${hours}h ${minutes % MINUTES_PER_HOUR}m`;
  if (minutes > 0) return `${minutes}m ${seconds % SECONDS_PER_MINUTE}s`;
  return `${seconds}s`;
}
