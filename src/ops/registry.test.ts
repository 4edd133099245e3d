import { describe, expect, it } from 'vitest';
import { detectText } from './detect-text/detect.ts';
import { opById, OPS } from './registry.ts';
import type { StepOps } from './runner.ts';
import { upscale } from './upscale/upscale.ts';

// Hosts hand these ops to the manifest runner as they are: a type error here means the
// op and the runner disagree on a result shape.
const wired: Pick<StepOps, 'detect_text' | 'upscale'> = { detect_text: detectText, upscale };

describe('ops registry', () => {
  it('lists each op once under its manifest name', () => {
    const ids = OPS.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['detect_text', 'upscale']));
    expect(opById('detect_text').changesPixels).toBe(false);
    expect(opById('upscale').label).toBe('Upscale');
    expect(opById('upscale').run).toBe(wired.upscale);
  });

  it('names the known ops when asked for an unknown one', () => {
    expect(() => opById('sharpen')).toThrow(/Unknown operation "sharpen"\. Known operations: .*\bupscale\b/);
  });
});
