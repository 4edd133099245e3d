// The removal mask for detected text. Filling whole boxes wipes out the faces and objects
// that text is printed over, so inside each box only the text is taken:
// 1. seeds: pixels whose colours are much commoner inside the box than in the ring of
//    background around it (glyph cores, outlines, shadows, the tint of a watermark);
// 2. hysteresis: from the seeds, neighbouring pixels whose colours are merely commoner inside
//    than in the ring (anti-aliased edges, the faint parts of semi-transparent text, soft
//    shadow edges), a few pixels deep;
// 3. faint text (little found: the cores of semi-transparent strokes, or text close in colour
//    to its background) is closed, filling the gaps inside and between strokes, and grown over
//    its faint edges as far as they measurably reach (edge-softness.ts; at most a share of
//    its height), which otherwise stay as a readable ghost.
//    Opaque text is found whole; the inpaint dilation covers its anti-aliased edge.
// 4. semi-transparent lettering whose colours the ring also holds (a light watermark over
//    fur: only the letters over darker fur differ) is found by its shape: the strokes one
//    overlay lifts (overlay-seeds.ts), added as found;
// 5. a soft drop shadow, whose far side fades out in the ring's colours, is taken whole by
//    its offset from the letters (drop-shadow.ts).
// The evidence fails where a box looks mostly unlike its ring, or almost nothing like text
// on a textured background (a faint watermark on grass: too little found even after
// closing): then the whole box is taken, since a readable ghost is worse than a patch of
// plausible texture. On flat or structured backgrounds (a face, a sky) the found pixels are
// kept: a whole-box fill there would erase a mouth or an eye.
import { cropImage } from '../../core/image.ts';
import { dilate, HOLE_THRESHOLD } from '../../core/mask-ops.ts';
import type { Box, Mask, RgbaImage } from '../../core/types.ts';
import { dropShadow } from './drop-shadow.ts';
import { withOutlinedInsides } from './outline-fill.ts';
import { throughBands } from './through-bands.ts';
import { edgeGrowth } from './edge-softness.ts';
import { overlay, type Overlay } from './overlay-seeds.ts';
import { nextRing } from '../inpaint/front.ts';
import { ringGradient, TEXTURED_RING_GRADIENT } from '../inpaint/ring-texture.ts';
import { clip, grownBox } from './confine.ts';

/** 4 bits per channel: 4096 colour cells. */
const BITS = 4;
const SHIFT = 8 - BITS;
const SIDE = 1 << BITS;

/** Ring of background around a box: this far out, this wide. */
const RING_GAP = 2;
const RING_WIDTH = 6;

/** A colour seeds the text when it is this many times denser inside the box than in the ring. */
const DENSER = 2;

/** Next to text, a colour is text when it is denser inside the box than in the ring at all. */
const DENSER_NEAR_TEXT = 1;

/** Lines are judged in segments this many line heights long (at least 24 px). */
const SEGMENT_PER_HEIGHT = 3;

/** Hysteresis reach, closing radius and the most growth of faint text, as shares of the text height. */
const REACH_PER_HEIGHT = 1 / 8;
export const CLOSE_PER_HEIGHT = 1 / 10;
const GROW_PER_HEIGHT = 1 / 12;

/** Below this share of the box found, text is faint (see step 3). */
const FAINT_SHARE = 0.2;

/** Above this share of seed pixels, a box is filled whole. */
const WHOLE_BOX_SHARE = 0.6;

/**
 * Below this share on a textured background the box is filled whole too: glyphs cover a
 * quarter to a half of a line's box, so finding less means the colours do not tell the text
 * apart and what was found would leave the rest readable.
 */
const MIN_TEXT_SHARE = 0.12;

function cell(d: Uint8ClampedArray, i: number): number {
  return ((d[i] >> SHIFT) * SIDE + (d[i + 1] >> SHIFT)) * SIDE + (d[i + 2] >> SHIFT);
}

/** Colour-cell counts over the ring (outer minus inner), each also counted in its 26 neighbour cells (tolerance). */
function ringDensity(img: RgbaImage, inner: Box, outer: Box): { counts: Float64Array; total: number } {
  const counts = new Float64Array(SIDE * SIDE * SIDE);
  let total = 0;
  const d = img.data;
  for (let y = outer[1]; y < outer[3]; y++)
    for (let x = outer[0]; x < outer[2]; x++) {
      if (x >= inner[0] && x < inner[2] && y >= inner[1] && y < inner[3]) continue;
      const i = (y * img.width + x) * 4;
      const r = d[i] >> SHIFT,
        g = d[i + 1] >> SHIFT,
        b = d[i + 2] >> SHIFT;
      total++;
      for (let dr = -1; dr <= 1; dr++)
        for (let dg = -1; dg <= 1; dg++)
          for (let db = -1; db <= 1; db++) {
            const rr = r + dr,
              gg = g + dg,
              bb = b + db;
            if (rr >= 0 && gg >= 0 && bb >= 0 && rr < SIDE && gg < SIDE && bb < SIDE) counts[(rr * SIDE + gg) * SIDE + bb]++;
          }
    }
  return { counts, total };
}

/**
 * A 0/255 mask of the text pixels in `boxes` (clipped to `region`, default the image):
 * per box, pixels whose colour is much commoner inside it than in its surrounding ring.
 */
export function textMask(img: RgbaImage, boxes: readonly Box[], region: Box = [0, 0, img.width, img.height]): Mask {
  return textMaskAndOverlays(img, boxes, region).mask;
}

/**
 * textMask, and per box the semi-transparent overlay whose lifted strokes were found in it
 * (overlay-seeds.ts; null where none was): the unblend may take it out by that blend.
 */
export function textMaskAndOverlays(
  img: RgbaImage,
  boxes: readonly Box[],
  region: Box = [0, 0, img.width, img.height],
): { mask: Mask; overlays: (Overlay | null)[] } {
  const { width: w } = img;
  const m: Mask = { width: w, height: img.height, data: new Uint8Array(w * img.height) };
  const overlays: (Overlay | null)[] = boxes.map(() => null);
  for (const [index, b] of boxes.entries()) {
    const inner = clip(grownBox(b, RING_GAP), region);
    if (inner[2] <= inner[0] || inner[3] <= inner[1]) continue;
    const outer = clip(grownBox(b, RING_GAP + RING_WIDTH), region);
    const { picked, seeds } = textPixels(img, b, inner, outer);
    const height = Math.min(b[2] - b[0], b[3] - b[1]);
    const close = Math.max(1, Math.round(height * CLOSE_PER_HEIGHT));
    const g = Math.max(1, Math.round(height * GROW_PER_HEIGHT));
    // Work in a window around the box with room for the closing and the growth.
    const win = clip(grownBox(inner, close + g + 1), region);
    const ww = win[2] - win[0],
      wh = win[3] - win[1];
    const iw = inner[2] - inner[0];
    let local: Mask = { width: ww, height: wh, data: new Uint8Array(ww * wh) };
    addInner(local, picked, inner, win);
    const area = iw * (inner[3] - inner[1]);
    const found = setCount(local.data) / area;
    let whole = seeds > WHOLE_BOX_SHARE * area;
    // Strokes lifted by one semi-transparent overlay are found whole by their shape
    // (overlay-seeds.ts), even where their colours are common in the ring (chelsea's "555"
    // over fur). They are added as found: closing thin strokes fills the letters' insides.
    const over = whole ? null : overlay(img, inner, outer, height, picked);
    const lifted = over?.seeds ?? new Uint8Array(0);
    overlays[index] = over?.overlay ?? null;
    if (!whole && found < FAINT_SHARE) {
      // Faint text: what was found are the cores of semi-transparent strokes; close the
      // gaps between them and grow them over the faint edges.
      local = closing(local, close);
      addInner(local, lifted, inner, win);
      whole = setCount(local.data) / area < MIN_TEXT_SHARE && texturedRing(img, inner, outer);
      local = dilate(local, edgeGrowth(img, win, local, g));
    } else addInner(local, lifted, inner, win);
    // Outlined letters in a colour close to their background: their flat insides (outline-fill.ts).
    if (!whole) local = withOutlinedInsides(img, win, local, height);
    // A soft drop shadow fades out with the ring's colours: taken by its offset (drop-shadow.ts).
    const shadow = whole ? null : dropShadow(img, win, local, height);
    if (shadow) setWhere(local.data, shadow.mask.data);
    if (whole) {
      // (taken whole: no strokes for an unblend to follow)
      overlays[index] = null;
      for (let y = inner[1]; y < inner[3]; y++) m.data.fill(255, y * w + inner[0], y * w + inner[2]);
      continue;
    }
    pasteSet(m, local, win);
  }
  return { mask: m, overlays };
}

// textMask's and textPixels' pixel loops are functions of their own so that V8 optimises
// each loop once (it recompiled the caller at each loop's on-stack replacement).

/** Pixels flagged over `inner` (row-major, as textPixels and overlaySeeds give them) set to 255 in `local`, the mask of window `win`. */
function addInner(local: Mask, flags: Uint8Array, inner: Box, win: Box): void {
  const ww = local.width,
    iw = inner[2] - inner[0];
  for (let k = 0; k < flags.length; k++)
    if (flags[k]) local.data[(inner[1] - win[1] + Math.floor(k / iw)) * ww + inner[0] - win[0] + (k % iw)] = 255;
}

/** Number of non-zero values. */
function setCount(data: Uint8Array): number {
  let n = 0;
  for (let k = 0; k < data.length; k++) n += data[k] ? 1 : 0;
  return n;
}

/** 255 in `data` wherever `flags` is non-zero. */
function setWhere(data: Uint8Array, flags: Uint8Array): void {
  for (let k = 0; k < flags.length; k++) if (flags[k]) data[k] = 255;
}

/** The set pixels of `local`, the mask of window `win`, set to 255 in `m`. */
function pasteSet(m: Mask, local: Mask, win: Box): void {
  const { width: ww, height: wh } = local;
  for (let y = 0; y < wh; y++) for (let x = 0; x < ww; x++) if (local.data[y * ww + x]) m.data[(win[1] + y) * m.width + win[0] + x] = 255;
}

/** Whether the ring between `inner` and `outer` is textured (see ringGradient). */
export function texturedRing(img: RgbaImage, inner: Box, outer: Box): boolean {
  const crop = cropImage(img, outer);
  const hole: Mask = { width: crop.width, height: crop.height, data: new Uint8Array(crop.width * crop.height) };
  for (let y = inner[1]; y < inner[3]; y++)
    hole.data.fill(255, (y - outer[1]) * crop.width + inner[0] - outer[0], (y - outer[1]) * crop.width + inner[2] - outer[0]);
  return ringGradient(crop, hole) > TEXTURED_RING_GRADIENT;
}

/** Morphological erosion by a disc of radius r: the pixels at least r + 1 px inside the mask. */
export function erode(mask: Mask, r: number): Mask {
  // Plain literals, not spreads: a spread copy gets a map of its own, and mask-ops' optimised
  // code then deoptimises on it ("wrong map").
  const outside: Mask = { width: mask.width, height: mask.height, data: mask.data.map((v) => (v >= HOLE_THRESHOLD ? 0 : 255)) };
  return { width: mask.width, height: mask.height, data: dilate(outside, r).data.map((v) => 255 - v) };
}

/** Morphological closing by a disc: fills gaps narrower than 2r inside and between strokes. */
export function closing(mask: Mask, r: number): Mask {
  return erode(dilate(mask, r), r);
}

/**
 * The text pixels of box `b` as a 0/1 array over `inner` (row-major): seeds plus hysteresis
 * growth. `outer` minus `inner` is the background ring.
 */
export function textPixels(img: RgbaImage, b: Box, inner: Box, outer: Box): { picked: Uint8Array; seeds: number } {
  const iw = inner[2] - inner[0],
    ih = inner[3] - inner[1];
  const area = iw * ih;
  const cells = boxCells(img, inner);
  // Each segment of the line is judged against the background next to it, since what is
  // behind a caption changes along it (a suit, then a helmet).
  const horizontal = iw >= ih;
  const long = horizontal ? iw : ih,
    short = horizontal ? ih : iw;
  const segment = Math.max(SEGMENT_PER_HEIGHT * short, 24);
  const parts = Math.max(1, Math.round(long / segment));
  const ratios = new Float64Array(area);
  for (let p = 0; p < parts; p++) {
    const a0 = Math.floor((p * long) / parts),
      a1 = Math.floor(((p + 1) * long) / parts);
    const seg: Box = horizontal ? [inner[0] + a0, inner[1], inner[0] + a1, inner[3]] : [inner[0], inner[1] + a0, inner[2], inner[1] + a1];
    // The ring next to the segment: the box's ring over the segment's span, widened by a line height.
    const segOuter: Box = horizontal
      ? [Math.max(outer[0], seg[0] - short), outer[1], Math.min(outer[2], seg[2] + short), outer[3]]
      : [outer[0], Math.max(outer[1], seg[1] - short), outer[2], Math.min(outer[3], seg[3] + short)];
    const ring = ringDensity(img, inner, segOuter);
    segmentRatios(cells, inner, seg, ring.counts, ring.total, ratios);
  }
  // A band running through the whole line (a rail the caption is printed along) is background,
  // however much commoner inside the box than in the ring above and below it.
  const through = throughBands(img, inner, outer);
  for (let k = 0; k < area; k++) if (through[k]) ratios[k] = 0;
  const picked = new Uint8Array(area);
  let front = denser(ratios, picked);
  const seeds = front.length;
  const reach = Math.max(2, Math.round(Math.min(b[2] - b[0], b[3] - b[1]) * REACH_PER_HEIGHT));
  for (let step = 0; step < reach && front.length; step++) {
    front = nextRing(front, iw, ih, (j) => {
      if (picked[j] || !(ratios[j] > DENSER_NEAR_TEXT)) return false;
      picked[j] = 1;
      return true;
    });
  }
  return { picked, seeds };
}

/** Each pixel's colour cell over `inner`, row-major. */
function boxCells(img: RgbaImage, inner: Box): Int32Array {
  const w = img.width;
  const iw = inner[2] - inner[0],
    ih = inner[3] - inner[1];
  const cells = new Int32Array(iw * ih);
  for (let y = 0; y < ih; y++) for (let x = 0; x < iw; x++) cells[y * iw + x] = cell(img.data, ((inner[1] + y) * w + inner[0] + x) * 4);
  return cells;
}

/** Into `ratios` over segment `seg` of `inner`: how many times denser each pixel's colour is inside the segment than in its ring. */
function segmentRatios(cells: Int32Array, inner: Box, seg: Box, counts: Float64Array, total: number, ratios: Float64Array): void {
  const iw = inner[2] - inner[0];
  const inside = new Float64Array(SIDE * SIDE * SIDE);
  const segArea = (seg[2] - seg[0]) * (seg[3] - seg[1]);
  for (let y = seg[1]; y < seg[3]; y++) for (let x = seg[0]; x < seg[2]; x++) inside[cells[(y - inner[1]) * iw + x - inner[0]]]++;
  for (let y = seg[1]; y < seg[3]; y++)
    for (let x = seg[0]; x < seg[2]; x++) {
      const k = (y - inner[1]) * iw + x - inner[0];
      const c = cells[k];
      ratios[k] = counts[c] === 0 ? Infinity : (inside[c] * total) / (segArea * counts[c]);
    }
}

/** The pixels whose ratio exceeds DENSER, flagged in `picked`. */
function denser(ratios: Float64Array, picked: Uint8Array): number[] {
  const front: number[] = [];
  for (let k = 0; k < ratios.length; k++)
    if (ratios[k] > DENSER) {
      picked[k] = 1;
      front.push(k);
    }
  return front;
}
