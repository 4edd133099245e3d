// The supervisor's failure policy: which attempt outcomes are worth another try, how long to
// wait before it, and what in a finished result needs a person's eyes.
import type { ExecutedManifest } from '../../ops/manifest.ts';
import { reviewReasons as reasonsOfRuns } from '../../ops/review-reasons.ts';
import type { AttemptOutcome } from './types.ts';

export { backoffMs } from '../../node/backoff.ts';

/** Bad input fails the same way every time; a cancelled job is not retried either. */
export const isTransient = (outcome: AttemptOutcome) =>
  outcome === 'failed' || outcome === 'timeout' || outcome === 'crashed' || outcome === 'out_of_memory' || outcome === 'interrupted';

/** Why a finished result needs review (ops/review-reasons.ts); empty when nothing was flagged. */
export function reviewReasons(executed: ExecutedManifest): string[] {
  return reasonsOfRuns(executed.result.runs);
}
