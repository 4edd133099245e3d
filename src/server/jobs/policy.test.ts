import { describe, expect, it } from 'vitest';
import type { ExecutedManifest } from '../../ops/manifest.ts';
import { backoffMs, isTransient, reviewReasons } from './policy.ts';

const executed = (runs: object[]) =>
  ({ steps: [], result: { file: 'r.png', sha256: 'a'.repeat(64), width: 1, height: 1, runs } }) as unknown as ExecutedManifest;

describe('the failure policy', () => {
  it('retries transient failures only', () => {
    for (const o of ['failed', 'timeout', 'crashed', 'out_of_memory', 'interrupted'] as const) expect(isTransient(o), o).toBe(true);
    for (const o of ['done', 'bad_input', 'cancelled'] as const) expect(isTransient(o), o).toBe(false);
  });

  it('waits exponentially longer, with jitter between half and all of the step, capped', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000, 60_000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000, 60_000, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffMs(20, 1000, 60_000, () => 1)).toBe(60_000);
  });

  it('sends a result to review when the check after remove_text flags it: leftover text, or pixels changed outside the boxes', () => {
    expect(reviewReasons(executed([{ step: 0, op: 'remove_text', ms: 1 }]))).toEqual([]);
    expect(reviewReasons(executed([{ step: 0, op: 'remove_text', ms: 1, leftover: [[10.4, 20, 30, 40, 0.9]] }]))).toEqual([
      'step 0 (remove_text): text may remain in [10, 20, 30, 40]',
    ]);
    expect(reviewReasons(executed([{ step: 1, op: 'remove_text', ms: 1, changed_outside: 1065 }]))).toEqual([
      'step 1 (remove_text): 1065 pixels changed outside the text boxes',
    ]);
  });
});
