// What is on screen, kept in the URL's fragment so that a reload or a
// bookmark opens the same view. The fragment never reaches the server and
// never holds the key.

/** Reads one value from the fragment. */
export function readState(name: string): string | undefined {
  const params = new URLSearchParams(location.hash.slice(1));
  return params.get(name) ?? undefined;
}

/** Merges values into the fragment without adding history entries. */
export function writeState(values: Record<string, string | undefined>): void {
  const params = new URLSearchParams(location.hash.slice(1));
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === '') params.delete(name);
    else params.set(name, value);
  }
  history.replaceState(null, '', `#${params.toString()}`);
}

/** Sets a select to a value from the URL when it offers that value. */
export function restoreSelect(select: HTMLSelectElement, name: string): void {
  const value = readState(name);
  if (value === undefined) return;
  const offered = [...select.options].some((o) => o.value === value);
  if (offered) select.value = value;
}
