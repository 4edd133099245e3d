// Watermarks are taken out, not filled over: for each text box whose text is semi-transparent
// (unblend.ts), the background is computed back from the pixels under it, which keeps the
// real grass, fur or brick instead of a plausible copy. An estimate of the blend is kept only
// when it makes the text vanish: after unblending, the box must hold few pixels whose colours
// are commoner inside it than in its ring (textPixels, the evidence the text mask is built
// from). Wrong opacities leave the text readable, or print it in negative, and fail. What
// is not unblended is left in the mask for the fill.
import { cropImage, cropMask } from '../../core/image.ts';
import { dilate, HOLE_THRESHOLD } from '../../core/mask-ops.ts';
import type { Box, Mask, RgbaImage } from '../../core/types.ts';
import { textPixels } from './text-mask.ts';
import { estimateFromHistograms, estimateFromPairs, RIM, unblend, type Blend } from './unblend.ts';

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

/** Unblending must leave at most this share of the text evidence. */
const MAX_LEFT = 0.3;

/** Boxes with less text evidence than this many pixels are left to the fill. */
const MIN_EVIDENCE = 40;

export interface Unblended {
  image: RgbaImage;
  /** The part of the text mask still to be filled. */
  mask: Mask;
  /** The boxes whose text was unblended, with the blend used. */
  unblended: { box: Box; blend: Blend }[];
}

function clip(b: Box, r: Box): Box {
  return [Math.max(r[0], b[0]), Math.max(r[1], b[1]), Math.min(r[2], b[2]), Math.min(r[3], b[3])];
}

function grow(b: Box, g: number): Box {
  return [Math.floor(b[0]) - g, Math.floor(b[1]) - g, Math.ceil(b[2]) + g, Math.ceil(b[3]) + g];
}

function shift(b: Box, x: number, y: number): Box {
  return [b[0] - x, b[1] - y, b[2] - x, b[3] - y];
}

/**
 * Unblends the semi-transparent text of each box in `boxes`, whose text pixels are `mask`
 * (from textMask), never writing outside `region`. Returns the new image and what is left to fill.
 */
export function unblendWatermarks(img: RgbaImage, mask: Mask, boxes: readonly Box[], region: Box = [0, 0, img.width, img.height]): Unblended {
  const out: RgbaImage = { width: img.width, height: img.height, data: new Uint8ClampedArray(img.data) };
  const left: Mask = { ...mask, data: new Uint8Array(mask.data) };
  const unblended: Unblended['unblended'] = [];
  for (const b of boxes) {
    const inner = clip(grow(b, RING_GAP), region);
    const outer = clip(grow(b, RING_GAP + RING_WIDTH), region);
    const win = clip(grow(outer, RIM), region);
    if (inner[2] <= inner[0] || inner[3] <= inner[1]) continue;
    const crop = cropImage(out, win);
    // This box's text pixels only, in window coordinates.
    const text = cropMask(mask, win);
    const [ix0, iy0, ix1, iy1] = shift(inner, win[0], win[1]);
    for (let y = 0; y < text.height; y++) for (let x = 0; x < text.width; x++) {
      if (x < ix0 || x >= ix1 || y < iy0 || y >= iy1) text.data[y * text.width + x] = 0;
    }
    const evidence = (im: RgbaImage) =>
      textPixels(im, shift(b, win[0], win[1]), shift(inner, win[0], win[1]), shift(outer, win[0], win[1])).picked.reduce((s, v) => s + v, 0);
    const before = evidence(crop);
    if (before < MIN_EVIDENCE) continue;
    let best: { share: number; image: RgbaImage; blend: Blend } | null = null;
    const pairs = estimateFromPairs(crop, text), histograms = estimateFromHistograms(out, inner, outer);
    const agree = !!pairs && !!histograms && Math.abs(pairs.alpha - histograms.alpha) <= AGREEMENT;
    const believed = [
      pairs && (agree || pairs.fit >= MIN_CORRELATION) ? pairs : null,
      histograms && (agree || histograms.fit <= MAX_MISFIT) ? histograms : null,
    ];
    for (const blend of believed) {
      if (!blend) continue;
      const image = unblend(crop, text, blend);
      const share = evidence(image) / before;
      if (share <= MAX_LEFT && (!best || share < best.share)) best = { share, image, blend };
    }
    if (!best) continue;
    const changed = dilate(text, RIM);
    for (let y = 0; y < crop.height; y++) for (let x = 0; x < crop.width; x++) {
      const k = y * crop.width + x;
      if (changed.data[k] < HOLE_THRESHOLD) continue;
      const p = (win[1] + y) * img.width + win[0] + x;
      for (let c = 0; c < 3; c++) out.data[p * 4 + c] = best.image.data[k * 4 + c];
      if (text.data[k] >= HOLE_THRESHOLD) left.data[p] = 0;
    }
    unblended.push({ box: b, blend: best.blend });
  }
  return { image: out, mask: left, unblended };
}
