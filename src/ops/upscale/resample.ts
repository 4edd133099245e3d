// Lanczos-3 resampling of one channel, over any output window, for upscale's x2/x3 paths,
// its alpha channel and detection's input scaling. Antialiased when shrinking (the kernel
// widens by the shrink factor). Samples past the source edge repeat the edge pixel.
// NOTE: private helper until src/core/resample.ts lands on main; then dedupe.

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
  return { first, count, weights };
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

/** Resamples one channel over the window; returns outWidth * outHeight floats (not clamped). */
export function resampleChannel(src: Channel, win: Window): Float32Array {
  const kx = Math.max(1, Math.floor(1 / (2 * win.ratioX)));
  const ky = Math.max(1, Math.floor(1 / (2 * win.ratioY)));
  if (kx > 1 || ky > 1) {
    return resampleChannel(reduce(src, kx, ky), {
      ...win,
      x0: win.x0 / kx,
      y0: win.y0 / ky,
      ratioX: win.ratioX * kx,
      ratioY: win.ratioY * ky,
    });
  }
  const { data, width, height, offset, step } = src;
  const tx = taps(win.outWidth, win.x0, win.ratioX);
  const ty = taps(win.outHeight, win.y0, win.ratioY);
  // Horizontal pass over just the source rows the vertical taps reach.
  const rowLo = ty.first[0];
  const rowHi = ty.first[win.outHeight - 1] + ty.count - 1;
  const rows = rowHi - rowLo + 1;
  const mid = new Float32Array(rows * win.outWidth);
  for (let r = 0; r < rows; r++) {
    const y = clampIndex(rowLo + r, height);
    const base = offset + y * width * step;
    for (let o = 0; o < win.outWidth; o++) {
      const lo = tx.first[o];
      let acc = 0;
      for (let k = 0; k < tx.count; k++) acc += tx.weights[o * tx.count + k] * data[base + clampIndex(lo + k, width) * step];
      mid[r * win.outWidth + o] = acc;
    }
  }
  const out = new Float32Array(win.outWidth * win.outHeight);
  for (let o = 0; o < win.outHeight; o++) {
    const lo = ty.first[o] - rowLo;
    const row = o * win.outWidth;
    for (let k = 0; k < ty.count; k++) {
      const w = ty.weights[o * ty.count + k];
      if (w === 0) continue;
      const m = (lo + k) * win.outWidth;
      for (let x = 0; x < win.outWidth; x++) out[row + x] += w * mid[m + x];
    }
  }
  return out;
}
