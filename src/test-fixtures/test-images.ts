// Small deterministic test pictures for the inpainting tests (not shipped code paths).
import type { Mask, RgbaImage } from '../core/types.ts';

/** Diagonal stripes with hashed grain: texture a blur cannot imitate. */
export function texturedImage(w: number, h: number): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const stripe = ((x + y) >> 3) & 1 ? 170 : 70;
      const grain = ((Math.imul((x * 73856093) ^ (y * 19349663), 83492791) >>> 24) % 31) - 15;
      data[i] = stripe + grain;
      data[i + 1] = stripe / 2 + grain;
      data[i + 2] = 255 - stripe + grain;
      data[i + 3] = 255;
    }
  return { width: w, height: h, data };
}

/** A mask with filled axis-aligned rectangles [x0, y0, x1, y1). */
export function rectMask(w: number, h: number, ...rects: [number, number, number, number][]): Mask {
  const m: Mask = { width: w, height: h, data: new Uint8Array(w * h) };
  for (const [x0, y0, x1, y1] of rects) for (let y = y0; y < y1; y++) m.data.fill(255, y * w + x0, y * w + x1);
  return m;
}
