// Diffusion fill for thin holes (scratches, text strokes, wires): an onion-peel guess relaxed
// towards the harmonic (Laplace) solution. Across a hole a few pixels wide nothing textured
// is missing, and this is an order of magnitude faster than PatchMatch.
import type { Mask, RgbaImage } from '../../core/types.ts';
import { HOLE_THRESHOLD, holeRadius } from '../../core/mask-ops.ts';
import { throwIfAborted } from '../context.ts';
import type { InpaintEngine } from './engine.ts';
import { onionFill } from './onion.ts';

/**
 * Gauss-Seidel sweeps: information crosses about a pixel per sweep, so a hole needs sweeps in
 * proportion to its radius (its edge-to-middle distance) before the onion guess relaxes into
 * smooth shading; at least this many...
 */
const MIN_RELAX_ITERATIONS = 12;
/** ...and this many per pixel of hole radius. */
const RELAX_PER_RADIUS = 2.5;

/** Fills the pixels where `hole` >= 128; integer arithmetic, deterministic. */
export function diffusionFill(crop: RgbaImage, holeMask: Mask): RgbaImage {
  const { width: w, height: h } = crop;
  const img = new Uint8ClampedArray(crop.data);
  const hole = new Uint8Array(w * h);
  const list = holePixels(holeMask.data, hole);
  onionFill(img, hole, w, h);
  const radius = Math.min(holeRadius(holeMask), Math.max(w, h));
  const sweeps = Math.max(MIN_RELAX_ITERATIONS, Math.ceil(RELAX_PER_RADIUS * radius));
  relax(img, list, neighbours(list, w, h), sweeps);
  return { width: w, height: h, data: img };
}

// diffusionFill's loops are functions of their own so that V8 optimises each loop once.

/** The hole's pixels in raster order, flagged 1 in `hole`. */
function holePixels(mask: Uint8Array, hole: Uint8Array): number[] {
  const list: number[] = [];
  for (let i = 0; i < hole.length; i++)
    if (mask[i] >= HOLE_THRESHOLD) {
      hole[i] = 1;
      list.push(i);
    }
  return list;
}

/** Each listed pixel's 4 neighbours (mirrored at the crop's border), as byte offsets. */
function neighbours(list: readonly number[], w: number, h: number): Int32Array {
  const nb = new Int32Array(4 * list.length);
  for (let k = 0; k < list.length; k++) {
    const i = list[k];
    const x = i % w,
      y = (i - x) / w;
    nb[4 * k] = 4 * (x > 0 ? i - 1 : i + 1);
    nb[4 * k + 1] = 4 * (x < w - 1 ? i + 1 : i - 1);
    nb[4 * k + 2] = 4 * (y > 0 ? i - w : i + w);
    nb[4 * k + 3] = 4 * (y < h - 1 ? i + w : i - w);
  }
  return nb;
}

/** Gauss-Seidel sweeps of the 4-neighbour mean over the listed pixels, in a fixed order. */
function relax(img: Uint8ClampedArray, list: readonly number[], nb: Int32Array, sweeps: number): void {
  for (let it = 0; it < sweeps; it++) {
    for (let k = 0; k < list.length; k++) {
      const at = 4 * list[k],
        a = nb[4 * k],
        b = nb[4 * k + 1],
        d = nb[4 * k + 2],
        e = nb[4 * k + 3];
      for (let c = 0; c < 4; c++) img[at + c] = (img[a + c] + img[b + c] + img[d + c] + img[e + c] + 2) >> 2;
    }
  }
}

export const diffusionEngine: InpaintEngine = {
  id: 'diffusion',
  async fill(crop, hole, _options, ctx) {
    throwIfAborted(ctx.signal);
    return diffusionFill(crop, hole);
  },
};
