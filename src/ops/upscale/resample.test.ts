import { describe, expect, it } from 'vitest';
import { resampleChannel, resampleRgb } from './resample.ts';

const ramp = (w: number, h: number) => Float32Array.from({ length: w * h }, (_, i) => (i % w) * 10 + Math.floor(i / w));

describe('resampleChannel', () => {
  it('returns the source unchanged at ratio 1', () => {
    const src = ramp(9, 7);
    const out = resampleChannel(
      { data: src, width: 9, height: 7, offset: 0, step: 1 },
      { x0: 0, y0: 0, ratioX: 1, ratioY: 1, outWidth: 9, outHeight: 7 },
    );
    for (let i = 0; i < src.length; i++) expect(out[i]).toBeCloseTo(src[i], 4);
  });

  it('keeps a flat channel flat when enlarging and shrinking', () => {
    const flat = new Float32Array(20 * 20).fill(200);
    for (const ratio of [3, 0.75, 0.2]) {
      const n = Math.round(20 * ratio);
      const out = resampleChannel(
        { data: flat, width: 20, height: 20, offset: 0, step: 1 },
        { x0: 0, y0: 0, ratioX: ratio, ratioY: ratio, outWidth: n, outHeight: n },
      );
      for (const v of out) expect(v).toBeCloseTo(200, 3);
    }
  });

  it('computes any window the same as the matching part of the whole output', () => {
    const src = ramp(16, 12);
    const ch = { data: src, width: 16, height: 12, offset: 0, step: 1 };
    const whole = resampleChannel(ch, { x0: 0, y0: 0, ratioX: 3, ratioY: 3, outWidth: 48, outHeight: 36 });
    const part = resampleChannel(ch, { x0: 10 / 3, y0: 5 / 3, ratioX: 3, ratioY: 3, outWidth: 20, outHeight: 15 });
    for (let y = 0; y < 15; y++) for (let x = 0; x < 20; x++) expect(part[y * 20 + x]).toBeCloseTo(whole[(y + 5) * 48 + x + 10], 3);
  });

  it('shrinks by a large factor to the local average (box-reduced first)', () => {
    const w = 600;
    const src = Float32Array.from({ length: w * 40 }, (_, i) => i % w); // value = x
    const out = resampleChannel(
      { data: src, width: w, height: 40, offset: 0, step: 1 },
      { x0: 0, y0: 0, ratioX: 0.1, ratioY: 0.1, outWidth: 60, outHeight: 4 },
    );
    // Output pixel X covers source [10X, 10X + 10): its mean is 10X + 4.5. Edges clamp.
    for (let x = 2; x < 58; x++) expect(out[w / 10 + x]).toBeCloseTo(10 * x + 4.5, 1);
  });

  it('resamples the R, G and B of RGBA pixels to exactly the values of one channel at a time', () => {
    const w = 23,
      h = 17;
    const rgba = Uint8ClampedArray.from({ length: w * h * 4 }, (_, i) => (i * 37 + (i >> 3) * 11) % 256);
    // Shrinks, ratio 1 (taps trimmed to one), enlargement, an offset window, and a large shrink (box-reduced first).
    for (const [ratioX, ratioY, x0, y0] of [
      [0.75, 0.6, 0, 0],
      [1, 1.05, 3, 0],
      [2.5, 2, 1.5, 2],
      [0.2, 0.25, 0, 0],
    ]) {
      const win = { x0, y0, ratioX, ratioY, outWidth: Math.round(12 * ratioX), outHeight: Math.round(10 * ratioY) };
      const planes = resampleRgb({ data: rgba, width: w, height: h }, win);
      for (const c of [0, 1, 2]) expect(planes[c]).toEqual(resampleChannel({ data: rgba, width: w, height: h, offset: c, step: 4 }, win));
    }
  });
});
