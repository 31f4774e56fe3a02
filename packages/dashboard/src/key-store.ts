// The API key lives in sessionStorage only: it ends with the tab, and
// neither cookies nor localStorage ever hold it.

const KEY_ITEM = 'attribution.apiKey';

export function loadKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_ITEM);
  } catch {
    return null;
  }
}

export function saveKey(key: string): void {
  try {
    sessionStorage.setItem(KEY_ITEM, key);
  } catch {
    // Storage refused (private mode quotas): the key lasts for this page.
  }
}

export function clearKey(): void {
  try {
    sessionStorage.removeItem(KEY_ITEM);
  } catch {
    // Nothing stored, nothing to clear.
  }
}
