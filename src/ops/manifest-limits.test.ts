// Manifest limits: a manifest that would cost minutes of rasterising, or whose job_id would
// drive a terminal, is refused with a message that says what is over and what to do.
import { describe, expect, it } from 'vitest';
import { MAX_STROKE_POINTS } from '../core/manifest/index.ts';
import { parseManifest } from './manifest.ts';

const strokesOf = (points: number) => ({
  op: 'inpaint',
  strokes: [{ points: Array.from({ length: points * 2 }, (_, i) => i % 97), width: 8 }],
});

describe('manifest limits', () => {
  it('takes strokes up to the per-manifest cap, counted across steps', () => {
    const half = MAX_STROKE_POINTS / 2;
    expect(parseManifest({ steps: [strokesOf(half), strokesOf(half)] }).ok).toBe(true);
  });

  it('refuses one stroke point over the cap, saying how many and what to do', () => {
    const parsed = parseManifest({ steps: [strokesOf(MAX_STROKE_POINTS), strokesOf(1)] });
    expect(parsed).toEqual({
      ok: false,
      errors: [
        `the steps hold ${MAX_STROKE_POINTS + 1} stroke points in all, over the limit of ${MAX_STROKE_POINTS} per manifest; split the job into several manifests, or give large areas as a mask PNG`,
      ],
    });
  });

  it.each([
    ['an ANSI escape', 'job\u001b[31mred', 'U+001B at position 3'],
    ['a newline', 'a\nb', 'U+000A at position 1'],
    ['DEL', 'x\u007f', 'U+007F at position 1'],
    ['a C1 control', '\u009bjob', 'U+009B at position 0'],
  ])('refuses a job_id holding %s', (_, job_id, where) => {
    const parsed = parseManifest({ job_id, steps: [] });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors).toEqual([
      `job_id must not contain control characters (found ${where}); use letters, digits and punctuation`,
    ]);
  });

  it('takes a job_id in any script, with spaces and punctuation', () => {
    expect(parseManifest({ job_id: 'Release 42 — été/東京 #3', steps: [] }).ok).toBe(true);
  });
});
