// CSV of what a table shows, built in the browser and saved as a file.

// Cells starting like a formula are prefixed so that a spreadsheet shows
// them as text: titles and URLs come from tracked pages.
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 text: CRLF line ends, quotes doubled. */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Offers the text as a download named `fileName`. */
export function downloadCsv(fileName: string, text: string): void {
  const blob = new Blob([text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled, or the download may fail.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file-name-safe slug. */
export function slug(text: string): string {
  return text.replace(/[^a-z0-9_]+/gi, '-').replace(/^-|-$/g, '');
}
