// Full-resolution detail for a fill computed on a shrunk crop (issue #11: a large hole in a
// 24 MP photo came back as a smear, the engine's fill at 2048 px scaled up). The shrunk
// fill decides what goes where; the detail finer than its scale is copied from the full-
// resolution crop. A nearest-neighbour field is found on the shrunk fill (PatchMatch:
// Barnes et al. 2009) from each hole pixel to a known patch that looks like it there; each
// full-resolution hole pixel then takes the scaled-up fill plus the detail (the crop minus
// the scaled-up fill, which at known pixels is the crop's own low-pass) of the pixel the
// field points to, at the same sub-position. Integer distances and a seeded PRNG make the
// bytes the same on every host.
import { HOLE_THRESHOLD } from '../../core/mask-ops.ts';
import { resizeMask, resizeRgba } from '../../core/resample.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { createRng } from './prng.ts';
import { holeSummedArea } from './summed-area.ts';

/** Patch radius of the field's matching on the shrunk fill. */
const RADIUS = 2;
/** Source patches keep this many more pixels clear of the hole: the scale-up's kernel reaches that far. */
const CLEARANCE = 1;
const ITERATIONS = 3;
/** The detail copied is what a box blur of this many shrunk pixels (twice) leaves out. */
const DETAIL_SCALE = 3;

/** 1 where a (2q+1)^2 square centred there lies inside the image and holds no hole pixel. */
function clearCentres(hole: Uint8Array, w: number, h: number, q: number): Uint8Array {
  const W = w + 1;
  const sat = holeSummedArea(hole, w, h);
  const out = new Uint8Array(w * h);
  for (let y = q; y < h - q; y++)
    for (let x = q; x < w - q; x++) {
      const x0 = x - q,
        y0 = y - q,
        x1 = x + q + 1,
        y1 = y + q + 1;
      if (sat[y1 * W + x1] - sat[y0 * W + x1] - sat[y1 * W + x0] + sat[y0 * W + x0] === 0) out[y * w + x] = 1;
    }
  return out;
}

/** RGB SSD between the patches at p and q (both as pixel indices), over the part of p's square inside the image. */
function ssd(img: Uint8ClampedArray, w: number, h: number, px: number, py: number, qx: number, qy: number, limit: number): number {
  let sum = 0;
  for (let dy = -RADIUS; dy <= RADIUS; dy++) {
    const ay = py + dy;
    if (ay < 0 || ay >= h) continue;
    for (let dx = -RADIUS; dx <= RADIUS; dx++) {
      const ax = px + dx;
      if (ax < 0 || ax >= w) continue;
      const a = (ay * w + ax) * 4,
        b = ((qy + dy) * w + qx + dx) * 4;
      const d0 = img[a] - img[b],
        d1 = img[a + 1] - img[b + 1],
        d2 = img[a + 2] - img[b + 2];
      sum += d0 * d0 + d1 * d1 + d2 * d2;
    }
    if (sum >= limit) return sum;
  }
  return sum;
}

/**
 * For each hole pixel of the shrunk fill, the known patch centre (an index) that matches it
 * best as far as the search finds; -1 elsewhere. Null when no patch is wholly known.
 */
export function fieldOnFill(fill: RgbaImage, hole: Uint8Array, seed: number): Int32Array | null {
  const { width: w, height: h, data } = fill;
  const valid = clearCentres(hole, w, h, RADIUS + CLEARANCE);
  const sources: number[] = [];
  for (let i = 0; i < valid.length; i++) if (valid[i]) sources.push(i);
  if (!sources.length) return null;
  const targets: number[] = [];
  for (let i = 0; i < hole.length; i++) if (hole[i]) targets.push(i);
  const rng = createRng(seed);
  const nnf = new Int32Array(w * h).fill(-1);
  const cost = new Float64Array(w * h);
  for (const p of targets) {
    const q = sources[rng.int(sources.length)];
    nnf[p] = q;
    cost[p] = ssd(data, w, h, p % w, (p / w) | 0, q % w, (q / w) | 0, Infinity);
  }
  const tryCandidate = (p: number, px: number, py: number, q: number) => {
    if (q < 0 || q >= valid.length || !valid[q] || q === nnf[p]) return;
    const c = ssd(data, w, h, px, py, q % w, (q / w) | 0, cost[p]);
    if (c < cost[p]) {
      cost[p] = c;
      nnf[p] = q;
    }
  };
  for (let it = 0; it < ITERATIONS; it++) {
    const forward = it % 2 === 0;
    const step = forward ? 1 : -1;
    for (let k = 0; k < targets.length; k++) {
      const p = targets[forward ? k : targets.length - 1 - k];
      const px = p % w,
        py = (p / w) | 0;
      // propagation from the neighbours already visited in this sweep, shifted back
      if (px - step >= 0 && px - step < w && nnf[p - step] >= 0) tryCandidate(p, px, py, nnf[p - step] + step);
      if (py - step >= 0 && py - step < h && nnf[p - step * w] >= 0) tryCandidate(p, px, py, nnf[p - step * w] + step * w);
      // random search around the current best, halving the window
      const bx = nnf[p] % w,
        by = (nnf[p] / w) | 0;
      for (let r = Math.max(w, h); r >= 1; r >>= 1) {
        const qx = bx + rng.int(2 * r + 1) - r,
          qy = by + rng.int(2 * r + 1) - r;
        if (qx < 0 || qy < 0 || qx >= w || qy >= h) continue;
        tryCandidate(p, px, py, qy * w + qx);
      }
    }
  }
  return nnf;
}

/** Box blur of radius r along rows, then columns, of an RGBA buffer (alpha kept), rounded. */
function boxBlur(src: Uint8ClampedArray, w: number, h: number, r: number): Uint8ClampedArray {
  const tmp = new Uint8ClampedArray(src.length);
  const out = new Uint8ClampedArray(src.length);
  const pass = (from: Uint8ClampedArray, to: Uint8ClampedArray, n: number, lines: number, step: number, lineStep: number) => {
    for (let l = 0; l < lines; l++) {
      const base = l * lineStep;
      for (let c = 0; c < 3; c++) {
        let sum = 0,
          count = 0;
        for (let k = 0; k < r && k < n; k++) {
          sum += from[(base + k * step) * 4 + c];
          count++;
        }
        for (let k = 0; k < n; k++) {
          if (k + r < n) {
            sum += from[(base + (k + r) * step) * 4 + c];
            count++;
          }
          if (k - r - 1 >= 0) {
            sum -= from[(base + (k - r - 1) * step) * 4 + c];
            count--;
          }
          to[(base + k * step) * 4 + c] = Math.floor(sum / count + 0.5);
        }
      }
    }
  };
  pass(src, tmp, w, h, 1, w);
  pass(tmp, out, h, w, w, 1);
  return out;
}

/**
 * Scales the engine's fill of the shrunk crop (`fill`, hole `smallHole`) back to the crop's
 * size and gives the hole (`hole`, >= 128) full-resolution texture: its low-pass (a blur a
 * few shrunk pixels wide) stays the fill's, its detail is copied from the known pixel the
 * field points to, at the same sub-position. The blur is wider than the shrink because the
 * engine's fill is itself smoother than the photo in a large hole. Outside the hole the
 * crop's own pixels are returned.
 */
export function refineUpscaled(crop: RgbaImage, hole: Mask, fill: RgbaImage, smallHole: Mask, seed: number): RgbaImage {
  const up = resizeRgba(fill, crop.width, crop.height);
  // The field is found on the fill at half its size: sources are chosen by shading and
  // colour (on the fill itself, smooth as it is, the flattest sources would win and bring no
  // detail), and a quarter of the targets keeps it to about a second for a 2048 px fill.
  const sw = Math.max(1, fill.width >> 1),
    sh = Math.max(1, fill.height >> 1);
  const coarseHole = resizeMask(smallHole, sw, sh);
  const small = new Uint8Array(sw * sh);
  for (let i = 0; i < small.length; i++) small[i] = coarseHole.data[i] > 0 ? 1 : 0;
  const nnf = fieldOnFill(resizeRgba(fill, sw, sh), small, seed);
  const { width: W, height: H } = crop;
  // the whole crop: its own pixels, the scaled-up fill in the hole
  const mix = up.data,
    src = crop.data;
  for (let i = 0; i < W * H; i++) if (hole.data[i] < HOLE_THRESHOLD) for (let c = 0; c < 4; c++) mix[i * 4 + c] = src[i * 4 + c];
  if (!nnf) return up;
  const kx = W / sw,
    ky = H / sh;
  const blur = Math.ceil(DETAIL_SCALE * Math.max(W / fill.width, H / fill.height));
  const low = boxBlur(boxBlur(mix, W, H, blur), W, H, blur);
  // sources are never hole pixels, so `mix` there stays as it was while the hole is written
  for (let y = 0; y < H; y++) {
    const sy = Math.min(sh - 1, Math.floor(y / ky));
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      if (hole.data[i] < HOLE_THRESHOLD) continue;
      const sx = Math.min(sw - 1, Math.floor(x / kx));
      const q = nnf[sy * sw + sx];
      if (q < 0) continue;
      const fx = x + Math.round(((q % sw) - sx) * kx),
        fy = y + Math.round((((q / sw) | 0) - sy) * ky);
      if (fx < 0 || fy < 0 || fx >= W || fy >= H) continue;
      const j = fy * W + fx;
      if (hole.data[j] >= HOLE_THRESHOLD) continue;
      for (let c = 0; c < 3; c++) mix[i * 4 + c] = low[i * 4 + c] + mix[j * 4 + c] - low[j * 4 + c];
    }
  }
  return up;
}
