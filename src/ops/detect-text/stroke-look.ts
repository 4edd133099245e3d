// The stroke looks: thin semi-transparent lettering over texture, as light (dark) strokes on
// black. A light overlay of opacity a lifts every pixel under a stroke by a (255 - I); where
// the strokes are 2-3 px wide (a light font) the lift is a ridge narrower than a small disc,
// which the white top-hat (luminance less its opening by that disc) keeps whole while it
// takes off everything wider: the photo's shading, sky, water, the rocks' faces. The black
// top-hat (closing less luminance) does the same for dark overlays. The min / max looks
// (looks.ts) erase such strokes (their 3 x 3 filter at half scale is wider than the stroke);
// local normalisation breaks them into fragments. The top-hat is amplified and clipped, so
// a 45% white stroke over mid-grey rock (a lift of ~55 levels) reads as near-white ink.
// The texture's own narrow highlights (twigs, veins, glints) show too, mostly as short
// marks the detector does not join into lines; detect.ts keeps a stroke look's box only
// when it is line-shaped, sure (score >= 0.9) and absent from the other polarity's look.
// Gain 4, radius 3: of the held-out watermarks (`npm run eval -- detect <dir> --synthetic`)
// they found 57 of 80, as gain 3 with radius 3 or 2 did (radius 2, gain 4: 55), and 21 of
// 30 thin watermarks placed on five other wallpapers (gain 3: 20). The integrator's probe
// found a locally normalised top-hat broke strokes into fragments.

import { keptArrays } from '../../core/kept-planes.ts';

/** Disc radius (detector pixels) of the opening / closing: wider than a light font's stroke at the fine level, narrower than a bold one's. */
export const STROKE_RADIUS = 3;

/** Grey levels out per level of lift: a 64-level lift (a 45% white over mid-grey) is white. */
export const STROKE_GAIN = 4;

/** Half widths of the rows of a disc of radius r (row dy = -r..r), the discrete disc x^2 + y^2 <= r^2 + r. */
function discRows(r: number): number[] {
  return Array.from({ length: 2 * r + 1 }, (_, i) => Math.floor(Math.sqrt(r * r + r - (i - r) ** 2)));
}

/** The minimum (max = false) or maximum of each pixel and its two row neighbours (half width 1), clipped to the row, into `out`. */
function rowRank1(src: Int32Array, out: Int32Array, w: number, h: number, max: boolean): Int32Array {
  for (let y = 0; y < h; y++) (max ? maxRow : minRow)(src, out, y * w, w, true);
  return out;
}

/**
 * Half width k + 1 from half width k >= 1 (`prev`), into `out`: the window [x - k - 1, x + k + 1]
 * is the union of prev's windows at x - 1 and x + 1, also where the row clips them. Two reads
 * a pixel for any k, where scanning each window read 2k + 1.
 */
function grownRank(prev: Int32Array, out: Int32Array, w: number, h: number, max: boolean): Int32Array {
  for (let y = 0; y < h; y++) (max ? maxRow : minRow)(prev, out, y * w, w, false);
  return out;
}

// One row (from `row`) of rowRank1 (withSelf) or grownRank: out[x] = the min (minRow) or max
// (maxRow) of in[x - 1], in[x + 1] and, withSelf, in[x], the neighbours clipped to the row.
// One function per rank, the row's two ends apart, so that the inner loop holds no choice:
// V8 optimises each once (with the choice inside, the stroke look took 104 ms a detection
// at 960x600, against 85).

function minRow(src: Int32Array, out: Int32Array, row: number, w: number, withSelf: boolean): void {
  const last = row + w - 1;
  if (w === 1) {
    out[row] = src[row];
    return;
  }
  out[row] = min2(src[row], src[row + 1]);
  if (withSelf) for (let i = row + 1; i < last; i++) out[i] = min3(src[i - 1], src[i], src[i + 1]);
  else for (let i = row + 1; i < last; i++) out[i] = min2(src[i - 1], src[i + 1]);
  out[last] = min2(src[last - 1], src[last]);
}

function maxRow(src: Int32Array, out: Int32Array, row: number, w: number, withSelf: boolean): void {
  const last = row + w - 1;
  if (w === 1) {
    out[row] = src[row];
    return;
  }
  out[row] = max2(src[row], src[row + 1]);
  if (withSelf) for (let i = row + 1; i < last; i++) out[i] = max3(src[i - 1], src[i], src[i + 1]);
  else for (let i = row + 1; i < last; i++) out[i] = max2(src[i - 1], src[i + 1]);
  out[last] = max2(src[last - 1], src[last]);
}

// Branch-free on whole numbers (the planes are fixed point, see FIXED): a photo's noise
// makes every comparison a coin toss for the branch predictor, and a mispredicted branch per
// pixel and step was most of the look's time. a - b fits in 31 bits for 0..255 x FIXED.
const min2 = (a: number, b: number) => b + ((a - b) & ((a - b) >> 31));
const max2 = (a: number, b: number) => a - ((a - b) & ((a - b) >> 31));
const min3 = (a: number, b: number, c: number) => min2(min2(a, b), c);
const max3 = (a: number, b: number, c: number) => max2(max2(a, b), c);

/**
 * The planes the stroke looks work in (core/kept-planes.ts): a detection opens and closes
 * planes of the same few sizes four times a stroke pass. Slots 0 .. r - 1 hold discRank's row
 * ranks, r and r + 1 strokePlane's opening (closing) steps, r + 2 its luminance in fixed
 * point; none leaves this file.
 */
const scratch = keptArrays((n) => new Int32Array(n));

/** Row ranks for half widths 0..k: [src, half width 1, 2, ..., k], the widths >= 1 in scratch planes. */
function rowRanks(src: Int32Array, w: number, h: number, k: number, max: boolean): Int32Array[] {
  const planes = [src];
  if (k >= 1) planes.push(rowRank1(src, scratch(0, w * h), w, h, max));
  for (let j = 2; j <= k; j++) planes.push(grownRank(planes[j - 1], scratch(j - 1, w * h), w, h, max));
  return planes;
}

/**
 * Minimum (or maximum) over the disc of radius r, clipped to the plane: row ranks for the
 * disc's half widths, then the disc's rows combined, the rows dy and -dy (the same half
 * width) in one pass. A row past the plane's edge stands in as the centre row, which the
 * centre's wider window already covers. `out`: where the result goes (written whole).
 */
export function discRank(src: Int32Array, w: number, h: number, r: number, max: boolean, out = new Int32Array(w * h)): Int32Array {
  const halves = discRows(r);
  const byHalf = rowRanks(src, w, h, Math.max(...halves), max);
  const centre = byHalf[halves[r]];
  for (let y = 0; y < h; y++) {
    const row = y * w;
    out.set(centre.subarray(row, row + w), row);
    for (let dy = 1; dy <= r; dy++) {
      const plane = byHalf[halves[r + dy]];
      const above = y - dy >= 0 ? row - dy * w : row,
        below = y + dy < h ? row + dy * w : row;
      (max ? maxPair : minPair)(out, row, plane, above, below, w);
    }
  }
  return out;
}

/** out[row + x] = the min of itself, plane[a + x] and plane[b + x], for x < w (maxPair: the max). */
function minPair(out: Int32Array, row: number, plane: Int32Array, a: number, b: number, w: number): void {
  for (let x = 0; x < w; x++) out[row + x] = min3(plane[a + x], plane[b + x], out[row + x]);
}

function maxPair(out: Int32Array, row: number, plane: Int32Array, a: number, b: number, w: number): void {
  for (let x = 0; x < w; x++) out[row + x] = max3(plane[a + x], plane[b + x], out[row + x]);
}

/**
 * Luminance is ranked in fixed point, this many steps a level (see min2): the look moves by at
 * most STROKE_GAIN / FIXED of a level (0.016) from ranking the floats themselves, at 55 instead
 * of 102 ms for a detection's four stroke planes (512 x 608, a photo's own noise).
 */
const FIXED = 256;

/**
 * The stroke look of a luminance plane (0..255): STROKE_GAIN x the white top-hat (`light`)
 * or the black top-hat, clipped to 0..255.
 */
export function strokePlane(lum: Float32Array, w: number, h: number, light: boolean): Float32Array {
  const r = STROKE_RADIUS;
  const fixed = toFixed(lum, scratch(r + 2, lum.length));
  const smooth = discRank(discRank(fixed, w, h, r, !light, scratch(r, lum.length)), w, h, r, light, scratch(r + 1, lum.length));
  return light ? amplified(fixed, smooth) : amplified(smooth, fixed);
}

/** `lum` (>= 0) in fixed point (FIXED steps a level, rounded) into `out`. */
function toFixed(lum: Float32Array, out: Int32Array): Int32Array {
  for (let i = 0; i < lum.length; i++) out[i] = (lum[i] * FIXED + 0.5) | 0;
  return out;
}

/** STROKE_GAIN x (top - base), clipped to 0..255, per pixel (top and base in fixed point). */
function amplified(top: Int32Array, base: Int32Array): Float32Array {
  const out = new Float32Array(top.length);
  for (let i = 0; i < top.length; i++) out[i] = Math.min(255, Math.max(0, (STROKE_GAIN * (top[i] - base[i])) / FIXED));
  return out;
}
