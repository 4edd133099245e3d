import { describe, expect, it } from 'vitest';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { edgeGrowth } from './edge-softness.ts';

/** A 40x40 grey square with a dark 10x10 block in the middle whose edge fades out over `fade` px. */
function block(fade: number): { img: RgbaImage; found: Mask } {
  const w = 40,
    img: RgbaImage = { width: w, height: w, data: new Uint8ClampedArray(w * w * 4) };
  const found: Mask = { width: w, height: w, data: new Uint8Array(w * w) };
  for (let y = 0; y < w; y++)
    for (let x = 0; x < w; x++) {
      const d = Math.max(Math.max(15 - x, x - 24, 0), Math.max(15 - y, y - 24, 0));
      const v = d === 0 ? 40 : d <= fade ? 40 + (160 * d) / (fade + 1) : 200;
      img.data.set([v, v, v, 255], (y * w + x) * 4);
      if (d === 0) found.data[y * w + x] = 255;
    }
  return { img, found };
}

describe('edgeGrowth', () => {
  it('does not grow past the anti-aliased rim of a crisp edge', () => {
    const { img, found } = block(0);
    expect(edgeGrowth(img, [0, 0, 40, 40], found, 6)).toBe(0);
  });
  it('grows over a soft edge as far as it fades, capped', () => {
    const { img, found } = block(4);
    expect(edgeGrowth(img, [0, 0, 40, 40], found, 8)).toBeGreaterThanOrEqual(3);
    expect(edgeGrowth(img, [0, 0, 40, 40], found, 2)).toBe(2);
  });
});
