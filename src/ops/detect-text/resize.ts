// The detector's view of the photo: its R, G, B planes scaled to the tensor size with a tent
// filter (bilinear when enlarging, area-weighted when shrinking, like the cv2.resize that
// PP-OCR's own preprocessing uses). Every pass of a detection starts here, so it is the
// cheapest filter that does not alias: 3 to 5 taps per axis against Lanczos-3's 7 to 9,
// and the three channels in one walk over the RGBA bytes.
import type { RgbaImage } from '../../core/types.ts';

/** A source rectangle in whole image pixels and the tensor size it is scaled to. */
export interface DetectorView {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  tensorWidth: number;
  tensorHeight: number;
}

interface Taps {
  /** Per output index: the source indices (clamped to the image) and normalised weights, `count` each. */
  index: Int32Array;
  weights: Float32Array;
  count: number;
}

/** Taps for `outSize` outputs covering source [origin, origin + outSize / ratio) of a line of `size`. */
function tentTaps(outSize: number, origin: number, ratio: number, size: number): Taps {
  const scale = Math.min(1, ratio);
  const support = 1 / scale;
  const count = Math.ceil(support) * 2 + 1;
  const index = new Int32Array(outSize * count);
  const weights = new Float32Array(outSize * count);
  for (let o = 0; o < outSize; o++) {
    const centre = origin + (o + 0.5) / ratio - 0.5; // in source pixel-centre indices
    const lo = Math.floor(centre - support) + 1;
    let sum = 0;
    for (let k = 0; k < count; k++) {
      const w = Math.max(0, 1 - Math.abs(lo + k - centre) * scale);
      index[o * count + k] = Math.min(size - 1, Math.max(0, lo + k));
      weights[o * count + k] = w;
      sum += w;
    }
    for (let k = 0; k < count; k++) weights[o * count + k] /= sum;
  }
  return { index, weights, count };
}

/** The view's R, G, B planes at tensor size, 0..255. */
export function viewPlanes(image: RgbaImage, view: DetectorView): Float32Array[] {
  const { width, height, data } = image;
  const ow = view.tensorWidth,
    oh = view.tensorHeight;
  const tx = tentTaps(ow, view.x0, ow / (view.x1 - view.x0), width);
  const ty = tentTaps(oh, view.y0, oh / (view.y1 - view.y0), height);
  // Horizontal pass over the source rows the vertical taps reach, three channels at once.
  let rowLo = height,
    rowHi = 0;
  for (const r of ty.index) {
    rowLo = Math.min(rowLo, r);
    rowHi = Math.max(rowHi, r);
  }
  const rows = rowHi - rowLo + 1;
  const mid = [0, 1, 2].map(() => new Float32Array(rows * ow));
  const [mr, mg, mb] = mid;
  for (let r = 0; r < rows; r++) {
    const base = (rowLo + r) * width * 4;
    for (let o = 0; o < ow; o++) {
      let ar = 0,
        ag = 0,
        ab = 0;
      for (let k = o * tx.count, end = k + tx.count; k < end; k++) {
        const w = tx.weights[k];
        const p = base + tx.index[k] * 4;
        ar += w * data[p];
        ag += w * data[p + 1];
        ab += w * data[p + 2];
      }
      mr[r * ow + o] = ar;
      mg[r * ow + o] = ag;
      mb[r * ow + o] = ab;
    }
  }
  const out = [0, 1, 2].map(() => new Float32Array(ow * oh));
  for (let c = 0; c < 3; c++) {
    const m = mid[c],
      plane = out[c];
    for (let o = 0; o < oh; o++) {
      const row = o * ow;
      for (let k = o * ty.count, end = k + ty.count; k < end; k++) {
        const w = ty.weights[k];
        if (w === 0) continue;
        const src = (ty.index[k] - rowLo) * ow;
        for (let x = 0; x < ow; x++) plane[row + x] += w * m[src + x];
      }
    }
  }
  return out;
}
