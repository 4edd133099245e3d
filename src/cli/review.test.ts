import { describe, expect, it } from 'vitest';
import { requireManifest, type ExecutedManifest } from '../ops/manifest.ts';
import { reviewNote } from './apply.ts';

const executed = (runs: unknown[]): ExecutedManifest =>
  requireManifest({
    steps: [{ op: 'remove_text' }, { op: 'upscale', scale: 2 }],
    source: { sha256: 'a'.repeat(64), width: 10, height: 10 },
    result: { file: 'r.png', sha256: 'b'.repeat(64), width: 20, height: 20, runs },
  }) as ExecutedManifest;

describe('reviewNote', () => {
  it('names the step and the boxes where text may remain', () => {
    const note = reviewNote(
      executed([
        { step: 0, op: 'remove_text', ms: 5, leftover: [[1.4, 2, 5.6, 4, 0.7]] },
        { step: 1, op: 'upscale', ms: 9 },
      ]),
    );
    expect(note).toBe('step 0 (remove_text): text may remain in [1, 2, 6, 4]');
  });

  it('names the step and how many pixels changed outside the text boxes', () => {
    const note = reviewNote(
      executed([
        { step: 0, op: 'remove_text', ms: 5, changed_outside: 120 },
        { step: 1, op: 'upscale', ms: 9 },
      ]),
    );
    expect(note).toBe('step 0 (remove_text): 120 pixels changed outside the text boxes');
  });

  it('is null for a clean result', () => {
    expect(
      reviewNote(
        executed([
          { step: 0, op: 'remove_text', ms: 5, boxes: [[1, 2, 5, 4, 0.9]] },
          { step: 1, op: 'upscale', ms: 9 },
        ]),
      ),
    ).toBeNull();
  });
});
