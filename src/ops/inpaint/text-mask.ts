// The removal mask for detected text. Filling whole boxes wipes out the faces and objects
// that text is printed over, so inside each box only the pixels whose colours are much
// commoner inside it than in the ring of background around it are taken (glyphs, outlines,
// shadows, the tint of a watermark); the inpaint dilation then covers anti-aliased edges. When most of
// a box looks unlike its ring (busy backgrounds), the whole box is taken instead.
import type { Box, Mask, RgbaImage } from '../../core/types.ts';

/** 4 bits per channel: 4096 colour cells. */
const BITS = 4;
const SHIFT = 8 - BITS;
const SIDE = 1 << BITS;

/** Ring of background around a box: this far out, this wide. */
const RING_GAP = 2;
const RING_WIDTH = 6;

/** A colour is text when it is this many times denser inside the box than in the ring. */
const DENSER = 2;

/** Above this share of text-like pixels, a box is filled whole. */
const WHOLE_BOX_SHARE = 0.6;

function cell(d: Uint8ClampedArray, i: number): number {
  return ((d[i] >> SHIFT) * SIDE + (d[i + 1] >> SHIFT)) * SIDE + (d[i + 2] >> SHIFT);
}

/** Colour-cell counts over the ring (outer minus inner), each also counted in its 26 neighbour cells (tolerance). */
function ringDensity(img: RgbaImage, inner: Box, outer: Box): { counts: Float64Array; total: number } {
  const counts = new Float64Array(SIDE * SIDE * SIDE);
  let total = 0;
  const d = img.data;
  for (let y = outer[1]; y < outer[3]; y++) for (let x = outer[0]; x < outer[2]; x++) {
    if (x >= inner[0] && x < inner[2] && y >= inner[1] && y < inner[3]) continue;
    const i = (y * img.width + x) * 4;
    const r = d[i] >> SHIFT, g = d[i + 1] >> SHIFT, b = d[i + 2] >> SHIFT;
    total++;
    for (let dr = -1; dr <= 1; dr++) for (let dg = -1; dg <= 1; dg++) for (let db = -1; db <= 1; db++) {
      const rr = r + dr, gg = g + dg, bb = b + db;
      if (rr >= 0 && gg >= 0 && bb >= 0 && rr < SIDE && gg < SIDE && bb < SIDE) counts[(rr * SIDE + gg) * SIDE + bb]++;
    }
  }
  return { counts, total };
}

function clip(b: Box, region: Box): Box {
  return [Math.max(region[0], b[0]), Math.max(region[1], b[1]), Math.min(region[2], b[2]), Math.min(region[3], b[3])];
}

function grow(b: Box, g: number): Box {
  return [Math.floor(b[0]) - g, Math.floor(b[1]) - g, Math.ceil(b[2]) + g, Math.ceil(b[3]) + g];
}

/**
 * A 0/255 mask of the text pixels in `boxes` (clipped to `region`, default the image):
 * per box, pixels whose colour is much commoner inside it than in its surrounding ring.
 */
export function textMask(img: RgbaImage, boxes: readonly Box[], region: Box = [0, 0, img.width, img.height]): Mask {
  const { width: w } = img;
  const m: Mask = { width: w, height: img.height, data: new Uint8Array(w * img.height) };
  for (const b of boxes) {
    const inner = clip(grow(b, RING_GAP), region);
    const outer = clip(grow(b, RING_GAP + RING_WIDTH), region);
    if (inner[2] <= inner[0] || inner[3] <= inner[1]) continue;
    const ring = ringDensity(img, inner, outer);
    const inside = new Float64Array(SIDE * SIDE * SIDE);
    for (let y = inner[1]; y < inner[3]; y++) for (let x = inner[0]; x < inner[2]; x++) inside[cell(img.data, (y * w + x) * 4)]++;
    const area = (inner[2] - inner[0]) * (inner[3] - inner[1]);
    const picked: number[] = [];
    for (let y = inner[1]; y < inner[3]; y++) for (let x = inner[0]; x < inner[2]; x++) {
      const p = y * w + x;
      const c = cell(img.data, p * 4);
      if (inside[c] * ring.total > DENSER * area * ring.counts[c]) picked.push(p);
    }
    if (picked.length > WHOLE_BOX_SHARE * area) {
      for (let y = inner[1]; y < inner[3]; y++) m.data.fill(255, y * w + inner[0], y * w + inner[2]);
    } else {
      for (const p of picked) m.data[p] = 255;
    }
  }
  return m;
}

/** A 0/255 mask of whole boxes grown by `grow` px, clipped to `region`: for text the pixel mask missed. */
export function boxMask(width: number, height: number, boxes: readonly Box[], grow: number, region: Box = [0, 0, width, height]): Mask {
  const m: Mask = { width, height, data: new Uint8Array(width * height) };
  for (const b of boxes) {
    const [x0, y0, x1, y1] = clip([Math.floor(b[0]) - grow, Math.floor(b[1]) - grow, Math.ceil(b[2]) + grow, Math.ceil(b[3]) + grow], region);
    for (let y = y0; y < y1; y++) if (x1 > x0) m.data.fill(255, y * width + x0, y * width + x1);
  }
  return m;
}
