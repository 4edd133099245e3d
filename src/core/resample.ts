// Exact, deterministic resizing of pixel buffers. Downscaling averages the covered area
// (box filter with fractional coverage); upscaling is bicubic (Keys, a = -0.5). Each axis
// chooses independently. Only +, -, *, / on doubles and Float32 stores are used, so the
// bytes are the same in every JavaScript engine.
import type { Mask, RgbaImage } from './types.ts';

/** For each output index: the first input index and the weights of the taps that follow. */
interface AxisTaps {
  start: Int32Array;
  count: Int32Array;
  weights: Float64Array;
  stride: number;
}

function cubic(t: number): number {
  const a = -0.5;
  const x = t < 0 ? -t : t;
  if (x <= 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
  return 0;
}

function areaTaps(inSize: number, outSize: number): AxisTaps {
  const scale = inSize / outSize;
  const stride = Math.ceil(scale) + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * stride);
  for (let o = 0; o < outSize; o++) {
    const lo = (o * inSize) / outSize;
    const hi = ((o + 1) * inSize) / outSize;
    const first = Math.floor(lo);
    const last = Math.min(inSize - 1, Math.ceil(hi) - 1);
    start[o] = first;
    count[o] = last - first + 1;
    for (let i = first; i <= last; i++) {
      const cover = Math.min(hi, i + 1) - Math.max(lo, i);
      weights[o * stride + i - first] = cover / scale;
    }
  }
  return { start, count, weights, stride };
}

function cubicTaps(inSize: number, outSize: number): AxisTaps {
  const stride = 4;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * stride);
  for (let o = 0; o < outSize; o++) {
    const centre = ((o + 0.5) * inSize) / outSize - 0.5;
    const base = Math.floor(centre);
    // Taps outside the image are folded onto the edge pixel (clamp-to-edge).
    const lo = Math.max(0, base - 1);
    const hi = Math.min(inSize - 1, base + 2);
    start[o] = lo;
    count[o] = hi - lo + 1;
    let sum = 0;
    for (let k = -1; k <= 2; k++) {
      const i = Math.min(inSize - 1, Math.max(0, base + k));
      const w = cubic(centre - (base + k));
      weights[o * stride + i - lo] += w;
      sum += w;
    }
    for (let j = 0; j < count[o]; j++) weights[o * stride + j] /= sum;
  }
  return { start, count, weights, stride };
}

function taps(inSize: number, outSize: number): AxisTaps {
  return outSize < inSize ? areaTaps(inSize, outSize) : cubicTaps(inSize, outSize);
}

/**
 * Resizes `channels`-interleaved samples (0..255) from w x h to dw x dh. Returns doubles
 * rounded to Float32 (callers round and clamp to bytes).
 */
function resizePlanes(src: ArrayLike<number>, w: number, h: number, channels: number, dw: number, dh: number): Float32Array {
  const tx = taps(w, dw);
  const ty = taps(h, dh);
  // Horizontal pass: h rows of dw samples.
  const mid = new Float32Array(dw * h * channels);
  for (let y = 0; y < h; y++) {
    const row = y * w * channels;
    for (let x = 0; x < dw; x++) {
      const s = tx.start[x];
      const n = tx.count[x];
      const wo = x * tx.stride;
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let k = 0; k < n; k++) acc += tx.weights[wo + k] * src[row + (s + k) * channels + c];
        mid[(y * dw + x) * channels + c] = acc;
      }
    }
  }
  const out = new Float32Array(dw * dh * channels);
  const rowLen = dw * channels;
  for (let y = 0; y < dh; y++) {
    const s = ty.start[y];
    const n = ty.count[y];
    const wo = y * ty.stride;
    const o = y * rowLen;
    for (let k = 0; k < n; k++) {
      const wk = ty.weights[wo + k];
      const r = (s + k) * rowLen;
      for (let i = 0; i < rowLen; i++) out[o + i] += wk * mid[r + i];
    }
  }
  return out;
}

function checkSize(what: string, w: number, h: number): void {
  if (!Number.isInteger(w) || !Number.isInteger(h) || w < 1 || h < 1) {
    throw new RangeError(`${what}: size must be positive integers, got ${w}x${h}.`);
  }
}

/** Rounds half up and clamps to 0..255 (Uint8ClampedArray assignment rounds half to even). */
function toByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.floor(v + 0.5);
}

/**
 * Resizes straight RGBA. Colour is resampled premultiplied by alpha, so transparent pixels
 * do not bleed their (invisible) colour into visible ones; opaque images are unaffected.
 */
export function resizeRgba(img: RgbaImage, dw: number, dh: number): RgbaImage {
  checkSize('resizeRgba', dw, dh);
  const { width: w, height: h, data } = img;
  if (w === dw && h === dh) return { width: w, height: h, data: new Uint8ClampedArray(data) };
  let opaque = true;
  for (let i = 3; i < data.length; i += 4)
    if (data[i] !== 255) {
      opaque = false;
      break;
    }
  let src: ArrayLike<number> = data;
  if (!opaque) {
    const pre = new Float32Array(data.length);
    for (let i = 0; i < data.length; i += 4) {
      const a = data[i + 3] / 255;
      pre[i] = data[i] * a;
      pre[i + 1] = data[i + 1] * a;
      pre[i + 2] = data[i + 2] * a;
      pre[i + 3] = data[i + 3];
    }
    src = pre;
  }
  const f = resizePlanes(src, w, h, 4, dw, dh);
  const out = new Uint8ClampedArray(dw * dh * 4);
  for (let i = 0; i < out.length; i += 4) {
    const a = toByte(f[i + 3]);
    out[i + 3] = a;
    if (opaque) {
      out[i] = toByte(f[i]);
      out[i + 1] = toByte(f[i + 1]);
      out[i + 2] = toByte(f[i + 2]);
    } else if (a > 0) {
      const k = 255 / f[i + 3];
      out[i] = toByte(f[i] * k);
      out[i + 1] = toByte(f[i + 1] * k);
      out[i + 2] = toByte(f[i + 2] * k);
    }
  }
  return { width: dw, height: dh, data: out };
}

/** Resizes a single-channel buffer (a mask, a weight map). */
export function resizeMask(mask: Mask, dw: number, dh: number): Mask {
  checkSize('resizeMask', dw, dh);
  const { width: w, height: h, data } = mask;
  if (w === dw && h === dh) return { width: w, height: h, data: new Uint8Array(data) };
  const f = resizePlanes(data, w, h, 1, dw, dh);
  const out = new Uint8Array(dw * dh);
  for (let i = 0; i < out.length; i++) out[i] = toByte(f[i]);
  return { width: dw, height: dh, data: out };
}
