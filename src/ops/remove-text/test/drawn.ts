// Test helper: text drawn over a photo as captions and watermarks are made, from a coverage
// mask (0..255, anti-aliased) in one colour at one opacity.
import type { Mask, RgbaImage } from '../../../core/types.ts';

/** `base` with `shape` drawn over it in `rgb` at `opacity` (weighted by the coverage). */
export function drawnOver(base: RgbaImage, shape: Mask, rgb: readonly number[], opacity: number): RgbaImage {
  const data = new Uint8ClampedArray(base.data);
  for (let i = 0; i < shape.data.length; i++) {
    const a = (shape.data[i] / 255) * opacity;
    for (let c = 0; c < 3; c++) data[i * 4 + c] = Math.round(base.data[i * 4 + c] * (1 - a) + rgb[c] * a);
  }
  return { ...base, data };
}
