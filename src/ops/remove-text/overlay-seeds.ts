// Seeds for semi-transparent lettering from its shape, not its colours. An overlay of colour
// C and opacity a turns every pixel under a stroke from B into (1 - a) B + a C: a white one
// lifts it by a (255 - B), the same share a of the room to white wherever the stroke is, so
// a light watermark over fur is a pattern of ridges a stroke wide, even where its colours
// are common in the ring (the colour-density seeds of text-mask.ts find only the parts whose
// background happens to differ from the ring: on chelsea's "Call 555-0142" the "-0" and
// "42"). The white top-hat (luma less its opening by a square about a stroke wide) measures
// such ridges, the black top-hat (closing less luma) dark ones, each as a share of the room
// to white (black). A pixel is lifted where that share stands out of what the background's
// own texture gives: above a high quantile of the same measure over the ring around the box.
// Fur, grass, stalks and whiskers lift pixels too, and so does opaque text, which the colour
// seeds already find whole. So:
// - a polarity is taken only when the box holds clearly more lifted pixels than its ring,
//   and the one the colour seeds agree with wins;
// - one overlay must explain them: a and C where the colour lines from each lifted pixel's
//   local background (the per-channel opening or closing) through it meet (colour-lines.ts),
//   within the watermark opacities, lighter (darker) than what it covers; opaque text,
//   whose cores lie all the way to its colour, is no overlay;
// - a lifted pixel is kept when its colour lies close to (1 - a) background + a C: a grass
//   stalk under a white overlay, an orange stalk in a blue sky or a dark gap in a basket's
//   weave lie off it;
// - the kept pixels must run along the whole line, as printed text does.
import type { Box, RgbaImage } from '../../core/types.ts';
import { windowLuma } from '../inpaint/ring-texture.ts';
import { blendFromColourLines } from './colour-lines.ts';
import { squareClosing, squareOpening } from './square-filter.ts';
import { MAX_OPACITY, MIN_OPACITY } from './unblend.ts';

/** The structuring square's half side, as a share of the line height: about a bold stroke. */
const STROKE_PER_HEIGHT = 0.12;

/**
 * Smaller lines are left to the colours: their strokes are a pixel or two wide, all
 * anti-aliased edge, where opaque text (a timestamp) cannot be told from an overlay.
 */
const MIN_RADIUS = 2;

/** Ring pixels above the threshold: the background's own ridges stay below it but for this share. */
const RING_QUANTILE = 0.99;

/** A lift is never taken below this many grey levels (flat, noiseless rings). */
const MIN_LIFT = 6;

/** The polarity is text when at least this share of the box is lifted (the ring: 1 - RING_QUANTILE). */
const MIN_SHARE = 0.08;

/**
 * Lettering in a light font lifts less: its 1-2 px strokes cover a twentieth of the box. Down
 * to this share a polarity is taken on lines long enough (LONG_LINE_PARTS parts) for the
 * seeds' running along them (alongLine) to tell lettering from a patch of texture.
 */
const MIN_THIN_SHARE = 0.025;
const LONG_LINE_PARTS = 2;

/** The room to white (black) is taken as at least this many grey levels: near white, noise is no overlay. */
const MIN_ROOM = 32;

/** A lifted pixel is the overlay's when its colour misses the overlay's prediction by at most this share of its lift. */
const EXPLAINED = 0.5;

/** The lifted pixels' share of the way to the colour at this quantile is the most an overlay covers (opaque text: 1). */
const TOP_SHARE = 0.9;

/** Fewer lifted pixels found by the colours too than this, and the overlay is measured on all lifted pixels. */
const MIN_VOTERS = 40;

/**
 * The overlay is measured on at most about this many lifted pixels, evenly taken, for its
 * time (the colour lines are most of it). 2000 gives every box of the dev and wider sets the
 * results all of them give; 1000 moved meadow-blades' thin "PREVIEW" enough to cost 1.1 dB.
 */
const MAX_VOTERS = 2000;

/** The colours found this share of the lifted pixels already: nothing to add. */
const ALREADY_FOUND = 0.8;

/** Parts of the line judged apart (as textPixels's segments), in line heights. */
const SEGMENT_PER_HEIGHT = 3;
/** A part holds text when this share of it is seeds (thin strokes cover a twentieth of a line). */
const MIN_SEGMENT_SHARE = 0.02;
/** One part in this many may lack seeds (a wide gap between words, a short last word). */
const MISSING_SEGMENTS = 4;

function quantile(values: Float32Array, q: number): number {
  if (!values.length) return Infinity;
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.floor(q * (sorted.length - 1))];
}

function tone(r: number, g: number, b: number): number {
  return (r * 77 + g * 150 + b * 29) / 256;
}

/**
 * The pixels of `inner` (row-major 0/1, as textPixels) lifted by one light or dark
 * semi-transparent overlay a stroke wide, judged against the ring `outer` minus `inner`;
 * all 0 when no overlay explains them. `height`: the line height (the box's short side);
 * `found`: the text pixels the colours found over `inner` (they tell the polarity).
 */
export function overlaySeeds(img: RgbaImage, inner: Box, outer: Box, height: number, found: Uint8Array): Uint8Array {
  const iw = inner[2] - inner[0],
    ih = inner[3] - inner[1];
  const seeds = new Uint8Array(iw * ih);
  const r = Math.round(height * STROKE_PER_HEIGHT);
  if (r < MIN_RADIUS) return seeds;
  // The window: the ring and room for the square, so its edges do not shape the measure.
  const win: Box = [
    Math.max(0, outer[0] - r),
    Math.max(0, outer[1] - r),
    Math.min(img.width, outer[2] + r),
    Math.min(img.height, outer[3] + r),
  ];
  const w = win[2] - win[0],
    h = win[3] - win[1];
  const l = windowLuma(img, win);
  const opened = squareOpening(l, w, h, r);
  const closed = squareClosing(l, w, h, r);
  const candidates: Candidate[] = [];
  const counts = new Int32Array(2);
  for (const light of [true, false]) {
    const lift = liftOf(l, opened, closed, light);
    const threshold = quantile(ringValues(lift, win, inner, outer), RING_QUANTILE);
    liftedOver(lift, threshold, win, inner, found, counts);
    const n = counts[0],
      agree = counts[1];
    const share = n / (iw * ih);
    if (share >= MIN_SHARE || (share >= MIN_THIN_SHARE && lineParts(iw, ih) >= LONG_LINE_PARTS))
      candidates.push({ share, light, lift, threshold, agree });
  }
  // The polarity of the text the colours found first, if they found any; else the one lifting
  // more. The other is tried when no overlay explains the first: the colours may have found
  // the texture under a watermark (a light flower under a thin dark "proof copy").
  candidates.sort((a, b) => b.agree - a.agree || b.share - a.share);
  // Opaque text and strong watermarks: the colours found nearly all the lifted pixels
  // already, and the shape has nothing to add.
  if (!candidates.length || candidates[0].agree >= ALREADY_FOUND * candidates[0].share * iw * ih) return seeds;
  for (const candidate of candidates) {
    const seeds = overlayOf(img, win, inner, r, found, candidate);
    if (seeds) return seeds;
  }
  return seeds;
}

// overlaySeeds' and overlayOf's pixel loops are functions of their own so that V8 optimises
// each loop once (it recompiled the caller at each loop's on-stack replacement).

/**
 * The lift as a share of the room the overlay had (up to white, down to black): a white
 * or black overlay of opacity a lifts every pixel by a of it, over dark and light
 * backgrounds alike. 0 below MIN_LIFT grey levels.
 */
function liftOf(l: Float32Array, opened: Float32Array, closed: Float32Array, light: boolean): Float32Array {
  const lift = new Float32Array(l.length);
  for (let k = 0; k < l.length; k++) {
    const rise = light ? l[k] - opened[k] : closed[k] - l[k];
    lift[k] = rise < MIN_LIFT ? 0 : rise / Math.max(MIN_ROOM, light ? 255 - opened[k] : closed[k]);
  }
  return lift;
}

/** The values of `lift` (over window `win`) in the ring `outer` minus `inner`, row by row. */
function ringValues(lift: Float32Array, win: Box, inner: Box, outer: Box): Float32Array {
  const ring = new Float32Array((outer[2] - outer[0]) * (outer[3] - outer[1]) - (inner[2] - inner[0]) * (inner[3] - inner[1]));
  return ring.subarray(0, copyRing(lift, win, inner, outer, ring));
}

/** ringValues' loop, into `ring`; how many values it wrote. */
function copyRing(lift: Float32Array, win: Box, inner: Box, outer: Box, ring: Float32Array): number {
  const w = win[2] - win[0];
  let m = 0;
  for (let y = outer[1]; y < outer[3]; y++)
    for (let x = outer[0]; x < outer[2]; x++)
      if (x < inner[0] || x >= inner[2] || y < inner[1] || y >= inner[3]) ring[m++] = lift[(y - win[1]) * w + x - win[0]];
  return m;
}

/** Into `counts`: the pixels of `inner` lifted past `threshold`, and how many of them `found` holds. */
function liftedOver(lift: Float32Array, threshold: number, win: Box, inner: Box, found: Uint8Array, counts: Int32Array): void {
  const w = win[2] - win[0],
    iw = inner[2] - inner[0];
  let n = 0,
    agree = 0;
  for (let y = inner[1]; y < inner[3]; y++)
    for (let x = inner[0]; x < inner[2]; x++)
      if (lift[(y - win[1]) * w + x - win[0]] > threshold) {
        n++;
        agree += found[(y - inner[1]) * iw + x - inner[0]];
      }
  counts[0] = n;
  counts[1] = agree;
}

interface Candidate {
  share: number;
  light: boolean;
  /** Per pixel of the window, the lift by this polarity. */
  lift: Float32Array;
  /** The lift the ring's own texture reaches but for 1 - RING_QUANTILE of it. */
  threshold: number;
  /** Lifted pixels the colours found too. */
  agree: number;
}

/**
 * The pixels of `inner` one overlay of the candidate's polarity explains (as overlaySeeds),
 * or null when none does: no fit within the watermark opacities, the wrong tone, opaque
 * cores, or seeds that do not run along the line.
 */
function overlayOf(
  img: RgbaImage,
  win: Box,
  inner: Box,
  r: number,
  found: Uint8Array,
  { light, lift, threshold }: Candidate,
): Uint8Array | null {
  const iw = inner[2] - inner[0],
    ih = inner[3] - inner[1];
  // The lifted pixels (window indices) and the background each would show without the overlay.
  const lifted = liftedPixels(lift, threshold, win, inner);
  const background = localBackground(img, win, r, light);
  // Each lifted pixel and its background side by side, for the colour lines: pixel j, background n + j.
  const n = lifted.length;
  const pairs = new Uint8ClampedArray(8 * n);
  const near = new Int32Array(n);
  const inBox = new Int32Array(n);
  pairUp(img, win, inner, lifted, background, pairs, near, inBox);
  // The overlay is measured on the lifted pixels the colours found too, when there are
  // enough of them: those are text for certain, while the rest may hold texture.
  const all = [...near.keys()];
  const both = all.filter((j) => found[inBox[j]]);
  const voters = both.length >= MIN_VOTERS ? both : all;
  const step = Math.ceil(voters.length / MAX_VOTERS);
  const met = blendFromColourLines(
    pairs,
    voters.filter((_, k) => k % step === 0),
    near,
  );
  if (!met || !(met.alpha >= MIN_OPACITY && met.alpha <= MAX_OPACITY)) return null;
  const { alpha, colour } = met;
  // A light overlay is lighter than what it covers, a dark one darker.
  const under = meanTone(pairs, n);
  if (light ? tone(colour[0], colour[1], colour[2]) <= under : tone(colour[0], colour[1], colour[2]) >= under) return null;
  // How far each pixel lies from its background towards the colour: at most a under an
  // overlay, 1 in the cores of opaque text (whose anti-aliased edges alone look like one).
  const shares = coverShares(pairs, n, colour);
  shares.sort((a, b) => a - b);
  if (!(shares[Math.floor(TOP_SHARE * (shares.length - 1))] <= MAX_OPACITY)) return null;
  const seeds = new Uint8Array(iw * ih);
  markExplained(pairs, n, alpha, colour, inBox, seeds);
  return alongLine(seeds, iw, ih) ? seeds : null;
}

/** The window indices of the pixels of `inner` lifted past `threshold`, row by row. */
function liftedPixels(lift: Float32Array, threshold: number, win: Box, inner: Box): number[] {
  const w = win[2] - win[0];
  const lifted: number[] = [];
  for (let y = inner[1]; y < inner[3]; y++)
    for (let x = inner[0]; x < inner[2]; x++) {
      const k = (y - win[1]) * w + x - win[0];
      if (lift[k] > threshold) lifted.push(k);
    }
  return lifted;
}

/** Into `pairs` each lifted pixel's RGB (j) and its background's (n + j); `near[j]` = n + j; `inBox[j]`: its index over `inner`. */
function pairUp(
  img: RgbaImage,
  win: Box,
  inner: Box,
  lifted: readonly number[],
  background: Uint8ClampedArray,
  pairs: Uint8ClampedArray,
  near: Int32Array,
  inBox: Int32Array,
): void {
  const w = win[2] - win[0],
    iw = inner[2] - inner[0];
  const n = lifted.length;
  for (let j = 0; j < n; j++) {
    const k = lifted[j];
    const x = k % w,
      y = (k - x) / w;
    const p = ((win[1] + y) * img.width + win[0] + x) * 4;
    for (let c = 0; c < 3; c++) {
      pairs[j * 4 + c] = img.data[p + c];
      pairs[(n + j) * 4 + c] = background[k * 3 + c];
    }
    near[j] = n + j;
    inBox[j] = (y + win[1] - inner[1]) * iw + x + win[0] - inner[0];
  }
}

/** Mean tone of the backgrounds of the n pairs. */
function meanTone(pairs: Uint8ClampedArray, n: number): number {
  let under = 0;
  for (let j = 0; j < n; j++) under += tone(pairs[(n + j) * 4], pairs[(n + j) * 4 + 1], pairs[(n + j) * 4 + 2]) / n;
  return under;
}

/** Per pair (where the colour differs from the background), the share of the way from background to `colour` the pixel lies. */
function coverShares(pairs: Uint8ClampedArray, n: number, colour: readonly number[]): number[] {
  const shares: number[] = [];
  for (let j = 0; j < n; j++) {
    let num = 0,
      den = 0;
    for (let c = 0; c < 3; c++) {
      const below = pairs[(n + j) * 4 + c];
      num += (pairs[j * 4 + c] - below) * (colour[c] - below);
      den += (colour[c] - below) ** 2;
    }
    if (den > 0) shares.push(num / den);
  }
  return shares;
}

/** 1 in `seeds` at the pairs the overlay (alpha, colour) explains. */
function markExplained(
  pairs: Uint8ClampedArray,
  n: number,
  alpha: number,
  colour: readonly number[],
  inBox: Int32Array,
  seeds: Uint8Array,
): void {
  for (let j = 0; j < n; j++) {
    let miss = 0,
      rise = 0;
    for (let c = 0; c < 3; c++) {
      const seen = pairs[j * 4 + c],
        below = pairs[(n + j) * 4 + c];
      miss += (seen - ((1 - alpha) * below + alpha * colour[c])) ** 2;
      rise += (seen - below) ** 2;
    }
    if (miss <= EXPLAINED * EXPLAINED * rise) seeds[inBox[j]] = 1;
  }
}

/** How many parts, SEGMENT_PER_HEIGHT line heights long, alongLine judges an iw x ih line in. */
function lineParts(iw: number, ih: number): number {
  return Math.max(1, Math.round(Math.max(iw, ih) / (SEGMENT_PER_HEIGHT * Math.min(iw, ih))));
}

/**
 * Whether `seeds` (iw x ih) run along the line: an overlay was printed over all of it, while
 * what a patch of texture (a flower under a thin dark watermark) lifts lies in places. The
 * line is cut into parts SEGMENT_PER_HEIGHT heights long; each must hold seeds on at least
 * MIN_SEGMENT_SHARE of its pixels, but for one part in MISSING_SEGMENTS.
 */
function alongLine(seeds: Uint8Array, iw: number, ih: number): boolean {
  const horizontal = iw >= ih;
  const long = horizontal ? iw : ih,
    short = horizontal ? ih : iw;
  const parts = lineParts(iw, ih);
  let held = 0;
  for (let p = 0; p < parts; p++) {
    const a0 = Math.floor((p * long) / parts),
      a1 = Math.floor(((p + 1) * long) / parts);
    let n = 0;
    for (let a = a0; a < a1; a++) for (let b = 0; b < short; b++) n += seeds[horizontal ? b * iw + a : a * iw + b];
    if (n >= MIN_SEGMENT_SHARE * (a1 - a0) * short) held++;
  }
  return held >= parts - Math.floor(parts / MISSING_SEGMENTS);
}

/**
 * Per pixel of window `win` (RGB, row-major), the background a light (dark) overlay a
 * stroke wide hides: each channel's opening (closing) by the square of half side r.
 */
function localBackground(img: RgbaImage, win: Box, r: number, light: boolean): Uint8ClampedArray {
  const w = win[2] - win[0],
    h = win[3] - win[1];
  const out = new Uint8ClampedArray(w * h * 3);
  const channel = new Float32Array(w * h);
  for (let c = 0; c < 3; c++) {
    windowChannel(img, win, c, channel);
    const bg = light ? squareOpening(channel, w, h, r) : squareClosing(channel, w, h, r);
    for (let k = 0; k < w * h; k++) out[k * 3 + c] = bg[k];
  }
  return out;
}

/** Channel `c` of `img`'s window `win` into `channel`, row-major. */
function windowChannel(img: RgbaImage, win: Box, c: number, channel: Float32Array): void {
  const w = win[2] - win[0],
    h = win[3] - win[1];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) channel[y * w + x] = img.data[((win[1] + y) * img.width + win[0] + x) * 4 + c];
}
