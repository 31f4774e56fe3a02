// What every screen needs from the signed-in shell.
import { ApiFailure } from './api-client';

export interface ViewContext {
  /** GET with the portal key; a rejected key signs the user out. */
  get<T>(path: string, signal?: AbortSignal): Promise<T>;
  /** A message for the user from any failure. */
  messageOf(err: unknown): string;
}

/** Words for a failed request. */
export function failureMessage(err: unknown): string {
  if (err instanceof ApiFailure) return err.message;
  return 'Something went wrong. Reload the page and try again.';
}
