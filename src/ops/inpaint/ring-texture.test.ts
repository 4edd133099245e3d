import { describe, expect, it } from 'vitest';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { luma, RING_WIDTH, ringGradientSample } from './ring-texture.ts';

const w = 80,
  h = 60;

/** A textured picture: each pixel's colour from a small hash of its place. */
function picture(): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    const v = (i * 2654435761) >>> 0;
    data.set([v & 255, (v >>> 8) & 255, (v >>> 16) & 255, 255], i * 4);
  }
  return { width: w, height: h, data };
}

function holeOf(boxes: [number, number, number, number][]): Mask {
  const data = new Uint8Array(w * h);
  for (const [x0, y0, x1, y1] of boxes) for (let y = y0; y < y1; y++) data.fill(255, y * w + x0, y * w + x1);
  return { width: w, height: h, data };
}

/** The sample by its definition, from distances over the whole image. */
function reference(img: RgbaImage, hole: Mask): number[] {
  const d2 = (x: number, y: number) => {
    let best = Infinity;
    for (let j = 0; j < h; j++)
      for (let i = 0; i < w; i++) if (hole.data[j * w + i] >= 128) best = Math.min(best, (i - x) ** 2 + (j - y) ** 2);
    return best;
  };
  const g: number[] = [];
  for (let y = 0; y < h - 1; y++)
    for (let x = 0; x < w - 1; x++) {
      const q = d2(x, y);
      if (!(q > 0 && q <= RING_WIDTH * RING_WIDTH) || d2(x + 1, y) === 0 || d2(x, y + 1) === 0) continue;
      const i = y * w + x;
      const c = luma(img.data, i);
      g.push(Math.abs(luma(img.data, i + 1) - c) + Math.abs(luma(img.data, i + w) - c));
    }
  return g.sort((a, b) => a - b);
}

describe('ringGradientSample', () => {
  const img = picture();
  it('takes the known pixels within the ring around a hole, near the edges too', () => {
    for (const boxes of [
      [[30, 20, 38, 26]],
      [[0, 0, 5, 4]],
      [
        [70, 50, 80, 60],
        [10, 40, 12, 41],
      ],
    ] as [number, number, number, number][][]) {
      const hole = holeOf(boxes);
      const sample = ringGradientSample(img, hole);
      expect(sample.length).toBeGreaterThan(20);
      expect(sample).toEqual(reference(img, hole));
    }
  });

  it('is empty without a hole', () => {
    expect(ringGradientSample(img, holeOf([]))).toEqual([]);
  });
});
