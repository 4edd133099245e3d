// The mask grows over halos only. A brushed object's edge is soft (antialiasing, focus blur,
// compression ringing, the edge of its shadow), so a rim of pixels between the object and
// what lies behind it can lie just past where the brush stopped; refilled from that rim, a
// fill keeps a ghost outline. A disc grown over everything took good pixels as well: where the
// mask was exact (a stroke, a detector's mask) the fill's boundary moved outwards, and on the
// wider hole sets thin strokes lost 2-5 dB to OpenCV's Telea, which keeps that boundary.
//
// So the growth walks outwards from the mask, one ring of pixels at a time, and takes a pixel
// only when it stands out from the background beyond the growth around it (the mean of the
// pixels a few steps farther out, within a window) by more than that background's own spread.
import { HOLE_THRESHOLD, squaredDistanceTo } from '../../core/mask-ops.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';

/** Width of the band past the growth whose pixels are the background it is judged against. */
const BACKGROUND_BAND = 3;

/** A pixel stands out when its RGB distance to the background's mean exceeds this many of the background's spreads... */
const SPREADS = 2;

/** ...and this many grey levels (RGB distance): below it, no ghost shows on the flattest sky. */
const MIN_STEP = 10;

/**
 * `mask` (0 keep / 255 remove, the size of `photo`) grown by up to `dilate` pixels over what
 * stands out from the background around it, connected to the mask through such pixels. With
 * `dilate` 0 the mask itself (a copy).
 */
export function haloGrowth(photo: RgbaImage, mask: Mask, dilate: number): Mask {
  const { width: w, height: h } = mask;
  const out = new Uint8Array(w * h);
  for (let i = 0; i < out.length; i++) out[i] = mask.data[i] >= HOLE_THRESHOLD ? 255 : 0;
  const reach = Math.floor(dilate);
  if (reach < 1) return { width: w, height: h, data: out };
  const d2 = squaredDistanceTo(mask);
  const outer = (reach + BACKGROUND_BAND) ** 2;
  for (let step = 1; step <= reach; step++) growRing(photo.data, out, d2, w, h, step, reach * reach, outer);
  return { width: w, height: h, data: out };
}

/**
 * Adds to `grown` the pixels of ring `step` (distance in (step - 1, step] from the mask) that
 * touch a grown pixel (8 neighbours) and stand out from the background: pixels at squared
 * distance in (inner2, outer2] within the window of radius sqrt(outer2) around them.
 */
function growRing(
  rgba: Uint8ClampedArray,
  grown: Uint8Array,
  d2: Float32Array,
  w: number,
  h: number,
  step: number,
  inner2: number,
  outer2: number,
): void {
  const lo = (step - 1) * (step - 1),
    hi = step * step;
  const r = Math.ceil(Math.sqrt(outer2));
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const q = d2[i];
      if (q <= lo || q > hi || !touchesGrown(grown, w, h, x, y)) continue;
      if (standsOut(rgba, d2, w, h, x, y, r, inner2, outer2)) grown[i] = 255;
    }
}

function touchesGrown(grown: Uint8Array, w: number, h: number, x: number, y: number): boolean {
  for (let dy = -1; dy <= 1; dy++) {
    const yy = y + dy;
    if (yy < 0 || yy >= h) continue;
    for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx;
      if (xx >= 0 && xx < w && grown[yy * w + xx]) return true;
    }
  }
  return false;
}

/**
 * Whether the pixel at (x, y) is farther from the mean of the background pixels in its window
 * than SPREADS of their spread and MIN_STEP. With no background in the window (a strip
 * between the mask and the frame) it is not: it is the only sample of that side (frame-strip.ts).
 */
function standsOut(
  rgba: Uint8ClampedArray,
  d2: Float32Array,
  w: number,
  h: number,
  x: number,
  y: number,
  r: number,
  inner2: number,
  outer2: number,
): boolean {
  let n = 0,
    s0 = 0,
    s1 = 0,
    s2 = 0,
    q0 = 0,
    q1 = 0,
    q2 = 0;
  const y0 = y - r < 0 ? 0 : y - r,
    y1 = y + r >= h ? h - 1 : y + r;
  const x0 = x - r < 0 ? 0 : x - r,
    x1 = x + r >= w ? w - 1 : x + r;
  for (let yy = y0; yy <= y1; yy++)
    for (let xx = x0; xx <= x1; xx++) {
      const j = yy * w + xx;
      const q = d2[j];
      if (q <= inner2 || q > outer2) continue;
      const a = j * 4;
      const c0 = rgba[a],
        c1 = rgba[a + 1],
        c2 = rgba[a + 2];
      n++;
      s0 += c0;
      s1 += c1;
      s2 += c2;
      q0 += c0 * c0;
      q1 += c1 * c1;
      q2 += c2 * c2;
    }
  if (!n) return false;
  const m0 = s0 / n,
    m1 = s1 / n,
    m2 = s2 / n;
  const spread = Math.sqrt(Math.max(0, q0 / n - m0 * m0 + q1 / n - m1 * m1 + q2 / n - m2 * m2));
  const a = (y * w + x) * 4;
  const dist = Math.hypot(rgba[a] - m0, rgba[a + 1] - m1, rgba[a + 2] - m2);
  return dist > Math.max(MIN_STEP, SPREADS * spread);
}
