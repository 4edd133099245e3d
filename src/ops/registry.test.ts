import { describe, expect, it } from 'vitest';
import { opById, OPS } from './registry.ts';
import { upscale } from './upscale/upscale.ts';

describe('ops registry', () => {
  it('lists each op once under its manifest name', () => {
    const ids = OPS.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['detect_text', 'upscale']));
    expect(opById('detect_text').changesPixels).toBe(false);
    expect(opById('upscale').label).toBe('Upscale');
    expect(opById('upscale').run).toBe(upscale);
  });

  it('names the known ops when asked for an unknown one', () => {
    expect(() => opById('sharpen')).toThrow(/Unknown operation "sharpen"\. Known operations: .*\bupscale\b/);
  });
});
