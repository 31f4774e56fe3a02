import { ApiError } from './errors';
import { numberVar } from './number-var';

/** Default collect requests one client address may make per minute. */
export const DEFAULT_IP_REQUESTS_PER_MIN = 1_200;
/** Default collect requests one portal may receive per minute. */
export const DEFAULT_PORTAL_REQUESTS_PER_MIN = 60_000;

const MS_PER_MIN = 60_000;
/** Buckets kept per isolate before the map is reset (memory bound). */
const MAX_BUCKETS = 10_000;

/** The variables that tune the limits; "0" turns one off. */
export interface RateLimitVars {
  RATE_LIMIT_IP_PER_MIN?: string;
  RATE_LIMIT_PORTAL_PER_MIN?: string;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

// Per isolate, in memory only: the client address is a map key for at most
// a minute of idle time and is never written anywhere.
const buckets = new Map<string, Bucket>();

/**
 * Takes one token from the bucket `key` holding at most `perMinute`
 * tokens, refilled continuously. Returns 0 when allowed, else the seconds
 * until a token is back.
 */
export function takeToken(
  key: string,
  perMinute: number,
  now = Date.now(),
): number {
  if (perMinute === 0) return 0;
  const ratePerMs = perMinute / MS_PER_MIN;
  let bucket = buckets.get(key);
  if (!bucket) {
    if (buckets.size >= MAX_BUCKETS) buckets.clear();
    bucket = { tokens: perMinute, updatedAt: now };
    buckets.set(key, bucket);
  }
  const elapsedMs = Math.max(0, now - bucket.updatedAt);
  bucket.tokens = Math.min(perMinute, bucket.tokens + elapsedMs * ratePerMs);
  bucket.updatedAt = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return 0;
  }
  return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000));
}

function refuse(scope: string, retryAfterS: number): never {
  throw new ApiError(
    429,
    'rate_limited',
    `too many requests for this ${scope}; retry in ${retryAfterS} s`,
    undefined,
    { 'Retry-After': String(retryAfterS) },
  );
}

/**
 * Per-client-address limit of the collect path. The address comes from
 * CF-Connecting-IP, which the edge sets; without one (a local call) there
 * is no address to limit by.
 */
export function limitClient(
  vars: RateLimitVars,
  address: string | undefined,
): void {
  if (!address) return;
  const perMinute = numberVar(
    'RATE_LIMIT_IP_PER_MIN',
    vars.RATE_LIMIT_IP_PER_MIN,
    DEFAULT_IP_REQUESTS_PER_MIN,
    { integer: false },
  );
  const wait = takeToken(`ip:${address}`, perMinute);
  if (wait > 0) refuse('client', wait);
}

/** Per-portal limit of the collect path. */
export function limitPortal(vars: RateLimitVars, portalId: string): void {
  const perMinute = numberVar(
    'RATE_LIMIT_PORTAL_PER_MIN',
    vars.RATE_LIMIT_PORTAL_PER_MIN,
    DEFAULT_PORTAL_REQUESTS_PER_MIN,
    { integer: false },
  );
  const wait = takeToken(`portal:${portalId}`, perMinute);
  if (wait > 0) refuse('portal', wait);
}
