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

import { keptPlanes } from '../../core/kept-planes.ts';

/** Disc radius (detector pixels) of the opening / closing: wider than a light font's stroke at the fine level, narrower than a bold one's. */
export const STROKE_RADIUS = 3;

/** Grey levels out per level of lift: a 64-level lift (a 45% white over mid-grey) is white. */
export const STROKE_GAIN = 4;

/** Half widths of the rows of a disc of radius r (row dy = -r..r), the discrete disc x^2 + y^2 <= r^2 + r. */
function discRows(r: number): number[] {
  return Array.from({ length: 2 * r + 1 }, (_, i) => Math.floor(Math.sqrt(r * r + r - (i - r) ** 2)));
}

/** The minimum (max = false) or maximum of each pixel and its two row neighbours (half width 1), clipped to the row, into `out`. */
function rowRank1(src: Float32Array, out: Float32Array, w: number, h: number, max: boolean): Float32Array {
  for (let y = 0; y < h; y++) rankRow(src, out, y * w, w, max, true);
  return out;
}

/**
 * Half width k + 1 from half width k >= 1 (`prev`), into `out`: the window [x - k - 1, x + k + 1]
 * is the union of prev's windows at x - 1 and x + 1, also where the row clips them. Two reads
 * a pixel for any k, where scanning each window read 2k + 1.
 */
function grownRank(prev: Float32Array, out: Float32Array, w: number, h: number, max: boolean): Float32Array {
  for (let y = 0; y < h; y++) rankRow(prev, out, y * w, w, max, false);
  return out;
}

/**
 * One row (from `row`) of rowRank1 (withSelf) or grownRank: out[x] = the min or max of in[x - 1],
 * in[x + 1] and, withSelf, in[x], the neighbours clipped to the row. Its own function so that
 * V8 optimises the loop once.
 */
function rankRow(src: Float32Array, out: Float32Array, row: number, w: number, max: boolean, withSelf: boolean): void {
  const last = row + w - 1;
  for (let i = row; i <= last; i++) {
    const a = src[i > row ? i - 1 : i],
      b = src[i < last ? i + 1 : i],
      c = withSelf ? src[i] : a;
    out[i] = max ? (a > b ? (a > c ? a : c) : b > c ? b : c) : a < b ? (a < c ? a : c) : b < c ? b : c;
  }
}

/**
 * The planes the stroke looks work in (core/kept-planes.ts): a detection opens and closes
 * planes of the same few sizes four times a stroke pass. Slots 0 .. r - 1 hold discRank's row
 * ranks, r and r + 1 strokePlane's opening (closing) steps; none leaves this file.
 */
const scratch = keptPlanes();

/** Row ranks for half widths 0..k: [src, half width 1, 2, ..., k], the widths >= 1 in scratch planes. */
function rowRanks(src: Float32Array, w: number, h: number, k: number, max: boolean): Float32Array[] {
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
export function discRank(src: Float32Array, w: number, h: number, r: number, max: boolean, out = new Float32Array(w * h)): Float32Array {
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
      rankPair(out, row, plane, above, below, w, max);
    }
  }
  return out;
}

/** out[row + x] = the min or max of itself, plane[a + x] and plane[b + x], for x < w. */
function rankPair(out: Float32Array, row: number, plane: Float32Array, a: number, b: number, w: number, max: boolean): void {
  for (let x = 0; x < w; x++) {
    const p = plane[a + x],
      q = plane[b + x],
      o = out[row + x];
    out[row + x] = max ? (p > q ? (p > o ? p : o) : q > o ? q : o) : p < q ? (p < o ? p : o) : q < o ? q : o;
  }
}

/**
 * The stroke look of a luminance plane (0..255): STROKE_GAIN x the white top-hat (`light`)
 * or the black top-hat, clipped to 0..255.
 */
export function strokePlane(lum: Float32Array, w: number, h: number, light: boolean): Float32Array {
  const r = STROKE_RADIUS;
  const smooth = discRank(discRank(lum, w, h, r, !light, scratch(r, lum.length)), w, h, r, light, scratch(r + 1, lum.length));
  const out = new Float32Array(lum.length);
  for (let i = 0; i < lum.length; i++) {
    const rise = light ? lum[i] - smooth[i] : smooth[i] - lum[i];
    out[i] = Math.min(255, Math.max(0, STROKE_GAIN * rise));
  }
  return out;
}
