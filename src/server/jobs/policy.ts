// The supervisor's failure policy: which attempt outcomes are worth another try, how long to
// wait before it, and what in a finished result needs a person's eyes.
import type { ExecutedManifest } from '../../ops/manifest.ts';
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

const box = (b: number[]) => `[${b.slice(0, 4).map(Math.round).join(', ')}]`;

/**
 * Why a finished result needs review: the check after remove_text found text left (`leftover`
 * boxes) or flagged the result (a `flagged`/`flags` entry in the step's run, e.g. pixels
 * changed outside the boxes). Empty when nothing was flagged.
 */
export function reviewReasons(executed: ExecutedManifest): string[] {
  return executed.result.runs.flatMap((run) => {
    const where = `step ${run.step} (${run.op})`;
    const reasons: string[] = [];
    if (run.leftover?.length) reasons.push(`${where}: text may remain in ${run.leftover.map(box).join(', ')}`);
    const extra = run as { flagged?: unknown; flags?: unknown };
    if (extra.flagged === true) reasons.push(`${where}: the check after the step flagged the result`);
    else if (typeof extra.flagged === 'string' && extra.flagged) reasons.push(`${where}: ${extra.flagged}`);
    if (Array.isArray(extra.flags) && extra.flags.length)
      reasons.push(`${where}: flagged (${extra.flags.map((f) => (typeof f === 'string' ? f : JSON.stringify(f))).join('; ')})`);
    return reasons;
  });
}
