// Retries with exponential backoff: attempt n (from 1) waits base * 2^(n-1) ms, capped.
export interface RetryPolicy {
  /** Extra attempts after the first. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const backoffDelay = (policy: RetryPolicy, retry: number): number =>
  Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
