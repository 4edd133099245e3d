// Lanczos-3 resampling of one channel, over any output window, for upscale's x2/x3 paths,
// its alpha channel and detection's input scaling. Antialiased when shrinking (the kernel
// widens by the shrink factor). Samples past the source edge repeat the edge pixel.
// Not src/core/resample.ts: that one is area-average down and bicubic up, exact in every
// engine, for the fill's pyramids; this one is Lanczos, for upscale's looks and the detector's
// inputs (its scores were measured with these), with windows at any offset and ratio.

import { keptPlanes } from '../../core/kept-planes.ts';

/** One channel of a pixel buffer: element (x, y) is data[offset + (y * width + x) * step]. */
export interface Channel {
  data: ArrayLike<number>;
  width: number;
  height: number;
  offset: number;
  step: number;
}

/**
 * Output pixel (X, Y), 0 <= X < outWidth, has its centre at source position
 * (x0 + (X + 0.5) / ratioX, y0 + (Y + 0.5) / ratioY) in pixel-edge coordinates of the source.
 */
export interface Window {
  x0: number;
  y0: number;
  ratioX: number;
  ratioY: number;
  outWidth: number;
  outHeight: number;
}

const LOBES = 3;

function lanczos(x: number): number {
  if (x === 0) return 1;
  if (x <= -LOBES || x >= LOBES) return 0;
  const px = Math.PI * x;
  return (LOBES * Math.sin(px) * Math.sin(px / LOBES)) / (px * px);
}

/** Per output index: first source index and normalised weights (clamped at the edges). */
interface Taps {
  first: Int32Array;
  count: number;
  weights: Float32Array;
}

function taps(outSize: number, origin: number, ratio: number): Taps {
  const scale = Math.min(1, ratio);
  const support = LOBES / scale;
  const count = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const weights = new Float32Array(outSize * count);
  for (let o = 0; o < outSize; o++) {
    const centre = origin + (o + 0.5) / ratio - 0.5; // in source pixel-centre indices
    const lo = Math.floor(centre - support) + 1;
    first[o] = lo;
    let sum = 0;
    for (let k = 0; k < count; k++) {
      const w = lanczos((lo + k - centre) * scale);
      weights[o * count + k] = w;
      sum += w;
    }
    for (let k = 0; k < count; k++) weights[o * count + k] /= sum;
  }
  return trimmed({ first, count, weights });
}

/**
 * A tap weighing under this moves no 0..255 value by a float32 step: at a scale of exactly
 * 1 (a detector view at the photo's own size) the kernel's zero crossings sit on the
 * neighbouring pixels, where sin(pi k) leaves ~1e-17 instead of 0.
 */
const NEGLIGIBLE = 1e-7;

/** The taps without the leading and trailing ones that are negligible for every output (identity at scale 1: one tap). */
function trimmed({ first, count, weights }: Taps): Taps {
  const outSize = first.length;
  let lo = count,
    hi = -1;
  for (let o = 0; o < outSize; o++) {
    for (let k = 0; k < count; k++) {
      if (Math.abs(weights[o * count + k]) < NEGLIGIBLE) continue;
      if (k < lo) lo = k;
      if (k > hi) hi = k;
    }
  }
  if (hi < lo || (lo === 0 && hi === count - 1)) return { first, count, weights }; // nothing to trim (or no outputs)
  const kept = hi - lo + 1;
  const out = new Float32Array(outSize * kept);
  for (let o = 0; o < outSize; o++) out.set(weights.subarray(o * count + lo, o * count + hi + 1), o * kept);
  return { first: first.map((f) => f + lo), count: kept, weights: out };
}

const clampIndex = (i: number, size: number) => (i < 0 ? 0 : i >= size ? size - 1 : i);

/**
 * Averages kx x ky blocks (partial blocks at the right and bottom edges average what they
 * hold). Shrinking by a large factor first box-reduces to about twice the target size,
 * then filters: the same result up to the box step, at a fraction of the kernel taps.
 */
function reduce(src: Channel, kx: number, ky: number): Channel {
  const width = Math.ceil(src.width / kx);
  const height = Math.ceil(src.height / ky);
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const yEnd = Math.min(src.height, (y + 1) * ky);
    for (let x = 0; x < width; x++) {
      const xEnd = Math.min(src.width, (x + 1) * kx);
      let sum = 0;
      for (let sy = y * ky; sy < yEnd; sy++) {
        const row = src.offset + sy * src.width * src.step;
        for (let sx = x * kx; sx < xEnd; sx++) sum += src.data[row + sx * src.step];
      }
      data[y * width + x] = sum / ((yEnd - y * ky) * (xEnd - x * kx));
    }
  }
  return { data, width, height, offset: 0, step: 1 };
}

/** The block side a shrink by `ratio` box-reduces by first (1: none). */
const boxFactor = (ratio: number) => Math.max(1, Math.floor(1 / (2 * ratio)));

/** Resamples one channel over the window; returns outWidth * outHeight floats (not clamped). */
export function resampleChannel(src: Channel, win: Window): Float32Array {
  const kx = boxFactor(win.ratioX);
  const ky = boxFactor(win.ratioY);
  if (kx > 1 || ky > 1) {
    return resampleChannel(reduce(src, kx, ky), {
      ...win,
      x0: win.x0 / kx,
      y0: win.y0 / ky,
      ratioX: win.ratioX * kx,
      ratioY: win.ratioY * ky,
    });
  }
  const tx = taps(win.outWidth, win.x0, win.ratioX);
  const ty = taps(win.outHeight, win.y0, win.ratioY);
  // Horizontal pass over just the source rows the vertical taps reach.
  const rowLo = ty.first[0];
  const rows = ty.first[win.outHeight - 1] + ty.count - rowLo;
  const mid = horizontal(src, tx, rowLo, rows, win.outWidth);
  return vertical(mid, ty, rowLo, win.outWidth, win.outHeight);
}

/**
 * The R, G and B channels of RGBA pixels resampled over the window, as resampleChannel gives
 * each (the same values), with the taps computed once and each source pixel read once for
 * all three.
 */
export function resampleRgb(src: { data: ArrayLike<number>; width: number; height: number }, win: Window): Float32Array[] {
  const channel = (offset: number): Channel => ({ ...src, offset, step: 4 });
  if (boxFactor(win.ratioX) > 1 || boxFactor(win.ratioY) > 1) return [0, 1, 2].map((c) => resampleChannel(channel(c), win));
  const tx = taps(win.outWidth, win.x0, win.ratioX);
  const ty = taps(win.outHeight, win.y0, win.ratioY);
  const rowLo = ty.first[0];
  const rows = ty.first[win.outHeight - 1] + ty.count - rowLo;
  return horizontalRgb(src, tx, rowLo, rows, win.outWidth).map((mid) => vertical(mid, ty, rowLo, win.outWidth, win.outHeight));
}

/**
 * horizontalRgb's filtered rows, which only vertical() reads, kept from call to call
 * (core/kept-planes.ts: a detection resamples views of a few sizes again and again).
 */
const midPlanes = keptPlanes();

/** horizontal() for the R, G, B channels of RGBA rows at once. */
function horizontalRgb(
  { data, width, height }: { data: ArrayLike<number>; width: number; height: number },
  tx: Taps,
  rowLo: number,
  rows: number,
  outWidth: number,
): Float32Array[] {
  const r0 = midPlanes(0, rows * outWidth),
    g0 = midPlanes(1, rows * outWidth),
    b0 = midPlanes(2, rows * outWidth);
  for (let r = 0; r < rows; r++) rowRgb(data, clampIndex(rowLo + r, height) * width * 4, width, tx, r * outWidth, outWidth, r0, g0, b0);
  return [r0, g0, b0];
}

/**
 * One source row (from byte `base`) of horizontalRgb, into r0, g0, b0 from `at`: a function
 * of its own, which V8 optimises once, where the whole pass was compiled on-stack again and
 * again at its three nested loops.
 */
function rowRgb(
  data: ArrayLike<number>,
  base: number,
  width: number,
  tx: Taps,
  at: number,
  outWidth: number,
  r0: Float32Array,
  g0: Float32Array,
  b0: Float32Array,
): void {
  const { first, count, weights } = tx;
  for (let o = 0; o < outWidth; o++) {
    const lo = first[o];
    const w = o * count;
    let red = 0,
      green = 0,
      blue = 0;
    if (lo >= 0 && lo + count <= width) {
      for (let k = 0, i = base + lo * 4; k < count; k++, i += 4) {
        const wk = weights[w + k];
        red += wk * data[i];
        green += wk * data[i + 1];
        blue += wk * data[i + 2];
      }
    } else {
      for (let k = 0; k < count; k++) {
        const wk = weights[w + k];
        const i = base + clampIndex(lo + k, width) * 4;
        red += wk * data[i];
        green += wk * data[i + 1];
        blue += wk * data[i + 2];
      }
    }
    r0[at + o] = red;
    g0[at + o] = green;
    b0[at + o] = blue;
  }
}

/**
 * Each of `rows` source rows from `rowLo` (clamped to the image) filtered by the taps: rows x
 * outWidth. Taps wholly inside the row read it directly; only those at the edges clamp.
 */
function horizontal({ data, width, height, offset, step }: Channel, tx: Taps, rowLo: number, rows: number, outWidth: number): Float32Array {
  const { first, count, weights } = tx;
  const mid = new Float32Array(rows * outWidth);
  for (let r = 0; r < rows; r++) {
    const base = offset + clampIndex(rowLo + r, height) * width * step;
    const at = r * outWidth;
    for (let o = 0; o < outWidth; o++) {
      const lo = first[o];
      const w = o * count;
      let acc = 0;
      if (lo >= 0 && lo + count <= width) {
        for (let k = 0, i = base + lo * step; k < count; k++, i += step) acc += weights[w + k] * data[i];
      } else {
        for (let k = 0; k < count; k++) acc += weights[w + k] * data[base + clampIndex(lo + k, width) * step];
      }
      mid[at + o] = acc;
    }
  }
  return mid;
}

/**
 * The filtered rows `mid` (from source row rowLo) filtered down the columns by the taps: outWidth x outHeight.
 * Each output adds its nonzero taps in tap order, rounded to float32 after each (as adding
 * each tap's row into the Float32Array did: the same values), two taps per pass over the row.
 */
function vertical(mid: Float32Array, ty: Taps, rowLo: number, outWidth: number, outHeight: number): Float32Array {
  const { first, count, weights } = ty;
  const out = new Float32Array(outWidth * outHeight);
  const rows = new Int32Array(count);
  const ws = new Float64Array(count);
  for (let o = 0; o < outHeight; o++) {
    const lo = first[o] - rowLo;
    const row = o * outWidth;
    let n = 0;
    for (let k = 0; k < count; k++) {
      const w = weights[o * count + k];
      if (w === 0) continue;
      rows[n] = (lo + k) * outWidth;
      ws[n++] = w;
    }
    let k = 0;
    for (; k + 1 < n; k += 2) addTwoTaps(out, row, mid, rows[k], ws[k], rows[k + 1], ws[k + 1], outWidth);
    if (k < n) addTap(out, row, mid, rows[k], ws[k], outWidth);
  }
  return out;
}

// vertical's row loops are functions of their own so that V8 optimises each once (the pass
// was compiled on-stack again and again at its nested loops).

/** Adds taps w0 (mid's row from m0) and w1 (from m1) to out's row from `row`, rounding to float32 after each. */
function addTwoTaps(
  out: Float32Array,
  row: number,
  mid: Float32Array,
  m0: number,
  w0: number,
  m1: number,
  w1: number,
  outWidth: number,
): void {
  for (let x = 0; x < outWidth; x++) out[row + x] = Math.fround(Math.fround(out[row + x] + w0 * mid[m0 + x]) + w1 * mid[m1 + x]);
}

/** Adds tap w0 (mid's row from m0) to out's row from `row`. */
function addTap(out: Float32Array, row: number, mid: Float32Array, m0: number, w0: number, outWidth: number): void {
  for (let x = 0; x < outWidth; x++) out[row + x] += w0 * mid[m0 + x];
}
