// How textured the known pixels around a hole are: the median luma gradient magnitude in a
// ring just outside it. Smooth fills (diffusion) are right where most of the surroundings is
// flat (sky, walls, skin, a floor), even with a few strong edges crossing it, which they
// continue; where most of it is texture (grass, fur, rough wood, heavy grain) they leave a
// smudge in the hole's shape, so those get an exemplar fill. The median, unlike the mean,
// tells the two apart: a few edges do not move it.
import { squaredDistanceTo } from '../../core/mask-ops.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';

/**
 * Surroundings whose ringGradient exceeds this are textured: about 6 grey levels per pixel
 * each way. Flat surfaces with ordinary sensor noise and JPEG grain stay below it, even when
 * a few strong edges cross them; grass, fur, rough wood and heavy grain go above.
 */
export const TEXTURED_RING_GRADIENT = 12;

/** Width of the ring measured around the hole, in pixels. */
export const RING_WIDTH = 6;

/** Luma (0..255) of pixel `p`, in integer-friendly BT.601 weights. */
export function luma(d: Uint8ClampedArray, p: number): number {
  return (d[p * 4] * 77 + d[p * 4 + 1] * 150 + d[p * 4 + 2] * 29) / 256;
}

/**
 * |d/dx| + |d/dy| of luma (0..255 scale) over the known pixels within RING_WIDTH of the hole
 * (>= 128 in `hole`), taking only differences between two known pixels, sorted ascending:
 * measured once when several quantiles of the same ring are wanted (quantileOf).
 */
export function ringGradientSample(img: RgbaImage, hole: Mask): number[] {
  const { width: w, height: h } = img;
  const d2 = squaredDistanceTo(hole);
  const inRing = (i: number) => d2[i] > 0 && d2[i] <= RING_WIDTH * RING_WIDTH;
  const g: number[] = [];
  for (let y = 0; y < h - 1; y++)
    for (let x = 0; x < w - 1; x++) {
      const i = y * w + x;
      if (!inRing(i) || d2[i + 1] === 0 || d2[i + w] === 0) continue;
      const c = luma(img.data, i);
      g.push(Math.abs(luma(img.data, i + 1) - c) + Math.abs(luma(img.data, i + w) - c));
    }
  return g.sort((a, b) => a - b);
}

/** The median (or the `quantile` given) of a ringGradientSample; 0 when the ring is empty. */
export function quantileOf(sorted: number[], quantile = 0.5): number {
  if (!sorted.length) return 0;
  return quantile === 0.5 ? sorted[sorted.length >> 1] : sorted[Math.floor(quantile * (sorted.length - 1))];
}

/** The median (or the `quantile` given) of the ring's luma gradients (ringGradientSample). */
export function ringGradient(img: RgbaImage, hole: Mask, quantile = 0.5): number {
  return quantileOf(ringGradientSample(img, hole), quantile);
}
