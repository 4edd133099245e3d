// How much the texture around a hole has one direction: the energy-weighted coherence of
// the luma structure tensor over the ring of known pixels. Edges, blades, a body's outline,
// stripes and a lattice give values near 1 (the gradients in each small window agree on one
// direction); foliage, gravel and leaf litter, whose small gradients point every way within
// a few pixels, give low values (white noise 0.27, foliage and grass photos 0.53-0.58, fur
// 0.65, dune grass 0.79-0.84).
import { cropMask } from '../../core/image.ts';
import { localWindow, squaredDistanceTo } from '../../core/mask-ops.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { luma, RING_WIDTH } from './ring-texture.ts';

/** Half-width of the square window the tensor is summed over: the scale of a blade or a leaf. */
export const COHERENCE_REACH = 2;

/**
 * Sum over the ring (known pixels within RING_WIDTH of `hole`) of |J| (the tensor's eigenvalue
 * difference) over the sum of its trace, J being the outer products of the luma gradients
 * (central differences, both pixels known) summed over a (2 COHERENCE_REACH + 1)^2 window:
 * 0..1, weighted by energy so that flat patches with noise do not count. 0 when the ring is empty.
 */
export function ringCoherence(img: RgbaImage, hole: Mask): number {
  const { width: w, height: h } = img;
  const reach = RING_WIDTH + COHERENCE_REACH + 1;
  const win = localWindow(hole, reach) ?? [0, 0, w, h];
  const [wx0, wy0, wx1, wy1] = win;
  const ww = wx1 - wx0,
    wh = wy1 - wy0;
  const d2 = squaredDistanceTo(ww === w && wh === h ? hole : cropMask(hole, win));
  // Luma gradients (0 where a difference would take a hole pixel or leave the image).
  const gxx = new Float64Array(ww * wh),
    gyy = new Float64Array(ww * wh),
    gxy = new Float64Array(ww * wh);
  for (let y = 1; y < wh - 1; y++)
    for (let x = 1; x < ww - 1; x++) {
      const k = y * ww + x;
      if (d2[k - 1] === 0 || d2[k + 1] === 0 || d2[k - ww] === 0 || d2[k + ww] === 0 || d2[k] === 0) continue;
      const i = (y + wy0) * w + x + wx0;
      const gx = (luma(img.data, i + 1) - luma(img.data, i - 1)) / 2;
      const gy = (luma(img.data, i + w) - luma(img.data, i - w)) / 2;
      gxx[k] = gx * gx;
      gyy[k] = gy * gy;
      gxy[k] = gx * gy;
    }
  let span = 0,
    trace = 0;
  const r = COHERENCE_REACH;
  for (let y = r; y < wh - r; y++)
    for (let x = r; x < ww - r; x++) {
      const k = y * ww + x;
      if (!(d2[k] > 0 && d2[k] <= RING_WIDTH * RING_WIDTH)) continue;
      let a = 0,
        b = 0,
        c = 0;
      for (let dy = -r; dy <= r; dy++)
        for (let dx = -r; dx <= r; dx++) {
          const q = k + dy * ww + dx;
          a += gxx[q];
          b += gyy[q];
          c += gxy[q];
        }
      span += Math.sqrt((a - b) * (a - b) + 4 * c * c);
      trace += a + b;
    }
  return trace > 0 ? span / trace : 0;
}
