import { describe, expect, it } from 'vitest';
import { squareClosing, squareMax, squareMin, squareOpening } from './square-filter.ts';

/** The plain definition: every window value compared, the window cut at the edges. */
function naive(a: Float32Array, w: number, h: number, r: number, pick: (...v: number[]) => number): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const vals: number[] = [];
      for (let yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++)
        for (let xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) vals.push(a[yy * w + xx]);
      out[y * w + x] = pick(...vals);
    }
  return out;
}

describe('square filters', () => {
  it('equal the plain window maximum and minimum for every radius, edges included', () => {
    const w = 23,
      h = 9;
    let seed = 7;
    const a = Float32Array.from({ length: w * h }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256) - 40);
    for (const r of [0, 1, 2, 4, 11, 30]) {
      expect(squareMax(a, w, h, r)).toEqual(naive(a, w, h, r, Math.max));
      expect(squareMin(a, w, h, r)).toEqual(naive(a, w, h, r, Math.min));
    }
  });

  it('open away a bright stroke narrower than the square and close a dark one', () => {
    const w = 20,
      h = 20;
    const bright = new Float32Array(w * h).fill(100);
    const dark = new Float32Array(w * h).fill(100);
    for (let y = 0; y < h; y++)
      for (let x = 9; x < 12; x++) {
        bright[y * w + x] = 180;
        dark[y * w + x] = 20;
      }
    expect(squareOpening(bright, w, h, 2).every((v) => v === 100)).toBe(true);
    expect(squareClosing(dark, w, h, 2).every((v) => v === 100)).toBe(true);
    // A square wider than the stroke's half width only: the stroke stays.
    expect(squareOpening(bright, w, h, 1)[10 * w + 10]).toBe(180);
  });
});
