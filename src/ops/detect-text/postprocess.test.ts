import { describe, expect, it } from 'vitest';
import { DB_DEFAULTS, textBoxes } from './postprocess.ts';

/** A probability map with rectangles [x0, y0, x1, y1] (inclusive) set to p. */
function map(w: number, h: number, rects: [number, number, number, number, number][]): Float32Array {
  const m = new Float32Array(w * h).fill(0.02);
  for (const [x0, y0, x1, y1, p] of rects) for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) m[y * w + x] = p;
  return m;
}

describe('DBNet post-processing', () => {
  const view = { x0: 0, y0: 0, x1: 64, y1: 32, tensorWidth: 64, tensorHeight: 32 };

  it('grows a text kernel by area * 1.5 / perimeter', () => {
    // 20 x 4 kernel: d = 80 * 1.5 / 48 = 2.5 -> [10 - 2.5, 10 - 2.5, 30 + 2.5, 14 + 2.5]
    const [b] = textBoxes(map(64, 32, [[10, 10, 29, 13, 0.9]]), view);
    expect(b.box).toEqual([8, 8, 33, 17]);
    expect(b.score).toBeCloseTo(0.9, 5);
  });

  it('drops faint kernels (mean probability < 0.6) and slivers (short side < 3)', () => {
    const boxes = textBoxes(
      map(64, 32, [
        [2, 2, 20, 6, 0.5],
        [30, 2, 60, 3, 0.95],
        [30, 20, 60, 26, 0.8],
      ]),
      view,
    );
    expect(boxes.map((b) => b.score.toFixed(1))).toEqual(['0.8']);
  });

  it('maps boxes back to the source rectangle the tensor was made from', () => {
    // The tensor shows source pixels [100, 200) x [50, 100) at half scale.
    const half = { x0: 100, y0: 50, x1: 200, y1: 100, tensorWidth: 50, tensorHeight: 25 };
    const m = new Float32Array(50 * 25).fill(0);
    for (let y = 10; y <= 13; y++) for (let x = 10; x <= 29; x++) m[y * 50 + x] = 0.9;
    expect(textBoxes(m, half)[0].box).toEqual([100 + 15, 50 + 15, 100 + 65, 50 + 33]);
  });

  it('keeps separate kernels apart', () => {
    const boxes = textBoxes(
      map(64, 32, [
        [2, 10, 20, 14, 0.9],
        [30, 10, 60, 14, 0.9],
      ]),
      view,
    );
    expect(boxes).toHaveLength(2);
  });

  it("scores a slanting line by its kernel's own pixels in 'kernel' mode", () => {
    // A 3 px thick line rising 8 px over 50 px: its bounding box is mostly background.
    const m = new Float32Array(64 * 32).fill(0.02);
    for (let x = 5; x < 55; x++) for (let t = 0; t < 3; t++) m[(20 - Math.floor((x - 5) / 6) + t) * 64 + x] = 0.9;
    expect(textBoxes(m, view)).toEqual([]);
    const [b] = textBoxes(m, view, { ...DB_DEFAULTS, scoreMode: 'kernel' });
    expect(b.score).toBeCloseTo(0.9, 5);
  });
});
