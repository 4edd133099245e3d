// Watermarks are taken out, not filled over: for each text box whose text is semi-transparent
// (unblend.ts), the background is computed back from the pixels under it, which keeps the
// real grass, fur or brick instead of a plausible copy. An estimate of the blend is kept only
// when it makes the text vanish: after unblending, the box must hold few pixels whose colours
// are commoner inside it than in its ring (textPixels, the evidence the text mask is built
// from). Wrong opacities leave the text readable, or print it in negative, and fail. What
// is not unblended is left in the mask for the fill.
// On a textured background, semi-transparent text is found in patches (where the
// background under a stroke happens to differ from the ring), and unblending only the
// patches leaves the rest of each letter as a readable ghost. There the found pixels are
// closed into whole letters, and each part the closing added is kept when it reads as text
// under the blend (wholeLetters). Per-pixel coverage cannot be read on such texture at the
// letters' edges either, so for thick strokes found in patches the insides are unblended
// and the edges (1 px, grown by the fill's dilation) are left to the fill. Thin strokes are
// nearly all edge; on a smooth background the coverage reads well against the diffused guess.
// Where no estimate measured from the ring or the letters' pairs holds (texture on one side of
// the ring pulls them off), the overlay the text mask found by its lifted strokes
// (overlay-seeds.ts) is tried last, judged by the lift it leaves, and kept only where it
// brings back detail under the letters that a smooth fill would not.
// Where the text mask also took bright texture, the guess the coverage is read against is
// pulled towards it and letters between it read as uncovered: the letters the blend itself
// explains are unblended again against a guess from just around them (blend-letters.ts).
// Last of all, where no estimate holds for the whole line, one measured on a part of it
// where the letters' pairs and the ring agree is tried for all of it (partBlends).
import { cropImage, cropMask } from '../../core/image.ts';
import { diffusionFill } from '../inpaint/diffusion.ts';
import { luma } from '../inpaint/ring-texture.ts';
import { dilate, HOLE_THRESHOLD } from '../../core/mask-ops.ts';
import type { Box, Mask, RgbaImage } from '../../core/types.ts';
import { stillLifted, type Overlay } from './overlay-seeds.ts';
import { CLOSE_PER_HEIGHT, closing, erode, texturedRing, textMask, textPixels } from './text-mask.ts';
import { estimateFromHistograms, estimatesFromPairs, RIM, unblend, type Blend } from './unblend.ts';
import { clip, grownBox } from './confine.ts';
import { blendLetters, eitherMask, letterBackgrounds, unblendLetters, type LetterBackgrounds } from './blend-letters.ts';

/** The ring the evidence is judged against (as in text-mask.ts): this far out, this wide. */
const RING_GAP = 2;
const RING_WIDTH = 6;

/**
 * An estimate is believed when its own evidence is strong, or when the two independent
 * estimates agree on the opacity: core pixels correlating at least this much with the
 * background beside them (see estimateFromPairs)...
 */
const MIN_CORRELATION = 0.2;
/** ...histograms explained but for this share (see estimateFromHistograms)... */
const MAX_MISFIT = 0.35;
/** ...or opacities this close. */
const AGREEMENT = 0.1;

/** The paired estimate is also refitted this many times on the pairs it explains best (see estimateFromPairs). */
const REFITS = 3;

/**
 * An overlay found by its lifted strokes (overlay-seeds.ts) is unblended only where the
 * background it brings back under the letters differs from a smooth fill's by at least this
 * many grey levels on average: texture or an object's edge under them (a flower, seed
 * filaments). Where it is smoother, the fill gives the same without the fit's error (on the
 * wider set's smooth watermarks the fill was 0.7-1.9 dB closer; they measure 0.8-1.8 here,
 * the textured ones 3.2-7.5).
 */
const MIN_DETAIL = 3;

/** Unblending must leave at most this share of the text evidence. */
const MAX_LEFT = 0.3;

/**
 * A plain unblend must leave this much less of the evidence than the letters' (blend-letters.ts)
 * to be kept over it: nearer, the letters' wins. The evidence does not see the faint ghost a
 * plain unblend leaves where its guess was pulled off (red letters over a red petal, their
 * colours the petal's, read "th" at 100% with 0.011 of the evidence left, against 0.012 and
 * clean), nor the letters the mask missed that the blend explains. Over 24 two-photo scenes
 * (red, dark red and blue watermarks over sky, foliage, bark, petals) this took out two
 * readable ghosts (letters +7.0 and +1.3 dB) and lost nothing; at 0.005 one scene's letters
 * lost 10 dB to specks at a seam (47.9 -> 38.0 dB, near invisible either way).
 */
const TIE = 0.002;

/** Boxes with less text evidence than this many pixels are left to the fill. */
const MIN_EVIDENCE = 40;

/**
 * Strokes are thick when at least this share of the closed letters lies more than RIM px
 * inside their edge (strokes wider than about 8 px; a 3 px stroke has none).
 */
const THICK_SHARE = 0.5;

export interface Unblended {
  image: RgbaImage;
  /** What is still to be filled: the text mask less what was unblended, plus the edges of thick letters whose insides were. */
  mask: Mask;
  /** The boxes whose text was unblended, with the blend used. */
  unblended: { box: Box; blend: Blend }[];
}

function shift(b: Box, x: number, y: number): Box {
  return [b[0] - x, b[1] - y, b[2] - x, b[3] - y];
}

/** `mask` with everything outside `box` cleared. */
function within(mask: Mask, box: Box): Mask {
  const [x0, y0, x1, y1] = box;
  const data = mask.data.map((v, k) => {
    const x = k % mask.width,
      y = (k - x) / mask.width;
    return x < x0 || x >= x1 || y < y0 || y >= y1 ? 0 : v;
  });
  return { width: mask.width, height: mask.height, data };
}

/** Indices of the pixels of `crop` inside `outer` but not `inner`: the background ring. */
function ringPixels(crop: RgbaImage, inner: Box, outer: Box): number[] {
  const ring: number[] = [];
  for (let y = Math.max(0, outer[1]); y < Math.min(crop.height, outer[3]); y++)
    for (let x = Math.max(0, outer[0]); x < Math.min(crop.width, outer[2]); x++) {
      if (x < inner[0] || x >= inner[2] || y < inner[1] || y >= inner[3]) ring.push(y * crop.width + x);
    }
  return ring;
}

function meanColour(crop: RgbaImage, pixels: readonly number[]): number[] {
  const m = [0, 0, 0];
  for (const i of pixels) for (let c = 0; c < 3; c++) m[c] += crop.data[i * 4 + c];
  return m.map((v) => v / pixels.length);
}

/** The 8-connected components of the pixels where `on` is set, as index lists. */
function components(on: Uint8Array, w: number): number[][] {
  const seen = new Uint8Array(on.length);
  const out: number[][] = [];
  for (let s = 0; s < on.length; s++) {
    if (!on[s] || seen[s]) continue;
    const part = [s];
    seen[s] = 1;
    for (let k = 0; k < part.length; k++) {
      const i = part[k],
        x = i % w;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const j = i + dy * w + dx;
          if (x + dx < 0 || x + dx >= w || j < 0 || j >= on.length || !on[j] || seen[j]) continue;
          seen[j] = 1;
          part.push(j);
        }
    }
    out.push(part);
  }
  return out;
}

/**
 * The found `text` plus the parts of its closing (`letters`) that are missed text rather
 * than gaps between or inside letters: each part the closing added is taken when taking
 * `blend` out of it brings its mean colour closer to the ring's than leaving it. Averaged
 * over a part, the texture under it cancels and the watermark's shift remains.
 */
function wholeLetters(crop: RgbaImage, text: Mask, letters: Mask, ring: readonly number[], blend: Blend): Mask {
  const added = letters.data.map((v, i) => (v >= HOLE_THRESHOLD && text.data[i] < HOLE_THRESHOLD ? 1 : 0));
  const out: Mask = { width: text.width, height: text.height, data: new Uint8Array(text.data) };
  const background = meanColour(crop, ring);
  for (const part of components(added, crop.width)) {
    const seen = meanColour(crop, part);
    let asIs = 0,
      taken = 0;
    for (let c = 0; c < 3; c++) {
      asIs += Math.abs(seen[c] - background[c]);
      taken += Math.abs((seen[c] - blend.tint[c]) / (1 - blend.alpha) - background[c]);
    }
    if (taken < asIs) for (const i of part) out.data[i] = 255;
  }
  return out;
}

/** Whether at least THICK_SHARE of the strokes (pinholes closed) lies more than RIM px inside their edge. */
function thick(strokes: Mask): boolean {
  const solid = closing(strokes, 1);
  return count(erode(solid, RIM)) >= THICK_SHARE * count(solid);
}

function count(mask: Mask): number {
  return mask.data.reduce((s, v) => s + (v >= HOLE_THRESHOLD ? 1 : 0), 0);
}

/**
 * Unblends the semi-transparent text of each box in `boxes`, whose text pixels are `mask`
 * (from textMask), never writing outside `region`. Returns the new image and what is left to fill.
 */
export function unblendWatermarks(
  img: RgbaImage,
  mask: Mask,
  boxes: readonly Box[],
  region: Box = [0, 0, img.width, img.height],
  overlays: readonly (Overlay | null)[] = [],
): Unblended {
  const out: RgbaImage = { width: img.width, height: img.height, data: new Uint8ClampedArray(img.data) };
  const left: Mask = { width: mask.width, height: mask.height, data: new Uint8Array(mask.data) };
  const unblended: Unblended['unblended'] = [];
  for (const [index, b] of boxes.entries()) {
    // A detector's box carries its unclip margin, so its ring can cut through the letters'
    // edges or take in unrelated background, and the estimates fail on boxes a few pixels
    // off. When the box as given fails, its text is tried again in the box fitted to it.
    if (unblendBox(out, left, mask, b, region, unblended, null)) continue;
    const tight = fitted(mask, b, region);
    if (tight) {
      // The fitted box's text pixels replace the given box's in what is left to fill, if it unblends.
      const text = textMask(out, [tight], region);
      const trial: Mask = { width: left.width, height: left.height, data: new Uint8Array(left.data) };
      const [x0, y0, x1, y1] = clip(grownBox(b, RING_GAP), region);
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) trial.data[y * left.width + x] = text.data[y * left.width + x];
      if (unblendBox(out, trial, text, tight, region, unblended, null)) {
        left.data.set(trial.data);
        continue;
      }
    }
    // Last, the overlay whose lifted strokes the text mask took (overlay-seeds.ts): fitted to
    // them against their local background, it holds where texture on one side of the ring
    // misleads the ring's and the pairs' estimates.
    const overlay = overlays[index];
    if (overlay && unblendBox(out, left, mask, b, region, unblended, overlay)) continue;
    // Last of all, the blend measured on a part of the line where it holds (partBlends).
    const parts = partBlends(out, mask, tight ?? b, region);
    if (parts.length) unblendBox(out, left, mask, b, region, unblended, null, parts);
  }
  return { image: out, mask: left, unblended };
}

/**
 * The blends measured for the text `text` of `crop` (a window of `out`) in box `inner` with
 * ring `outer` (unblend.ts) that their own evidence backs, or that agree; null where not.
 */
function measured(out: RgbaImage, crop: RgbaImage, text: Mask, inner: Box, outer: Box): (Blend | null)[] {
  const { plain: pairs, refitted, lines } = estimatesFromPairs(crop, text, REFITS),
    histograms = estimateFromHistograms(out, inner, outer);
  const agree = !!pairs && !!histograms && Math.abs(pairs.alpha - histograms.alpha) <= AGREEMENT;
  return [
    pairs && (agree || pairs.fit >= MIN_CORRELATION) ? pairs : null,
    // (its fit is that of all the pairs: believed as they are)
    refitted && (agree || refitted.fit >= MIN_CORRELATION) ? refitted : null,
    histograms && (agree || histograms.fit <= MAX_MISFIT) ? histograms : null,
    // (given only when the paired spread finds a watermark; it needs the background to show
    // through as much: opaque text with a shadow gives lines meeting at its colour, nearly opaque)
    lines && pairs && (agree || pairs.fit >= MIN_CORRELATION) ? lines : null,
  ];
}

/** A box's ring (inner to outer), the window around it cropped from the photo, and the box's text pixels there. */
interface BoxWindow {
  inner: Box;
  outer: Box;
  win: Box;
  crop: RgbaImage;
  /** `inner` in window coordinates. */
  inBox: Box;
  /** `mask`'s pixels in `inBox` only, in window coordinates. */
  text: Mask;
}

/** Box `b`'s BoxWindow in `out` and `mask`, clipped to `region`; null where nothing of it is inside. */
function boxWindow(out: RgbaImage, mask: Mask, b: Box, region: Box): BoxWindow | null {
  const inner = clip(grownBox(b, RING_GAP), region);
  const outer = clip(grownBox(b, RING_GAP + RING_WIDTH), region);
  if (inner[2] <= inner[0] || inner[3] <= inner[1]) return null;
  const win = clip(grownBox(outer, RIM), region);
  const inBox = shift(inner, win[0], win[1]);
  return { inner, outer, win, crop: cropImage(out, win), inBox, text: within(cropMask(mask, win), inBox) };
}

/** The parts a line is cut into along its length for partBlends: halves, then thirds. */
const PART_COUNTS = [2, 3];

/**
 * Blends measured on parts of box `b` along its line where the letters' pairs and the ring
 * agree (within AGREEMENT). One overlay covers the whole line, but over busy texture of the
 * overlay's own colours the text mask takes only patches of its letters and stray texture,
 * and the whole line's estimates fail: a blue "@studio.north" over yellow leaves and blue
 * sky, then bark, was left readable over the leaves. Over the bark alone, a third of the
 * line, both estimates read about its opacity.
 */
function partBlends(out: RgbaImage, mask: Mask, b: Box, region: Box): Blend[] {
  const blends: Blend[] = [];
  const along = b[2] - b[0] >= b[3] - b[1];
  const [lo, hi] = along ? [b[0], b[2]] : [b[1], b[3]];
  for (const n of PART_COUNTS)
    for (let k = 0; k < n; k++) {
      const from = Math.round(lo + ((hi - lo) * k) / n),
        to = Math.round(lo + ((hi - lo) * (k + 1)) / n);
      const part: Box = along ? [from, b[1], to, b[3]] : [b[0], from, b[2], to];
      const around = boxWindow(out, mask, part, region);
      if (!around) continue;
      const { inner, outer, crop, text } = around;
      // (the ring's estimate, the dearer, only where the pairs found one)
      const { plain: pairs } = estimatesFromPairs(crop, text, 0, false);
      const histograms = pairs && estimateFromHistograms(out, inner, outer);
      if (pairs && histograms && Math.abs(pairs.alpha - histograms.alpha) <= AGREEMENT) blends.push(pairs, histograms);
    }
  return blends;
}

/**
 * The mean luma difference between the background an unblend (`image`) brings back under
 * the text `extent` of `crop` and the smooth guess a diffusion fill makes there.
 */
function detail(crop: RgbaImage, image: RgbaImage, extent: Mask): number {
  const guess = diffusionFill(crop, dilate(extent, RIM));
  let sum = 0,
    n = 0;
  for (let k = 0; k < extent.data.length; k++)
    if (extent.data[k] >= HOLE_THRESHOLD) {
      sum += Math.abs(luma(image.data, k) - luma(guess.data, k));
      n++;
    }
  return n ? sum / n : 0;
}

/** `b` (clipped to `region`) fitted across its line to `mask`'s pixels in it; null when there are none or it is `b` itself. */
function fitted(mask: Mask, b: Box, region: Box): Box | null {
  const [bx0, by0, bx1, by1] = clip(grownBox(b, 0), region);
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -1,
    y1 = -1;
  for (let y = by0; y < by1; y++)
    for (let x = bx0; x < bx1; x++)
      if (mask.data[y * mask.width + x] >= HOLE_THRESHOLD) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x + 1);
        y1 = Math.max(y1, y + 1);
      }
  if (x1 < 0) return null;
  // Fitted across the line only: along it the ends of the first and last letters are faint
  // or thin and the mask may stop short of them, leaving them readable.
  const fit: Box = bx1 - bx0 >= by1 - by0 ? [bx0, y0, bx1, y1] : [x0, by0, x1, by1];
  return fit.every((v, k) => v === [bx0, by0, bx1, by1][k]) ? null : fit;
}

/**
 * Unblends the text of box `b` (its pixels in `mask`) in `out`, never outside `region`,
 * marks in `left` what is still to be filled and records the blend in `unblended`. Whether it did.
 */
function unblendBox(
  out: RgbaImage,
  left: Mask,
  mask: Mask,
  b: Box,
  region: Box,
  unblended: Unblended['unblended'],
  overlay: Overlay | null,
  parts?: readonly Blend[],
): boolean {
  const around = boxWindow(out, mask, b, region);
  if (!around) return false;
  const { inner, outer, win, crop, inBox, text } = around;
  const evidence = (im: RgbaImage) =>
    textPixels(im, shift(b, win[0], win[1]), shift(inner, win[0], win[1]), shift(outer, win[0], win[1])).picked.reduce((s, v) => s + v, 0);
  const before = evidence(crop);
  // (an overlay is judged by its own evidence, below)
  if (before < MIN_EVIDENCE && !overlay) return false;
  const height = Math.min(b[2] - b[0], b[3] - b[1]);
  // How many pixels of `extent` overlay `over` still lifts (stillLifted) in `out` with `image` over the window.
  const lifted = (over: Overlay, image: RgbaImage, extent: Mask) => {
    const trial: RgbaImage = { ...out, data: new Uint8ClampedArray(out.data) };
    for (let y = 0; y < crop.height; y++)
      trial.data.set(image.data.subarray(y * crop.width * 4, (y + 1) * crop.width * 4), ((win[1] + y) * out.width + win[0]) * 4);
    const on = stillLifted(trial, inner, outer, height, over);
    const iw = inner[2] - inner[0];
    let n = 0;
    for (let k = 0; k < on.length; k++)
      if (on[k] && extent.data[(inner[1] - win[1] + Math.floor(k / iw)) * crop.width + inner[0] - win[0] + (k % iw)] >= HOLE_THRESHOLD) n++;
    return n;
  };
  // Whole letters: the found pixels closed as in text-mask.ts (gaps inside and between strokes).
  const letters = within(closing(text, Math.max(1, Math.round(height * CLOSE_PER_HEIGHT))), inBox);
  const ring = ringPixels(crop, inBox, shift(outer, win[0], win[1]));
  const whole = ring.length >= MIN_EVIDENCE && texturedRing(out, inner, outer);
  let best: { score: number; image: RgbaImage; blend: Blend; extent: Mask; edgesToFill: boolean } | null = null;
  const believed = overlay ? [overlay.blend] : (parts ?? measured(out, crop, text, inner, outer));
  // (made once for the blends tried below)
  let backgrounds: LetterBackgrounds | undefined;
  for (const blend of believed) {
    if (!blend) continue;
    const found = whole ? wholeLetters(crop, text, letters, ring, blend) : text;
    const plain = unblend(crop, found, blend, whole ? erode(found, 1) : undefined);
    // The letters the blend explains, unblended against a guess from just around them
    // (blend-letters.ts). Tried beside the plain unblend, whose evidence judges them both; an
    // overlay's judge, its lifted strokes, does not see what they correct, so there only they go.
    // Nor does the evidence see the letters a part's blend is for (the ones the mask missed).
    // Not for thick letters judged whole on texture (their edges go to the fill): with them
    // the outline ghost of remove-text-ghost.test.ts's "HILT" over grass rose past a tenth of
    // the watermark's, and none of the eval sets' gains came from there.
    const tried: { image: RgbaImage; extent: Mask; byLetters: boolean }[] =
      overlay || parts ? [] : [{ image: plain, extent: found, byLetters: false }];
    if (overlay || parts || !whole) {
      const byBlend = blendLetters((backgrounds ??= letterBackgrounds(crop, height)), inBox, blend);
      tried.push({ image: unblendLetters(crop, plain, byBlend, blend), extent: eitherMask(found, byBlend), byLetters: true });
    }
    for (const { image, extent, byLetters } of tried) {
      // The overlay is judged by the evidence it was found by, its lifted strokes (the share of
      // them it still lifts): the colours may hold more than the text (a flower commoner inside
      // the box than around it).
      const share = overlay ? lifted(overlay, image, extent) / Math.max(1, lifted(overlay, crop, extent)) : evidence(image) / before;
      // Over a smooth background the fill brings back as much, with no fit's error in it.
      if (overlay && detail(crop, image, extent) < MIN_DETAIL) continue;
      // Thick letters on texture (judged whole when the closing found missed text): their edges go to the fill.
      const edgesToFill = whole && thick(count(extent) > count(text) ? letters : extent);
      // (near-ties go to the letters' version: TIE)
      const score = share - (byLetters ? TIE : 0);
      if (share <= MAX_LEFT && (!best || score < best.score)) best = { score, image, blend, extent, edgesToFill };
    }
  }
  if (!best) return false;
  const { extent } = best;
  const changed = dilate(extent, RIM);
  // What the unblend took out; thick letters' edges go to the fill.
  const taken = best.edgesToFill ? erode(extent, 1) : extent;
  for (let y = 0; y < crop.height; y++)
    for (let x = 0; x < crop.width; x++) {
      const k = y * crop.width + x;
      if (changed.data[k] < HOLE_THRESHOLD) continue;
      const p = (win[1] + y) * out.width + win[0] + x;
      for (let c = 0; c < 3; c++) out.data[p * 4 + c] = best.image.data[k * 4 + c];
      if (taken.data[k] >= HOLE_THRESHOLD) left.data[p] = 0;
      else if (extent.data[k] >= HOLE_THRESHOLD) left.data[p] = 255;
    }
  unblended.push({ box: b, blend: best.blend });
  return true;
}
