// The irreversible styles, pure and deterministic (replay gives the same bytes on every host).
//
// Blur: a plain Gaussian of a face can be partly undone and still lets a face matcher in. Here
// the box first keeps only its means over a coarse grid (BLUR_CELLS cells across its shorter
// side, cells >= 8 px): whatever was inside a cell is gone. The grid is then interpolated
// smoothly, box-blurred three times with a radius of a sixth of the box, and given seeded noise
// and 32-level quantisation so no smooth gradient can be inverted into the cell means exactly.
// Pixelate: blocks of max(16 px, longer side / PIXELATE_BLOCKS) aligned to the box, each its
// mean, quantised the same way.
import type { Box, RgbaImage } from '../../core/types.ts';

export const BLUR_CELLS = 4;
export const PIXELATE_BLOCKS = 8;
export const MIN_PIXELATE_BLOCK = 16;
const QUANT = 8;

/** A small seeded generator (mulberry32), so noise is the same on every host. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const quantise = (v: number) => Math.min(255, Math.max(0, Math.round(v / QUANT) * QUANT));

/** Means of the box's pixels over a cols x rows grid (cells of near-equal size), per channel. */
function cellMeans(image: RgbaImage, [x0, y0, x1, y1]: Box, cols: number, rows: number): Float64Array {
  const w = x1 - x0;
  const h = y1 - y0;
  const sums = new Float64Array(cols * rows * 4);
  for (let y = y0; y < y1; y++) {
    const r = Math.min(rows - 1, Math.floor(((y - y0) * rows) / h));
    for (let x = x0; x < x1; x++) {
      const c = Math.min(cols - 1, Math.floor(((x - x0) * cols) / w));
      const s = (y * image.width + x) * 4;
      const d = (r * cols + c) * 4;
      sums[d] += image.data[s];
      sums[d + 1] += image.data[s + 1];
      sums[d + 2] += image.data[s + 2];
      sums[d + 3] += 1;
    }
  }
  for (let i = 0; i < cols * rows; i++) for (let k = 0; k < 3; k++) sums[i * 4 + k] /= Math.max(1, sums[i * 4 + 3]);
  return sums;
}

/** Pixelates `box` in place. */
export function pixelate(image: RgbaImage, box: Box): void {
  const [x0, y0, x1, y1] = box;
  const block = Math.max(MIN_PIXELATE_BLOCK, Math.ceil(Math.max(x1 - x0, y1 - y0) / PIXELATE_BLOCKS));
  const cols = Math.max(1, Math.ceil((x1 - x0) / block));
  const rows = Math.max(1, Math.ceil((y1 - y0) / block));
  // Blocks of exactly `block` px from the box's corner (the last ones may be cut by the box).
  const sums = new Float64Array(cols * rows * 4);
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const s = (y * image.width + x) * 4;
      const d = (Math.floor((y - y0) / block) * cols + Math.floor((x - x0) / block)) * 4;
      for (let k = 0; k < 3; k++) sums[d + k] += image.data[s + k];
      sums[d + 3]++;
    }
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const s = (y * image.width + x) * 4;
      const d = (Math.floor((y - y0) / block) * cols + Math.floor((x - x0) / block)) * 4;
      for (let k = 0; k < 3; k++) image.data[s + k] = quantise(sums[d + k] / sums[d + 3]);
    }
}

/** Three passes of a horizontal then vertical box blur of radius r over a w x h x 3 float plane, edges clamped. */
function boxBlur3(plane: Float64Array, w: number, h: number, r: number): void {
  const tmp = new Float64Array(Math.max(w, h) * 3);
  const pass = (len: number, at: (i: number) => number) => {
    for (let i = 0; i < len; i++) for (let k = 0; k < 3; k++) tmp[i * 3 + k] = plane[at(i) + k];
    // Running sums over the clamped window [i - r, i + r].
    const clamped = (j: number, k: number) => tmp[Math.min(len - 1, Math.max(0, j)) * 3 + k];
    for (let k = 0; k < 3; k++) {
      let s = 0;
      for (let j = -r; j <= r; j++) s += clamped(j, k);
      for (let i = 0; i < len; i++) {
        plane[at(i) + k] = s / (2 * r + 1);
        s += clamped(i + r + 1, k) - clamped(i - r, k);
      }
    }
  };
  for (let n = 0; n < 3; n++) {
    for (let y = 0; y < h; y++) pass(w, (x) => (y * w + x) * 3);
    for (let x = 0; x < w; x++) pass(h, (y) => (y * w + x) * 3);
  }
}

/** Blurs `box` in place beyond recognition (see the file's comment). */
export function blur(image: RgbaImage, box: Box): void {
  const [x0, y0, x1, y1] = box;
  const w = x1 - x0;
  const h = y1 - y0;
  const cell = Math.max(8, Math.min(w, h) / BLUR_CELLS);
  const cols = Math.max(1, Math.round(w / cell));
  const rows = Math.max(1, Math.round(h / cell));
  const means = cellMeans(image, box, cols, rows);
  const plane = new Float64Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const fy = Math.min(rows - 1, Math.max(0, ((y + 0.5) * rows) / h - 0.5));
    const r0 = Math.floor(fy);
    const r1 = Math.min(rows - 1, r0 + 1);
    const ty = fy - r0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(cols - 1, Math.max(0, ((x + 0.5) * cols) / w - 0.5));
      const c0 = Math.floor(fx);
      const c1 = Math.min(cols - 1, c0 + 1);
      const tx = fx - c0;
      for (let k = 0; k < 3; k++) {
        const top = means[(r0 * cols + c0) * 4 + k] * (1 - tx) + means[(r0 * cols + c1) * 4 + k] * tx;
        const bottom = means[(r1 * cols + c0) * 4 + k] * (1 - tx) + means[(r1 * cols + c1) * 4 + k] * tx;
        plane[(y * w + x) * 3 + k] = top * (1 - ty) + bottom * ty;
      }
    }
  }
  boxBlur3(plane, w, h, Math.max(1, Math.round(Math.min(w, h) / 6)));
  const noise = rng((x0 * 73856093) ^ (y0 * 19349663) ^ (w * 83492791) ^ h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const d = ((y0 + y) * image.width + x0 + x) * 4;
      const n = (noise() - 0.5) * 2 * QUANT;
      for (let k = 0; k < 3; k++) image.data[d + k] = quantise(plane[(y * w + x) * 3 + k] + n);
    }
}
