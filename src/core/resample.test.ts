import { describe, expect, it } from 'vitest';
import { resizeMask, resizeRgba } from './resample.ts';
import type { RgbaImage } from './types.ts';

function gradient(w: number, h: number): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      data[i] = (x * 255) / (w - 1);
      data[i + 1] = (y * 255) / (h - 1);
      data[i + 2] = ((x + y) * 7) & 255;
      data[i + 3] = 255;
    }
  return { width: w, height: h, data };
}

describe('resizeRgba', () => {
  it('downscales by 2 as the exact mean of each 2x2 block', () => {
    const img = gradient(8, 6);
    const out = resizeRgba(img, 4, 3);
    for (let y = 0; y < 3; y++)
      for (let x = 0; x < 4; x++)
        for (let c = 0; c < 4; c++) {
          let s = 0;
          for (const [dx, dy] of [
            [0, 0],
            [1, 0],
            [0, 1],
            [1, 1],
          ])
            s += img.data[((2 * y + dy) * 8 + 2 * x + dx) * 4 + c];
          expect(out.data[(y * 4 + x) * 4 + c]).toBe(Math.floor(s / 4 + 0.5));
        }
  });

  it('keeps a flat colour flat in both directions', () => {
    const flat: RgbaImage = { width: 5, height: 7, data: new Uint8ClampedArray(5 * 7 * 4).fill(77) };
    for (const [w, h] of [
      [13, 3],
      [2, 20],
      [1, 1],
    ]) {
      expect(resizeRgba(flat, w, h).data.every((v) => v === 77)).toBe(true);
    }
  });

  it('upscales bicubically: a linear ramp stays linear inside, and values stay in range', () => {
    const img = gradient(16, 16);
    const up = resizeRgba(img, 64, 64);
    // red is x * 17 on the input; at output x the sampled input position is (x + 0.5) / 4 - 0.5
    for (let x = 8; x < 56; x++) {
      const expected = ((x + 0.5) / 4 - 0.5) * 17;
      expect(Math.abs(up.data[(20 * 64 + x) * 4] - expected)).toBeLessThanOrEqual(0.5 + 1e-9);
    }
  });

  it('is deterministic and returns a copy at the same size', () => {
    const img = gradient(31, 17);
    expect(resizeRgba(img, 50, 9).data).toEqual(resizeRgba(img, 50, 9).data);
    const same = resizeRgba(img, 31, 17);
    expect(same.data).toEqual(img.data);
    expect(same.data).not.toBe(img.data);
  });

  it('does not bleed the colour of transparent pixels', () => {
    const data = new Uint8ClampedArray(4 * 4);
    data.set([255, 0, 0, 255, 0, 255, 0, 0, 0, 255, 0, 0, 255, 0, 0, 255]); // red | clear green | clear green | red
    const out = resizeRgba({ width: 4, height: 1, data }, 2, 1);
    expect([...out.data]).toEqual([255, 0, 0, 128, 255, 0, 0, 128]);
  });

  it('refuses bad sizes with a message', () => {
    expect(() => resizeRgba(gradient(4, 4), 0, 3)).toThrow(/positive integers/);
  });
});

describe('resizeMask', () => {
  it('area-averages a hard mask on downscale and keeps 0/255 regions exact on upscale', () => {
    const data = new Uint8Array(16);
    data.set([255, 255, 0, 0], 0);
    data.set([255, 255, 0, 0], 4);
    const m = resizeMask({ width: 4, height: 4, data }, 2, 2);
    expect([...m.data]).toEqual([255, 0, 0, 0]);
    const up = resizeMask({ width: 2, height: 2, data: new Uint8Array([0, 0, 0, 0]) }, 9, 9);
    expect(up.data.every((v) => v === 0)).toBe(true);
  });
});
