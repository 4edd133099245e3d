// How long a job waits before its next attempt: the one policy of the embedded queue and of
// the BullMQ workers (their custom backoff strategy).
/**
 * Retry n (from 1) waits between half and all of base * 2^(n-1) ms, capped: exponential, with
 * jitter so jobs that failed together do not all come back at the same moment.
 */
export function backoffMs(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
