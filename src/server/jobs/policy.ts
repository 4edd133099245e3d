// The supervisor's failure policy: which attempt outcomes are worth another try, how long to
// wait before it, and what in a finished result needs a person's eyes.
import type { ExecutedManifest } from '../../ops/manifest.ts';
import { reviewReasons as reasonsOfRuns } from '../../ops/review-reasons.ts';
import type { AttemptOutcome } from './types.ts';

/** Bad input fails the same way every time; a cancelled job is not retried either. */
export const isTransient = (outcome: AttemptOutcome) =>
  outcome === 'failed' || outcome === 'timeout' || outcome === 'crashed' || outcome === 'out_of_memory' || outcome === 'interrupted';

/**
 * Retry n (from 1) waits between half and all of base * 2^(n-1) ms, capped: exponential, with
 * jitter so jobs that failed together do not all come back at the same moment.
 */
export function backoffMs(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Why a finished result needs review (ops/review-reasons.ts); empty when nothing was flagged. */
export function reviewReasons(executed: ExecutedManifest): string[] {
  return reasonsOfRuns(executed.result.runs);
}
