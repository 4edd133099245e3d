// Extra "looks" at a photo for the detector: grey images in which faint overlays become
// high-contrast text. A semi-transparent overlay of colour k at opacity a turns a pixel I
// into I + a (k - I): a smooth offset that the network, trained on opaque text, does not
// answer to when it is small beside the photo's own contrast. These make it stand out:
// - a feature in which the offset is large and the photo varies little. A saturated overlay
//   moves the colour-opponent channels (yellow-blue, red-green), where natural photos vary
//   far less than in luminance, so a coloured watermark over a busy scene is clearer there;
// - local contrast normalisation (subtract a local mean, divide by the local deviation):
//   faint text over a plain area becomes as contrasted as ink, whatever its polarity;
// - one look per polarity against texture. A light overlay lifts the darkest pixels most
//   (a (255 - I) is largest where I is small), a dark one lowers the brightest most: the
//   minimum over 3 x 3 pixels (maximum for dark) flattens grass or gravel to its gaps and
//   keeps the lift. Only what stands clearly above the local level (z 0.5 .. 2 -> 0 .. 255)
//   is kept: light strokes on black, which the network reads where it ignores the photo;
// - one look per polarity at thin strokes (stroke-look.ts): a top-hat a stroke wide, for the
//   2-3 px strokes of light fonts that the min / max filter erases. Their boxes must show
//   in one polarity only (detect.ts).
// Each look is computed on the detector's own resampled planes (so radii are in detector
// pixels, the same for every photo size) and fed as grey in all three channels.

import { strokePlane } from './stroke-look.ts';
import { keptPlanes } from '../../core/kept-planes.ts';

/** A look: how a grey feature plane is made from the R, G, B planes. */
export type Look = 'yellow-blue' | 'red-green' | 'luminance' | 'lighter' | 'darker' | 'light-strokes' | 'dark-strokes';

/**
 * The looks detection uses by default: the two colour-opponent axes and the two polarities.
 * Luminance, locally normalised, found no more text than the photo itself on dev or the
 * held-out set and added false boxes on textured areas (`npm run eval -- detect <dir>
 * --looks luminance`). The polarity looks find the large white watermark over dev's grass
 * and change nothing on the held-out set (no box gained or lost there): keep them honest
 * by re-running both evals when they change. The stroke looks find thin watermarks over
 * texture the others miss (held-out recall 0.650 -> 0.713, wider 0.958 -> 0.969, dev
 * unchanged); they cost four detector passes at the finer level.
 */
export const LOOKS: readonly Look[] = ['yellow-blue', 'red-green', 'lighter', 'darker', 'light-strokes', 'dark-strokes'];
/** The looks at thin strokes (stroke-look.ts), whose boxes detect.ts keeps only when one polarity shows them, line-shaped and sure. */
export const STROKE_LOOKS: readonly Look[] = ['light-strokes', 'dark-strokes'];
export const ALL_LOOKS: readonly Look[] = ['yellow-blue', 'red-green', 'luminance', 'lighter', 'darker', 'light-strokes', 'dark-strokes'];

/**
 * Scale each look is searched at, relative to "longer side = maxSide" (plan.ts lookViews).
 * The colour looks at the photo's coarse level (0.5 lost held-out overlays; finer levels
 * would cost more than the photo's own passes). The polarity looks at half scale, where a
 * texture's blades and pebbles fall under the 3 x 3 filter while a watermark's strokes stay
 * wider than it (at 0.75 they found nothing). The stroke looks at the finer level: a light
 * font's 2-3 px strokes keep their width only there (at 0.75 the bench photo's 45%
 * "@studio.north" in Open Sans Light was found by neither polarity).
 */
export const LOOK_LEVELS: Record<Look, number> = {
  'yellow-blue': 0.75,
  'red-green': 0.75,
  luminance: 0.75,
  lighter: 0.5,
  darker: 0.5,
  'light-strokes': 1.5,
  'dark-strokes': 1.5,
};

/** Radius (detector pixels) of the local mean and deviation: about two text lines at the detector's best scale. */
const RADIUS = 24;
/** Deviation floor (grey levels): flat areas keep their noise small rather than amplified to full contrast. */
const DEVIATION_FLOOR = 4;
/** Grey levels per local standard deviation in the output: +-3.2 sigma spans 0..255. */
const LEVELS_PER_SIGMA = 40;
/** The polarity looks map z = RAMP_FROM (local deviations above the local mean) to black, z = RAMP_FROM + RAMP_SPAN to white. */
const RAMP_FROM = 0.5;
const RAMP_SPAN = 1.5;
/** Radius of the polarity looks' min / max filter, and of the box blur after it (detector pixels). */
const RANK_RADIUS = 1;
/** A look whose feature varies less than this (grey levels, whole view) carries no overlay: a grey photo's chroma. */
export const MIN_SPREAD = 2;

/**
 * The minimum (or maximum) over the 2 radius + 1 neighbours along rows (or columns),
 * clipped to the plane. Plain typed loops, no callback: the looks run this on every coarse view.
 */
function rankPass(src: Float32Array, w: number, h: number, radius: number, max: boolean, columns: boolean): Float32Array {
  const out = new Float32Array(w * h);
  const length = columns ? h : w;
  const stride = columns ? w : 1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const at = columns ? y : x;
      const from = i - Math.min(radius, at) * stride;
      const to = i + Math.min(radius, length - 1 - at) * stride;
      let v = src[i];
      if (max) for (let j = from; j <= to; j += stride) v = src[j] > v ? src[j] : v;
      else for (let j = from; j <= to; j += stride) v = src[j] < v ? src[j] : v;
      out[i] = v;
    }
  }
  return out;
}

/** Minimum (or maximum) over the (2 radius + 1)^2 window clipped to the plane (separable: rows, then columns). */
export function rankFilter(src: Float32Array, w: number, h: number, radius: number, max: boolean): Float32Array {
  return rankPass(rankPass(src, w, h, radius, max, false), w, h, radius, max, true);
}

function feature(look: Look, r: Float32Array, g: Float32Array, b: Float32Array, w: number, h: number): Float32Array {
  if (look === 'lighter' || look === 'darker')
    return boxMean(rankFilter(feature('luminance', r, g, b, w, h), w, h, RANK_RADIUS, look === 'darker'), w, h, RANK_RADIUS);
  // One function per feature: a loop that chose per pixel was recompiled by V8 for each look.
  return look === 'yellow-blue' ? yellowBlue(r, g, b) : look === 'red-green' ? redGreen(r, g) : luminance(r, g, b);
}

function yellowBlue(r: Float32Array, g: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(r.length);
  for (let i = 0; i < r.length; i++) out[i] = (r[i] + g[i]) / 2 - b[i];
  return out;
}

function redGreen(r: Float32Array, g: Float32Array): Float32Array {
  const out = new Float32Array(r.length);
  for (let i = 0; i < r.length; i++) out[i] = r[i] - g[i];
  return out;
}

function luminance(r: Float32Array, g: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(r.length);
  for (let i = 0; i < r.length; i++) out[i] = 0.299 * r[i] + 0.587 * g[i] + 0.114 * b[i];
  return out;
}

/** Mean over the (2 radius + 1)^2 window clipped to the plane, by running sums (O(n) whatever the radius). */
export function boxMean(src: Float32Array, w: number, h: number, radius: number): Float32Array {
  // Two functions, one per pass, so that V8 optimises each loop once.
  return columnMeans(rowMeans(src, w, h, radius), w, h, radius);
}

/** boxMean's row means, which only columnMeans reads: one plane kept from call to call (core/kept-planes.ts). */
const rowPlane = keptPlanes();

function rowMeans(src: Float32Array, w: number, h: number, radius: number): Float32Array {
  const rows = rowPlane(0, w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let sum = 0;
    for (let x = 0; x <= Math.min(radius, w - 1); x++) sum += src[row + x];
    for (let x = 0; x < w; x++) {
      rows[row + x] = sum / (Math.min(w - 1, x + radius) - Math.max(0, x - radius) + 1);
      if (x + radius + 1 < w) sum += src[row + x + radius + 1];
      if (x - radius >= 0) sum -= src[row + x - radius];
    }
  }
  return rows;
}

/**
 * Columns: one running sum per column, all advanced a row at a time (memory order); each
 * column's sum sees the same additions in the same order as a column-by-column walk.
 */
function columnMeans(rows: Float32Array, w: number, h: number, radius: number): Float32Array {
  const out = new Float32Array(w * h);
  const sums = new Float64Array(w);
  for (let y = 0; y <= Math.min(radius, h - 1); y++) for (let x = 0; x < w; x++) sums[x] += rows[y * w + x];
  for (let y = 0; y < h; y++) {
    const n = Math.min(h - 1, y + radius) - Math.max(0, y - radius) + 1;
    const row = y * w;
    const add = y + radius + 1 < h ? (y + radius + 1) * w : -1;
    const drop = y - radius >= 0 ? (y - radius) * w : -1;
    for (let x = 0; x < w; x++) {
      let sum = sums[x];
      out[row + x] = sum / n;
      if (add >= 0) sum += rows[add + x];
      if (drop >= 0) sum -= rows[drop + x];
      sums[x] = sum;
    }
  }
  return out;
}

/**
 * Standard deviation of a plane (grey levels). An indexed loop: iterating the array with
 * for-of made a result object per pixel until V8 optimised it (53 MB of garbage in a
 * remove-text, most of its young-generation collections).
 */
function spread(f: Float32Array): number {
  let s = 0,
    s2 = 0;
  for (let i = 0; i < f.length; i++) {
    const v = f[i];
    s += v;
    s2 += v * v;
  }
  const m = s / f.length;
  return Math.sqrt(Math.max(0, s2 / f.length - m * m));
}

/**
 * The look's grey plane (0..255) from R, G, B planes of w x h, or undefined when the
 * feature is flat over the whole view (nothing an overlay could have changed).
 */
export function lookPlane(look: Look, [r, g, b]: Float32Array[], w: number, h: number): Float32Array | undefined {
  if (look === 'light-strokes' || look === 'dark-strokes')
    return strokePlane(feature('luminance', r, g, b, w, h), w, h, look === 'light-strokes');
  const f = feature(look, r, g, b, w, h);
  if (spread(f) < MIN_SPREAD) return undefined;
  const mean = boxMean(f, w, h, RADIUS);
  const variance = boxMean(squaredDeviations(f, mean), w, h, RADIUS);
  return levels(look, f, mean, variance);
}

// lookPlane's loops are functions of their own so that V8 optimises each loop once.

function squaredDeviations(f: Float32Array, mean: Float32Array): Float32Array {
  const sq = new Float32Array(f.length);
  for (let i = 0; i < f.length; i++) sq[i] = (f[i] - mean[i]) ** 2;
  return sq;
}

/** The look's grey levels from the feature's local z-scores. */
function levels(look: Look, f: Float32Array, mean: Float32Array, variance: Float32Array): Float32Array {
  // One loop per kind of look (a per-pixel choice was recompiled by V8 for each look); the
  // sign is exact: 1 * z is z, -1 * z is -z.
  return look === 'lighter' || look === 'darker'
    ? rampLevels(f, mean, variance, look === 'lighter' ? 1 : -1)
    : sigmaLevels(f, mean, variance);
}

/** 0 up to RAMP_FROM deviations (times `sign`), rising to 255 over RAMP_SPAN more. */
function rampLevels(f: Float32Array, mean: Float32Array, variance: Float32Array, sign: number): Float32Array {
  const out = new Float32Array(f.length);
  for (let i = 0; i < f.length; i++) {
    const z = (f[i] - mean[i]) / (Math.sqrt(variance[i]) + DEVIATION_FLOOR);
    out[i] = Math.min(255, Math.max(0, (255 * (sign * z - RAMP_FROM)) / RAMP_SPAN));
  }
  return out;
}

/** Mid grey plus LEVELS_PER_SIGMA per deviation. */
function sigmaLevels(f: Float32Array, mean: Float32Array, variance: Float32Array): Float32Array {
  const out = new Float32Array(f.length);
  for (let i = 0; i < f.length; i++) {
    const z = (f[i] - mean[i]) / (Math.sqrt(variance[i]) + DEVIATION_FLOOR);
    out[i] = Math.min(255, Math.max(0, 128 + LEVELS_PER_SIGMA * z));
  }
  return out;
}
