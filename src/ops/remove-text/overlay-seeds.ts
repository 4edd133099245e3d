// Seeds for semi-transparent lettering from its shape, not its colours. An overlay of colour
// C and opacity a turns every pixel under a stroke from B into (1 - a) B + a C: a white one
// lifts it by a (255 - B), the same share a of the room to white wherever the stroke is, so
// a light watermark over fur is a pattern of ridges a stroke wide, even where its colours
// are common in the ring (the colour-density seeds of text-mask.ts find only the parts whose
// background happens to differ from the ring: on chelsea's "Call 555-0142" the "-0" and
// "42"). The white top-hat (luma less its opening by a square about a stroke wide) measures
// such ridges, the black top-hat (closing less luma) dark ones, each as a share of the room
// to white (black). A pixel is lifted where that share stands out of what the background's
// own texture gives: above a high quantile of the same measure over the ring around the box,
// on long lines over the quieter side of the ring beside each part of the line (texture on
// one side, seed filaments or a flower, lifts more than a light watermark does).
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
// - where texture beside a part lifts more than the overlay (on both sides), a pixel lifted by
//   about the overlay's opacity is kept when the overlay explains it;
// - the kept pixels must run along the whole line, as printed text does.
// The overlay found is also given to the unblend (watermark.ts), which takes it out where
// nothing measured from the ring holds.
import type { Box, RgbaImage } from '../../core/types.ts';
import { blendFromColourLines } from './colour-lines.ts';
import { windowLuma } from '../inpaint/ring-texture.ts';
import { lifts, lineParts, LONG_LINE_PARTS, strokeRadius, windowOf } from './overlay-lift.ts';
import { squareClosing, squareOpening } from './square-filter.ts';
import { MAX_OPACITY, MIN_OPACITY, type Blend } from './unblend.ts';

/**
 * Smaller lines are left to the colours: their strokes are a pixel or two wide, all
 * anti-aliased edge, where opaque text (a timestamp) cannot be told from an overlay.
 */
const MIN_RADIUS = 2;

/**
 * The overlay is given for unblending from this half side up (lines about 29 px high): below
 * it, opaque serif text's 1-2 px stems and anti-aliased edges fit an overlay of opacity about
 * 0.6 (a handle over leaves), and unblending by it leaves the stems as dark lines. Its seeds
 * still go to the fill.
 */
const MIN_UNBLEND_RADIUS = 4;

/**
 * The overlay is given for unblending only when the colours found less than this share of
 * its lifted pixels (a light watermark over seed filaments: 24%; a caption's drop shadow,
 * which a dark overlay fits too: 60%).
 */
const SEEN_BY_COLOURS = 0.5;

/**
 * The overlay is given for unblending up to this opacity: watermarks are laid at 35-60%,
 * while a caption's dark drop shadow under opaque letters fits a near-black overlay of about
 * 0.7 (chelsea's red "Photo: J. Rivera" seen in a crop), and unblending by it leaves the
 * letters as a tinted ghost where the fill would take them.
 */
const MAX_UNBLEND_OPACITY = 0.65;

/** The overlay's colour is taken within this many levels outside 0..255 (noise in where its colour lines meet). */
const COLOUR_NOISE = 10;

/** The polarity is text when at least this share of the box is lifted (the ring: 1%, overlay-lift.ts). */
const MIN_SHARE = 0.08;

/**
 * Lettering in a light font lifts less: its 1-2 px strokes cover a twentieth of the box. Down
 * to this share a polarity is taken on lines long enough (LONG_LINE_PARTS parts) for the
 * seeds' running along them (alongLine) to tell lettering from a patch of texture.
 */
const MIN_THIN_SHARE = 0.025;

/**
 * Lifted that little, an overlay is believed up to this opacity only: the anti-aliased edges
 * of opaque white letters beside their drop shadow (chelsea's credit line) fit a white
 * overlay of 0.7, while light-font watermarks fit 0.34-0.52.
 */
const MAX_THIN_OPACITY = 0.65;

/** A lifted pixel is the overlay's when its colour misses the overlay's prediction by at most this share of its lift. */
const EXPLAINED = 0.5;

/**
 * With the overlay fitted, pixels lifted by at least this share of its opacity are judged by
 * its fit, whatever the ring's texture reaches (anti-aliased edges of thin strokes lift less
 * than the cores' full opacity).
 */
const RELAXED = 0.5;

/**
 * ...and at most this many times its opacity: the overlay lifts a pixel by its opacity of the
 * room, while what lifts it further (a bright filament) is the texture's own.
 */
const OVERLAY_LIFT = 1.5;

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

/** A part holds text when this share of it is seeds (thin strokes cover a twentieth of a line). */
const MIN_SEGMENT_SHARE = 0.02;
/** One part in this many may lack seeds (a wide gap between words, a short last word). */
const MISSING_SEGMENTS = 4;

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
  return overlay(img, inner, outer, height, found).seeds;
}

/** A semi-transparent overlay found by its lifted strokes: its blend, and whether it is lighter than what it covers. */
export interface Overlay {
  blend: Blend;
  light: boolean;
}

/** overlaySeeds's seeds and the overlay that explains them (null when none does). */
export function overlay(
  img: RgbaImage,
  inner: Box,
  outer: Box,
  height: number,
  found: Uint8Array,
): { seeds: Uint8Array; overlay: Overlay | null } {
  const iw = inner[2] - inner[0],
    ih = inner[3] - inner[1];
  const seeds = new Uint8Array(iw * ih);
  const none = { seeds, overlay: null };
  const r = strokeRadius(height);
  if (r < MIN_RADIUS) return none;
  const win = windowOf(img, outer, r);
  const l = windowLuma(img, win);
  const candidates: Candidate[] = [];
  for (const light of [true, false]) {
    const { lift, threshold, lifted } = lifts(l, win, inner, outer, r, light);
    let agree = 0;
    for (let k = 0; k < lifted.length; k++) agree += lifted[k] & found[k];
    const share = lifted.reduce((s, v) => s + v, 0) / (iw * ih);
    if (share >= MIN_SHARE || (share >= MIN_THIN_SHARE && lineParts(iw, ih) >= LONG_LINE_PARTS))
      candidates.push({ share, light, lift, threshold, agree });
  }
  // The polarity of the text the colours found first, if they found any; else the one lifting
  // more. The other is tried when no overlay explains the first: the colours may have found
  // the texture under a watermark (a light flower under a thin dark "proof copy").
  candidates.sort((a, b) => b.agree - a.agree || b.share - a.share);
  // Opaque text and strong watermarks: the colours found nearly all the lifted pixels
  // already, and the shape has nothing to add.
  if (!candidates.length || candidates[0].agree >= ALREADY_FOUND * candidates[0].share * iw * ih) return none;
  for (const candidate of candidates) {
    const explained = overlayOf(img, win, inner, r, found, candidate);
    if (!explained) continue;
    const { alpha, tint } = explained.blend;
    // Opaque text's lines meet past its colour (its fitted opacity is its edges', too low):
    // a colour beyond white or black by more than the fit's noise is no overlay's.
    const colour = tint.every((t) => t / alpha >= -COLOUR_NOISE && t / alpha <= 255 + COLOUR_NOISE);
    // Strokes the colours found for the most part (a caption's soft drop shadow) had the
    // ring's and the pairs' estimates: the overlay's fit is for what the colours miss.
    const unseen = candidate.agree < SEEN_BY_COLOURS * candidate.share * iw * ih;
    const unblendable = r >= MIN_UNBLEND_RADIUS && colour && unseen && alpha <= MAX_UNBLEND_OPACITY;
    return { seeds: explained.seeds, overlay: unblendable ? { blend: explained.blend, light: candidate.light } : null };
  }
  return none;
}

/**
 * The pixels of `inner` (row-major 0/1) that still carry at least RELAXED of the `overlay`'s
 * lift above what the ring's texture reaches (as overlaySeeds measures lifts): after an
 * unblend by it, whether its strokes are gone.
 */
export function stillLifted(img: RgbaImage, inner: Box, outer: Box, height: number, overlay: Overlay): Uint8Array {
  const r = strokeRadius(height);
  const win = windowOf(img, outer, r);
  const { lift, threshold } = lifts(windowLuma(img, win), win, inner, outer, r, overlay.light);
  const iw = inner[2] - inner[0];
  const out = new Uint8Array(threshold.length);
  for (let k = 0; k < out.length; k++) {
    const at = (inner[1] + Math.floor(k / iw) - win[1]) * (win[2] - win[0]) + inner[0] + (k % iw) - win[0];
    out[k] = lift[at] > Math.max(threshold[k], RELAXED * overlay.blend.alpha) ? 1 : 0;
  }
  return out;
}

interface Candidate {
  share: number;
  light: boolean;
  /** Per pixel of the window, the lift by this polarity. */
  lift: Float32Array;
  /** Per pixel of `inner`, the lift the ring's own texture beside it reaches (see localThresholds). */
  threshold: Float32Array;
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
  { light, lift, threshold, share }: Candidate,
): { seeds: Uint8Array; blend: Blend } | null {
  const iw = inner[2] - inner[0],
    ih = inner[3] - inner[1];
  const w = win[2] - win[0];
  const at = (x: number, y: number) => (y - win[1]) * w + x - win[0];
  const seeds = new Uint8Array(iw * ih);
  // The lifted pixels (window indices) and the background each would show without the overlay.
  const lifted: number[] = [];
  for (let y = inner[1]; y < inner[3]; y++)
    for (let x = inner[0]; x < inner[2]; x++) if (lift[at(x, y)] > threshold[(y - inner[1]) * iw + x - inner[0]]) lifted.push(at(x, y));
  const background = localBackground(img, win, r, light);
  // Each lifted pixel and its background side by side, for the colour lines: pixel j, background n + j.
  const n = lifted.length;
  const pairs = new Uint8ClampedArray(8 * n);
  const near = new Int32Array(n);
  const inBox = new Int32Array(n);
  lifted.forEach((k, j) => {
    const x = k % w,
      y = (k - x) / w;
    const p = ((win[1] + y) * img.width + win[0] + x) * 4;
    for (let c = 0; c < 3; c++) {
      pairs[j * 4 + c] = img.data[p + c];
      pairs[(n + j) * 4 + c] = background[k * 3 + c];
    }
    near[j] = n + j;
    inBox[j] = (y + win[1] - inner[1]) * iw + x + win[0] - inner[0];
  });
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
  if (!met || !(met.alpha >= MIN_OPACITY && met.alpha <= (share < MIN_SHARE ? MAX_THIN_OPACITY : MAX_OPACITY))) return null;
  const { alpha, colour } = met;
  // A light overlay is lighter than what it covers, a dark one darker.
  let under = 0;
  for (let j = 0; j < n; j++) under += tone(pairs[(n + j) * 4], pairs[(n + j) * 4 + 1], pairs[(n + j) * 4 + 2]) / n;
  if (light ? tone(colour[0], colour[1], colour[2]) <= under : tone(colour[0], colour[1], colour[2]) >= under) return null;
  // How far each pixel lies from its background towards the colour: at most a under an
  // overlay, 1 in the cores of opaque text (whose anti-aliased edges alone look like one).
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
  shares.sort((a, b) => a - b);
  if (!(shares[Math.floor(TOP_SHARE * (shares.length - 1))] <= MAX_OPACITY)) return null;
  // Where the texture beside the line lifts more than the overlay (bright filaments on both
  // sides of a part), its letters stay below the ring's threshold: with the overlay known,
  // a pixel lifted by a share RELAXED to OVERLAY_LIFT of its opacity is taken when the
  // overlay explains it.
  for (let y = inner[1]; y < inner[3]; y++)
    for (let x = inner[0]; x < inner[2]; x++) {
      const k = at(x, y),
        b = (y - inner[1]) * iw + x - inner[0];
      const relaxed = lift[k] > RELAXED * alpha && lift[k] <= OVERLAY_LIFT * alpha;
      if (!(lift[k] > threshold[b]) && !relaxed) continue;
      const p = (y * img.width + x) * 4;
      let miss = 0,
        rise = 0;
      for (let c = 0; c < 3; c++) {
        const seen = img.data[p + c],
          below = background[k * 3 + c];
        miss += (seen - ((1 - alpha) * below + alpha * colour[c])) ** 2;
        rise += (seen - below) ** 2;
      }
      if (miss <= EXPLAINED * EXPLAINED * rise) seeds[b] = 1;
    }
  return alongLine(seeds, iw, ih) ? { seeds, blend: { alpha, tint: [alpha * colour[0], alpha * colour[1], alpha * colour[2]] } } : null;
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
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) channel[y * w + x] = img.data[((win[1] + y) * img.width + win[0] + x) * 4 + c];
    const bg = light ? squareOpening(channel, w, h, r) : squareClosing(channel, w, h, r);
    for (let k = 0; k < w * h; k++) out[k * 3 + c] = bg[k];
  }
  return out;
}
