// How textured the known pixels around a hole are: the median luma gradient magnitude in a
// ring just outside it. Smooth fills (diffusion) are right where most of the surroundings is
// flat (sky, walls, skin, a floor), even with a few strong edges crossing it, which they
// continue; where most of it is texture (grass, fur, rough wood, heavy grain) they leave a
// smudge in the hole's shape, so those get an exemplar fill. The median, unlike the mean,
// tells the two apart: a few edges do not move it.
import { cropMask } from '../../core/image.ts';
import { localWindow, squaredDistanceTo } from '../../core/mask-ops.ts';
import type { Box, Mask, RgbaImage } from '../../core/types.ts';

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

/** luma of each pixel of `img`'s window `win`, row-major. */
export function windowLuma(img: RgbaImage, win: Box): Float32Array {
  const w = win[2] - win[0],
    h = win[3] - win[1];
  const l = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) l[y * w + x] = luma(img.data, (win[1] + y) * img.width + win[0] + x);
  return l;
}

/**
 * |d/dx| + |d/dy| of luma (0..255 scale) over the known pixels within RING_WIDTH of the hole
 * (>= 128 in `hole`), taking only differences between two known pixels, sorted ascending:
 * measured once when several quantiles of the same ring are wanted (quantileOf).
 */
export function ringGradientSample(img: RgbaImage, hole: Mask): number[] {
  const { width: w, height: h } = img;
  // Measured in the window around the hole that holds its ring (the same distances there as
  // over the whole image, see localWindow), the same pixels in the same order. A pixel outside
  // the window is farther than the ring, so never in the hole.
  const win = localWindow(hole, RING_WIDTH) ?? [0, 0, w, h];
  const ww = win[2] - win[0];
  const d2 = squaredDistanceTo(ww === w && win[3] - win[1] === h ? hole : cropMask(hole, win));
  return ringGradients(img, win, d2).sort((a, b) => a - b);
}

/** ringGradientSample's loop (its own function so that V8 optimises it once): the gradients in window order. */
function ringGradients(img: RgbaImage, win: Box, d2: Float32Array): number[] {
  const { width: w, height: h } = img;
  const ww = win[2] - win[0];
  const g: number[] = [];
  for (let y = win[1]; y < Math.min(win[3], h - 1); y++)
    for (let x = win[0]; x < Math.min(win[2], w - 1); x++) {
      const k = (y - win[1]) * ww + (x - win[0]);
      if (!(d2[k] > 0 && d2[k] <= RING_WIDTH * RING_WIDTH)) continue;
      if ((x + 1 < win[2] && d2[k + 1] === 0) || (y + 1 < win[3] && d2[k + ww] === 0)) continue;
      const i = y * w + x;
      const c = luma(img.data, i);
      g.push(Math.abs(luma(img.data, i + 1) - c) + Math.abs(luma(img.data, i + w) - c));
    }
  return g;
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
