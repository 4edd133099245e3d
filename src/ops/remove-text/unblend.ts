// Semi-transparent text (a watermark) hides nothing: under text of opacity a and colour C
// every pixel is (1 - a) * background + a * C, so the background can be computed back
// exactly instead of being invented by a fill. Three estimates of a and a * C per box, since
// each fails where another holds:
// - paired spread (estimateFromPairs): the found text pixels against each one's nearest
//   background pixel; the text shrinks the background's spread by 1 - a and shifts it by
//   a * C. Good where the background changes along the text (a suit, then a helmet); the
//   found pixels must cover the text's range of backgrounds.
// - histogram mixture (estimateFromHistograms): the box's luma histogram as a mix of the
//   ring's and the ring's shrunk and shifted. Needs no text pixels, only a background that
//   looks the same all around (grass, a wall).
// - colour lines (colour-lines.ts): where the rays from each text pixel's background
//   through it meet. Good where the mask holds more than the text (edges, other objects)
//   and the background varies in colour; given only when the paired spread says watermark.
// None is trusted blindly: watermark.ts keeps an estimate only when the text is gone
// after it. Per pixel, the share of the stroke covering it (1 in the cores, less on the
// anti-aliased edges) is read against a diffused guess of the background.
import { dilate, HOLE_THRESHOLD } from '../../core/mask-ops.ts';
import type { Box, Mask, RgbaImage } from '../../core/types.ts';
import { diffusionFill } from '../inpaint/diffusion.ts';
import { nextRing } from '../inpaint/front.ts';
import { blendFromColourLines } from './colour-lines.ts';

/** Opacities outside this range are not a watermark: nearly opaque text has lost its background, nearly clear text is noise. */
export const MIN_OPACITY = 0.2;
export const MAX_OPACITY = 0.8;

/** The text colour C may be this far outside 0..255 (noise in the estimate). */
const COLOUR_SLACK = 32;

/** Too few text or background pixels make an estimate unreliable. */
const MIN_PIXELS = 40;

/** Background pixels are taken beyond the anti-aliased rim: this far from the text. */
export const RIM = 2;

export interface Blend {
  /** Opacity a. */
  alpha: number;
  /** a * C per RGB channel. */
  tint: [number, number, number];
}

/** A blend and how well the evidence backs it (each estimator's own measure, see there). */
export type Estimate = Blend & { fit: number };

/** An estimate of `blend` (a literal, not a spread: every estimate has one map for V8). */
function estimate(blend: Blend, fit: number): Estimate {
  return { alpha: blend.alpha, tint: blend.tint, fit };
}

/** A blend only if its opacity and colour are plausible for a watermark. */
function plausible(alpha: number, tint: number[]): Blend | null {
  if (!(alpha >= MIN_OPACITY && alpha <= MAX_OPACITY)) return null;
  if (tint.some((t) => !(t / alpha >= -COLOUR_SLACK && t / alpha <= 255 + COLOUR_SLACK))) return null;
  return { alpha, tint: [tint[0], tint[1], tint[2]] };
}

// The pixel loops of estimatesFromPairs and nearestSource are functions of their own so
// that V8 optimises each loop once (it recompiled the caller at each loop's on-stack replacement).

/** 1 where the mask is below HOLE_THRESHOLD, else 0. */
function outsideOf(mask: Uint8Array): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < out.length; i++) out[i] = mask[i] >= HOLE_THRESHOLD ? 0 : 1;
  return out;
}

/** The text's pixels (off the border) whose 8 neighbours are text too and that have a nearest background pixel. */
function cores(text: Uint8Array, near: Int32Array, w: number, h: number): number[] {
  const core: number[] = [];
  for (let y = 1; y < h - 1; y++)
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (text[i] < HOLE_THRESHOLD || near[i] < 0) continue;
      let inside = true;
      for (let dy = -1; dy <= 1 && inside; dy++)
        for (let dx = -1; dx <= 1; dx++)
          if (text[i + dy * w + dx] < HOLE_THRESHOLD) {
            inside = false;
            break;
          }
      if (inside) core.push(i);
    }
  return core;
}

/** Multi-source BFS: for each pixel, the index of a nearest (8-connected steps) pixel where `source` is 1, or -1. */
function nearestSource(source: Uint8Array, w: number, h: number): Int32Array {
  const near = new Int32Array(w * h).fill(-1);
  let front = sources(source, near);
  while (front.length) {
    front = nextRing(front, w, h, (j, i) => {
      if (near[j] >= 0) return false;
      near[j] = near[i];
      return true;
    });
  }
  return near;
}

/** The pixels where `source` is set, each its own nearest source in `near`. */
function sources(source: Uint8Array, near: Int32Array): number[] {
  const front: number[] = [];
  for (let i = 0; i < source.length; i++)
    if (source[i]) {
      near[i] = i;
      front.push(i);
    }
  return front;
}

/**
 * The blend from the text pixels in `text` (>= 128 over `crop`): their cores (the text
 * eroded by 1) against each core's nearest background pixel (farther than RIM from the text).
 * fit: the correlation of core and background pixels; the background shows through
 * semi-transparent text, so it follows its surroundings, while an opaque fill does not.
 * With `refits`, the blend is then refitted that many times on the half of the pairs it
 * explains best: mask pixels that are not text (an object of the text's colour) do not follow
 * it. Trimming narrows the spread of both sides, so this is a second opinion, not a better
 * one: the unblend keeps whichever estimate leaves less text.
 */
export function estimateFromPairs(crop: RgbaImage, text: Mask, refits = 0): Estimate | null {
  return estimatesFromPairs(crop, text, refits).refitted;
}

/**
 * estimateFromPairs with no refit (`plain`) and with `refits` (`refitted`), from one pairing
 * of the text's cores with the background: the refits start from the plain fit. `withLines`
 * false: no colour lines (`lines` null), which cost as much again.
 */
export function estimatesFromPairs(
  crop: RgbaImage,
  text: Mask,
  refits: number,
  withLines = true,
): { plain: Estimate | null; refitted: Estimate | null; lines: Blend | null } {
  const none = { plain: null, refitted: null, lines: null };
  const { width: w, height: h, data } = crop;
  const near = nearestSource(outsideOf(dilate(text, RIM).data), w, h);
  const core = cores(text.data, near, w, h);
  if (core.length < MIN_PIXELS) return none;
  const all = pairFit(data, core, near);
  // All pairs must look like a watermark (opaque text has no spread to shrink): the refit
  // only refines it, and the colour lines (opaque text's meet at its colour with an opacity
  // near 1, or nowhere) are a third opinion on it.
  const first = all && plausible(1 - all.s, all.shift);
  if (!all || !first) return none;
  const met = withLines ? blendFromColourLines(data, core, near) : null;
  const lines =
    met &&
    plausible(
      met.alpha,
      met.colour.map((c) => c * met.alpha),
    );
  const plain = estimate(first, all.correlation);
  let fit = all;
  // Core pixels that are not text (an object of the text's colour caught by the mask) do not
  // follow the blend and pull it off: refit on the pairs the blend explains best.
  for (let round = 0; round < refits; round++) {
    const { s, shift } = fit;
    const residual = core.map((i) => {
      let e = 0;
      for (let c = 0; c < 3; c++) e += Math.abs(data[i * 4 + c] - s * data[near[i] * 4 + c] - shift[c]);
      return e;
    });
    const cut = [...residual].sort((a, b) => a - b)[Math.floor(KEEP_SHARE * (residual.length - 1))];
    const kept = core.filter((_, k) => residual[k] <= cut);
    if (kept.length < MIN_PIXELS) break;
    fit = pairFit(data, kept, near) ?? fit;
  }
  const blend = plausible(1 - fit.s, fit.shift) ?? first;
  return { plain, refitted: estimate(blend, all.correlation), lines };
}

/** Share of the pairs kept in each refit. */
const KEEP_SHARE = 0.5;

/**
 * The shrink s = 1 - a (ratio of the spreads of core and background pixels), the shift a * C
 * (mean core less s times mean background) and the correlation of the pairs.
 */
function pairFit(
  data: Uint8ClampedArray,
  core: readonly number[],
  near: Int32Array,
): { s: number; shift: number[]; correlation: number } | null {
  const inMean = [0, 0, 0],
    outMean = [0, 0, 0];
  for (let k = 0; k < core.length; k++)
    for (let c = 0; c < 3; c++) {
      const i = core[k];
      inMean[c] += data[i * 4 + c];
      outMean[c] += data[near[i] * 4 + c];
    }
  for (let c = 0; c < 3; c++) {
    inMean[c] /= core.length;
    outMean[c] /= core.length;
  }
  let inVar = 0,
    outVar = 0;
  for (let k = 0; k < core.length; k++)
    for (let c = 0; c < 3; c++) {
      const i = core[k];
      inVar += (data[i * 4 + c] - inMean[c]) ** 2;
      outVar += (data[near[i] * 4 + c] - outMean[c]) ** 2;
    }
  if (outVar === 0) return null;
  let cov = 0;
  for (let k = 0; k < core.length; k++)
    for (let c = 0, i = core[k]; c < 3; c++) cov += (data[i * 4 + c] - inMean[c]) * (data[near[i] * 4 + c] - outMean[c]);
  const s = Math.sqrt(inVar / outVar);
  return { s, shift: inMean.map((m, c) => m - s * outMean[c]), correlation: inVar > 0 ? cov / Math.sqrt(inVar * outVar) : 0 };
}

const BINS = 256;
/**
 * Histogram smoothing radius (grey levels) and the grid of shrink factors s = 1 - a searched:
 * wider than the plausible opacities, so that opaque text or no text at all is told apart
 * (its best fit lies outside them) instead of being forced into a watermark.
 */
const SMOOTH = 2;
const S_MIN = 0.05,
  S_MAX = 0.95,
  S_STEP = 0.025;

/** Luma histogram (normalised) and mean RGB of the pixels of `box` where `take` holds. */
function histogram(img: RgbaImage, box: Box, take: (x: number, y: number) => boolean): { hist: Float64Array; n: number; mean: number[] } {
  const counts = new Float64Array(BINS);
  const mean = [0, 0, 0];
  let n = 0;
  for (let y = box[1]; y < box[3]; y++)
    for (let x = box[0]; x < box[2]; x++) {
      if (!take(x, y)) continue;
      const i = (y * img.width + x) * 4;
      counts[(img.data[i] * 77 + img.data[i + 1] * 150 + img.data[i + 2] * 29) >> 8]++;
      for (let c = 0; c < 3; c++) mean[c] += img.data[i + c];
      n++;
    }
  const hist = new Float64Array(BINS);
  for (let k = 0; k < BINS; k++) {
    let s = 0;
    for (let d = -SMOOTH; d <= SMOOTH; d++) s += counts[k + d] ?? 0;
    hist[k] = s / ((2 * SMOOTH + 1) * (n || 1));
  }
  return { hist, n, mean: mean.map((v) => v / (n || 1)) };
}

/**
 * The search of estimateFromHistograms: the shrink s and share p, over the grid of s and every
 * luma shift t, whose mix of the ring's histogram `r` and its shrunk and shifted copy best
 * explains the box's `b`, and that mix's L1 misfit. Its own function, of typed arrays and
 * numbers only, so V8 optimises it whole once: inside its caller, the code after the loops
 * (objects, a closure) deoptimised it at the end of every call in a fresh process.
 */
function bestMix(b: Float64Array, r: Float64Array): { err: number; s: number; p: number } {
  // Histogram of s * x + t for x drawn from the ring, at bin k, depends on k - t only: it is
  // tabulated once per s (entry k - t + span) and read per t. b - r and the ring's support are
  // fixed too. Outside the supports every term of num, den and err is 0, so the sums skip
  // them; err only grows, so a shift whose err reaches the best so far stops early. Every value and
  // every sum is computed as the plain per-bin loops did, in the same order: same result.
  const apartBins = new Float64Array(BINS);
  for (let k = 0; k < BINS; k++) apartBins[k] = b[k] - r[k];
  let rLo = BINS,
    rHi = -1,
    bLo = BINS,
    bHi = -1;
  for (let k = 0; k < BINS; k++) {
    if (r[k] !== 0) {
      rLo = Math.min(rLo, k);
      rHi = k;
    }
    if (b[k] !== 0) {
      bLo = Math.min(bLo, k);
      bHi = k;
    }
  }
  const brLo = Math.min(bLo, rLo),
    brHi = Math.max(bHi, rHi);
  const span = BINS - 1;
  const table = new Float64Array(2 * BINS + span);
  let bestErr = Infinity,
    bestS = 1,
    bestP = 0;
  for (let step = 0; S_MIN + step * S_STEP <= S_MAX + 1e-9; step++) {
    const s = S_MIN + step * S_STEP;
    const tMin = -Math.round(s * 255);
    // Entries k - t from -255 (k = 0, t = 255) to 255 - tMin; nonzero from tLo to tHi.
    let tLo = Infinity,
      tHi = -Infinity;
    for (let m = -span; m <= BINS - 1 - tMin; m++) {
      const x = m / s,
        x0 = Math.floor(x),
        f = x - x0;
      const v = x0 >= 0 && x0 + 1 < BINS ? ((1 - f) * r[x0] + f * r[x0 + 1]) / s : 0;
      table[m + span] = v;
      if (v !== 0) {
        tLo = Math.min(tLo, m);
        tHi = m;
      }
    }
    for (let t = tMin; t <= 255; t++) {
      const at = span - t;
      // Least-squares share p for b - r = p (shifted - r).
      const lo = Math.max(0, Math.min(rLo, tLo + t)),
        hi = Math.min(BINS - 1, Math.max(rHi, tHi + t));
      let num = 0,
        den = 0;
      for (let k = lo; k <= hi; k++) {
        const d = table[k + at] - r[k];
        num += apartBins[k] * d;
        den += d * d;
      }
      if (den === 0) continue;
      const p = Math.min(1, Math.max(0, num / den));
      const q = 1 - p;
      // (Bins where b, r and the shifted ring are all 0 add 0.)
      const from = Math.max(0, Math.min(brLo, tLo + t)),
        to = Math.min(BINS - 1, Math.max(brHi, tHi + t));
      let err = 0;
      for (let k = from; k <= to && err < bestErr; k++) err += Math.abs(b[k] - q * r[k] - p * table[k + at]);
      if (err < bestErr) {
        bestErr = err;
        bestS = s;
        bestP = p;
      }
    }
  }
  return { err: bestErr, s: bestS, p: bestP };
}

/**
 * The blend from histograms: the pixels of `inner` are taken as a share p of text over the
 * background of the ring (`outer` minus `inner`) and 1 - p of bare background; the
 * shrink s and luma shift t that best explain the box's luma histogram (least L1) give
 * a = 1 - s, and the mean colours give a * C. fit: the share of the difference between
 * the box's and the ring's histograms that the mix leaves unexplained (0 is perfect).
 */
export function estimateFromHistograms(img: RgbaImage, inner: Box, outer: Box): Estimate | null {
  const inBox = (x: number, y: number) => x >= inner[0] && x < inner[2] && y >= inner[1] && y < inner[3];
  const box = histogram(img, inner, inBox);
  const ring = histogram(img, outer, (x, y) => !inBox(x, y));
  if (box.n < MIN_PIXELS || ring.n < MIN_PIXELS) return null;
  const b = box.hist,
    r = ring.hist;
  const best = bestMix(b, r);
  if (best.p <= 0) return null;
  const alpha = 1 - best.s;
  // Box mean = ring mean + p (a C - a ring mean).
  const blend = plausible(
    alpha,
    ring.mean.map((m, c) => alpha * m + (box.mean[c] - m) / best.p),
  );
  let apart = 0;
  for (let k = 0; k < BINS; k++) apart += Math.abs(b[k] - r[k]);
  return blend && estimate(blend, apart > 0 ? best.err / apart : 1);
}

/**
 * `crop` with the blend taken out of the pixels within `rim` of `text`: each pixel's coverage
 * (0..1) is how far it lies from a diffused background guess towards the text colour, but 1
 * in `solid` (the insides of the strokes, where the text covers every pixel; on texture the
 * guess is too far off to read coverage from). The guess is diffused across those pixels
 * from the ones just outside them.
 */
export function unblend(crop: RgbaImage, text: Mask, blend: Blend, solid?: Mask, rim = RIM): RgbaImage {
  const { width: w, height: h } = crop;
  const area = dilate(text, rim);
  const guess = diffusionFill(crop, area);
  const out = new Uint8ClampedArray(crop.data);
  const { alpha, tint } = blend;
  for (let i = 0; i < w * h; i++) {
    if (area.data[i] < HOLE_THRESHOLD) continue;
    // observed - guess = cov (tint - a guess) + (1 - cov a)(background - guess): project on the first term.
    let num = 0,
      den = 0;
    for (let c = 0; c < 3; c++) {
      const f = guess.data[i * 4 + c];
      const dir = tint[c] - alpha * f;
      num += (crop.data[i * 4 + c] - f) * dir;
      den += dir * dir;
    }
    const cov = solid && solid.data[i] >= HOLE_THRESHOLD ? 1 : den > 0 ? Math.min(1, Math.max(0, num / den)) : 0;
    for (let c = 0; c < 3; c++) out[i * 4 + c] = Math.round((crop.data[i * 4 + c] - cov * tint[c]) / (1 - cov * alpha));
  }
  return { width: w, height: h, data: out };
}
