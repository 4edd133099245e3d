// The ring's coherence tells surroundings with one direction (stripes, an edge) from those
// whose gradients point every way within a few pixels (foliage-like noise).
import { describe, expect, it } from 'vitest';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { createRng } from './prng.ts';
import { ringCoherence } from './ring-coherence.ts';

const W = 120,
  H = 80;

function image(value: (x: number, y: number) => number): RgbaImage {
  const data = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const v = value(x, y);
      data.set([v, v, v, 255], (y * W + x) * 4);
    }
  return { width: W, height: H, data };
}

/** A horizontal bar of letters' height across the middle. */
function bar(): Mask {
  const m: Mask = { width: W, height: H, data: new Uint8Array(W * H) };
  for (let y = 32; y < 48; y++) for (let x = 20; x < 100; x++) m.data[y * W + x] = 255;
  return m;
}

describe('ringCoherence', () => {
  it('is near 1 around diagonal stripes and low around pixel noise', () => {
    const stripes = image((x, y) => 128 + 60 * Math.sin((x + y) / 3));
    const rng = createRng(7);
    const leaves = image(() => 68 + 120 * rng.float());
    expect(ringCoherence(stripes, bar())).toBeGreaterThan(0.95);
    expect(ringCoherence(leaves, bar())).toBeLessThan(0.4);
  });

  it('is 0 on a flat ring', () => {
    expect(
      ringCoherence(
        image(() => 90),
        bar(),
      ),
    ).toBe(0);
  });
});
