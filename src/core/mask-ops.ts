// Mask geometry: exact Euclidean distances, disc dilation, feather weights, connected
// regions (merged when close) and bounding boxes. A pixel is "in" the mask when its value is
// at least HOLE_THRESHOLD (masks are 0 keep / 255 remove; soft edges count from half).
import { cropMask } from './image.ts';
import type { Box, Mask } from './types.ts';

export const HOLE_THRESHOLD = 128;

const FAR = 1e20;

/** Felzenszwalb-Huttenlocher lower envelope of parabolas, one line, in place into `d`. */
export function edt1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -FAR;
  z[1] = FAR;
  for (let q = 1; q < n; q++) {
    let s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    while (s <= z[k]) {
      k--;
      s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = FAR;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    const dq = q - v[k];
    d[q] = dq * dq + f[v[k]];
  }
}

/**
 * Exact squared Euclidean distance from each pixel to the nearest pixel of the mask (value
 * at least HOLE_THRESHOLD; 0 on the set itself). Whole numbers, exact up to 2^24 (distances
 * of 4096 px); huge when the set is empty. Float32 halves the memory on big crops.
 */
export function squaredDistanceTo(mask: Mask): Float32Array {
  const out = columnDistances(mask, false);
  rowDistances(out, mask.width, mask.height);
  return out;
}

/** squaredDistanceTo's distances to the pixels outside the mask (value below HOLE_THRESHOLD). */
export function squaredDistanceToKept(mask: Mask): Float32Array {
  const out = columnDistances(mask, true);
  rowDistances(out, mask.width, mask.height);
  return out;
}

/** The second pass of squaredDistanceTo: along each row of the column distances, in place. */
function rowDistances(out: Float32Array, w: number, h: number): void {
  const f = new Float64Array(w);
  const d = new Float64Array(w);
  const v = new Int32Array(w);
  const z = new Float64Array(w + 1);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) f[x] = out[row + x];
    edt1d(f, w, d, v, z);
    for (let x = 0; x < w; x++) out[row + x] = d[x];
  }
}

/**
 * The first pass of squaredDistanceTo: each pixel's squared distance to the nearest set
 * pixel in its own column (FAR where the column has none), the values edt1d gives on a 0/FAR
 * column (FAR plus a square rounds to FAR's float32). Found in two sweeps down and up the
 * rows, so memory is read in order: a column at a time, strided, was most of the time. The
 * set is the mask's pixels, or with `kept` the others.
 */
function columnDistances(mask: Mask, kept: boolean): Float32Array {
  const { width: w, height: h, data } = mask;
  const out = new Float32Array(w * h);
  // Row of the last set pixel seen in each column (down), or of the next one (up); -1: none.
  const seen = new Int32Array(w);
  nearestAbove(data, w, h, kept, out, seen);
  nearerBelow(out, seen, w, h);
  return out;
}

/** columnDistances' downward sweep: rows to the nearest set pixel above or on each pixel (Infinity: none). */
function nearestAbove(data: Uint8Array, w: number, h: number, kept: boolean, out: Float32Array, seen: Int32Array): void {
  seen.fill(-1);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    // A flag, not a predicate callback: one call target keeps V8's optimised code for both sets.
    if (kept) {
      for (let x = 0; x < w; x++) if (data[row + x] < HOLE_THRESHOLD) seen[x] = y;
    } else {
      for (let x = 0; x < w; x++) if (data[row + x] >= HOLE_THRESHOLD) seen[x] = y;
    }
    for (let x = 0; x < w; x++) out[row + x] = seen[x] < 0 ? Infinity : y - seen[x];
  }
}

/** columnDistances' upward sweep: the nearer of the set pixels above and below, squared (FAR: none). */
function nearerBelow(out: Float32Array, seen: Int32Array, w: number, h: number): void {
  seen.fill(-1);
  for (let y = h - 1; y >= 0; y--) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const above = out[row + x];
      if (above === 0) seen[x] = y;
      const below = seen[x] < 0 ? Infinity : seen[x] - y;
      const near = above < below ? above : below;
      out[row + x] = near === Infinity ? FAR : near * near;
    }
  }
}

/**
 * Where the distances a dilation, a feather, a hole's radius (or a ring around the hole) read can
 * be measured instead of the whole mask: the box of its pixels grown by `margin`, clipped. Every set pixel is inside,
 * so a distance to the nearest of them is the same there as over the whole mask; every pixel
 * outside is farther than `margin` from all of them. (And for a pixel of the box, its nearest
 * unset pixel is within one pixel of the box: clamping any farther one onto that border comes
 * closer, and lands outside the box, so unset.) Null when that is most of the mask anyway, or
 * the mask is empty: then the whole mask is measured. Text masks are small boxes on a photo:
 * a dilation of one measured 576 000 distances for a few thousand.
 */
export function localWindow(mask: Mask, margin: number): Box | null {
  if (!(margin >= 0)) return null;
  const box = maskBBox(mask);
  if (!box) return null;
  const win = growBox(box, margin, mask.width, mask.height);
  return (win[2] - win[0]) * (win[3] - win[1]) * 2 > mask.width * mask.height ? null : win;
}

/** A mask of `width` x `height`, 0 but for `local` pasted at `win`'s corner. */
function placed(local: Uint8Array, win: Box, width: number, height: number): Mask {
  const out = new Uint8Array(width * height);
  const w = win[2] - win[0];
  for (let y = win[1]; y < win[3]; y++) out.set(local.subarray((y - win[1]) * w, (y - win[1] + 1) * w), y * width + win[0]);
  return { width, height, data: out };
}

export function dilate(mask: Mask, radius: number): Mask {
  const win = localWindow(mask, Math.ceil(Math.abs(radius)));
  if (win) return placed(dilate(cropMask(mask, win), radius).data, win, mask.width, mask.height);
  const data = within(squaredDistanceTo(mask), radius * radius);
  return { width: mask.width, height: mask.height, data };
}

// The pixel loops below are functions of their own, ending in their loop: V8's on-stack
// replaced code of a loop followed by more work deoptimised at that work on every call.

/** 255 where `d2` is at most `r2`, else 0. */
function within(d2: Float32Array, r2: number): Uint8Array {
  const out = new Uint8Array(d2.length);
  for (let i = 0; i < d2.length; i++) out[i] = d2[i] <= r2 ? 255 : 0;
  return out;
}

/**
 * Paste weights around a mask: 255 within `radius` of it (the dilated hole), then a linear
 * ramp that reaches 0 at `radius + feather`; 0 farther away, so those pixels never change.
 */
export function featherWeights(mask: Mask, radius: number, feather: number): Mask {
  const outer = radius + feather;
  const win = localWindow(mask, Math.ceil(Math.max(Math.abs(radius), Math.abs(outer))));
  if (win) return placed(featherWeights(cropMask(mask, win), radius, feather).data, win, mask.width, mask.height);
  const data = ramp(squaredDistanceTo(mask), radius, feather);
  return { width: mask.width, height: mask.height, data };
}

/** featherWeights' values from the squared distances `d2`. */
function ramp(d2: Float32Array, radius: number, feather: number): Uint8Array {
  const outer = radius + feather;
  const r2 = radius * radius;
  const out = new Uint8Array(d2.length);
  for (let i = 0; i < d2.length; i++) {
    const q = d2[i];
    if (q <= r2) out[i] = 255;
    else if (feather > 0 && q < outer * outer) {
      const t = (outer - Math.sqrt(q)) / feather;
      out[i] = Math.max(1, Math.floor(255 * t + 0.5));
    }
  }
  return out;
}

/** Largest distance from a hole pixel to the nearest kept pixel: half the hole's thickness. */
export function holeRadius(mask: Mask): number {
  const win = localWindow(mask, 1);
  if (win) return holeRadius(cropMask(mask, win));
  const best = deepest(squaredDistanceToKept(mask), mask.data);
  return best >= 1e19 ? Infinity : Math.sqrt(best);
}

/** The largest `d2` over the mask's pixels (0 when none). */
function deepest(d2: Float32Array, data: Uint8Array): number {
  let best = 0;
  for (let i = 0; i < d2.length; i++) if (data[i] >= HOLE_THRESHOLD && d2[i] > best) best = d2[i];
  return best;
}

/** Bounding box of the mask's pixels, or null when it is empty. */
export function maskBBox(mask: Mask): Box | null {
  const { width: w, height: h, data } = mask;
  let x0 = w,
    y0 = h,
    x1 = -1,
    y1 = -1;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      if (data[row + x] >= HOLE_THRESHOLD) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        y1 = y;
      }
    }
  }
  return x1 < 0 ? null : [x0, y0, x1 + 1, y1 + 1];
}

export function countHolePixels(mask: Mask): number {
  let n = 0;
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i] >= HOLE_THRESHOLD) n++;
  return n;
}

export interface Region {
  box: Box;
  /** Number of mask pixels in the region. */
  pixels: number;
}

/**
 * 8-connected regions of the mask, found from horizontal runs (memory grows with the
 * number of runs, not the image), then merged while two boxes are within `mergeGap` pixels
 * of each other. Sorted top to bottom, left to right.
 */
export function maskRegions(mask: Mask, mergeGap = 0): Region[] {
  const { width: w, height: h, data } = mask;
  const parent: number[] = [];
  const runX0: number[] = [];
  const runX1: number[] = [];
  const runY: number[] = [];
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  let prevStart = 0,
    prevEnd = 0;
  for (let y = 0; y < h; y++) {
    const rowStart = runX0.length;
    const row = y * w;
    let x = 0;
    let p = prevStart;
    while (x < w) {
      if (data[row + x] < HOLE_THRESHOLD) {
        x++;
        continue;
      }
      const x0 = x;
      while (x < w && data[row + x] >= HOLE_THRESHOLD) x++;
      const id = runX0.length;
      runX0.push(x0);
      runX1.push(x);
      runY.push(y);
      parent.push(id);
      // 8-connectivity: a previous-row run touches [x0 - 1, x] (inclusive of diagonals).
      while (p < prevEnd && runX1[p] < x0) p++;
      for (let q = p; q < prevEnd && runX0[q] <= x; q++) {
        const a = find(q),
          b = find(id);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
    prevStart = rowStart;
    prevEnd = runX0.length;
  }
  const byRoot = new Map<number, Region>();
  for (let i = 0; i < runX0.length; i++) {
    const r = find(i);
    const reg = byRoot.get(r);
    if (!reg) byRoot.set(r, { box: [runX0[i], runY[i], runX1[i], runY[i] + 1], pixels: runX1[i] - runX0[i] });
    else {
      const b = reg.box;
      b[0] = Math.min(b[0], runX0[i]);
      b[2] = Math.max(b[2], runX1[i]);
      b[3] = Math.max(b[3], runY[i] + 1);
      reg.pixels += runX1[i] - runX0[i];
    }
  }
  return mergeRegions([...byRoot.values()], mergeGap);
}

/** Gap in pixels between two boxes (0 when they touch or overlap). */
export function boxGap(a: Box, b: Box): number {
  const dx = Math.max(0, Math.max(a[0], b[0]) - Math.min(a[2], b[2]));
  const dy = Math.max(0, Math.max(a[1], b[1]) - Math.min(a[3], b[3]));
  return Math.max(dx, dy);
}

/** Merges regions whose boxes are within `gap` of each other until none are. */
export function mergeRegions(regions: Region[], gap: number): Region[] {
  const list = regions.map((r) => ({ box: [...r.box] as Box, pixels: r.pixels }));
  let merged = true;
  while (merged) {
    merged = false;
    for (let i = 0; i < list.length && !merged; i++) {
      for (let j = i + 1; j < list.length; j++) {
        if (boxGap(list[i].box, list[j].box) <= gap) {
          const a = list[i].box,
            b = list[j].box;
          list[i] = {
            box: [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])],
            pixels: list[i].pixels + list[j].pixels,
          };
          list.splice(j, 1);
          merged = true;
          break;
        }
      }
    }
  }
  return list.sort((a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0]);
}

/** Grows a box by `margin` on every side, clamped to width x height. */
export function growBox(box: Box, margin: number, width: number, height: number): Box {
  return [Math.max(0, box[0] - margin), Math.max(0, box[1] - margin), Math.min(width, box[2] + margin), Math.min(height, box[3] + margin)];
}
