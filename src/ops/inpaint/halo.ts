// The mask grows over halos only. A brushed object's edge is soft (antialiasing, focus blur,
// compression ringing, the edge of its shadow), so a rim of pixels between the object and
// what lies behind it can lie just past where the brush stopped; refilled from that rim, a
// fill keeps a ghost outline. A disc grown over everything took good pixels as well: where the
// mask was exact (a stroke, a detector's mask) the fill's boundary moved outwards, and on the
// wider hole sets thin strokes lost 2-5 dB to OpenCV's Telea, which keeps that boundary.
//
// So the growth walks outwards from the mask, one ring of pixels at a time, and takes a pixel
// only when it stands out from the background beyond the growth around it (the pixels a few
// steps farther out, within a window) by more than that background's own spread.
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
  const background = backgroundCells(photo.data, d2, w, h, reach * reach, (reach + BACKGROUND_BAND) ** 2, reach + BACKGROUND_BAND);
  const order = ringOrder(d2, reach);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const x = i % w,
      y = (i - x) / w;
    if (touchesGrown(out, w, h, x, y) && standsOut(photo.data, background, i, x, y)) out[i] = 255;
  }
  return { width: w, height: h, data: out };
}

/**
 * The background's sums per square cell of the crop: count, RGB and the sum of squares over
 * the channels of the pixels at squared distance in (inner2, outer2] from the mask. A pixel's
 * window (radius `r`) is read as the cells it overlaps: about 100 cells whatever `r` is, so
 * a growth of 64 px costs what one of 4 px does.
 */
interface BackgroundCells {
  side: number;
  r: number;
  cols: number;
  rows: number;
  /** Five values per cell: n, r, g, b, sum of squares. Float32: a cell holds a few hundred pixels at most. */
  sums: Float32Array;
}

function backgroundCells(
  rgba: Uint8ClampedArray,
  d2: Float32Array,
  w: number,
  h: number,
  inner2: number,
  outer2: number,
  r: number,
): BackgroundCells {
  const side = Math.max(1, Math.ceil(r / 4));
  const cols = Math.ceil(w / side),
    rows = Math.ceil(h / side);
  const sums = new Float32Array(cols * rows * 5);
  for (let y = 0; y < h; y++) {
    const row = Math.floor(y / side) * cols;
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const q = d2[i];
      if (q <= inner2 || q > outer2) continue;
      const o = (row + Math.floor(x / side)) * 5;
      const c0 = rgba[i * 4],
        c1 = rgba[i * 4 + 1],
        c2 = rgba[i * 4 + 2];
      sums[o]++;
      sums[o + 1] += c0;
      sums[o + 2] += c1;
      sums[o + 3] += c2;
      sums[o + 4] += c0 * c0 + c1 * c1 + c2 * c2;
    }
  }
  return { side, r, cols, rows, sums };
}

/** The pixels within `reach` of the mask (not on it), ring by ring outwards: ring s holds distances in (s - 1, s]. */
function ringOrder(d2: Float32Array, reach: number): Int32Array {
  const start = new Int32Array(reach + 2);
  const ring = (q: number) => Math.ceil(Math.sqrt(q));
  for (let i = 0; i < d2.length; i++) if (d2[i] > 0 && d2[i] <= reach * reach) start[ring(d2[i]) + 1]++;
  for (let s = 1; s <= reach + 1; s++) start[s] += start[s - 1];
  const order = new Int32Array(start[reach + 1]);
  for (let i = 0; i < d2.length; i++) if (d2[i] > 0 && d2[i] <= reach * reach) order[start[ring(d2[i])]++] = i;
  return order;
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
 * Whether pixel `i` at (x, y) is farther from the mean of the background in its window than
 * SPREADS of its spread and MIN_STEP. With no background in the window (a strip between the
 * mask and the frame) it is not: it is the only sample of that side (frame-strip.ts).
 */
function standsOut(rgba: Uint8ClampedArray, bg: BackgroundCells, i: number, x: number, y: number): boolean {
  const { side, r, cols, rows, sums } = bg;
  const cx0 = Math.max(0, Math.floor((x - r) / side)),
    cx1 = Math.min(cols - 1, Math.floor((x + r) / side));
  const cy0 = Math.max(0, Math.floor((y - r) / side)),
    cy1 = Math.min(rows - 1, Math.floor((y + r) / side));
  let n = 0,
    s0 = 0,
    s1 = 0,
    s2 = 0,
    sq = 0;
  for (let cy = cy0; cy <= cy1; cy++)
    for (let o = (cy * cols + cx0) * 5, end = (cy * cols + cx1) * 5; o <= end; o += 5) {
      n += sums[o];
      s0 += sums[o + 1];
      s1 += sums[o + 2];
      s2 += sums[o + 3];
      sq += sums[o + 4];
    }
  if (!n) return false;
  const m0 = s0 / n,
    m1 = s1 / n,
    m2 = s2 / n;
  const spread = Math.sqrt(Math.max(0, sq / n - m0 * m0 - m1 * m1 - m2 * m2));
  const dist = Math.hypot(rgba[i * 4] - m0, rgba[i * 4 + 1] - m1, rgba[i * 4 + 2] - m2);
  return dist > Math.max(MIN_STEP, SPREADS * spread);
}
