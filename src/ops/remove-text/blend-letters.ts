// The letters a measured blend explains. A semi-transparent overlay of colour C and opacity a
// lifts each pixel under a letter from its background B to (1 - a) B + a C: a of the way from
// B towards C. A pixel whose rise above the background points at C and covers about a of the
// way is a letter. The background is the photo opened (where the letters are lighter than
// it) or closed (darker) by a disc wider than the strokes, which takes the letters off and
// keeps what is wider; which of the two, each channel says at each pixel: where C lies above
// both, the letters are lighter in that channel there, below both darker. One overlay is
// lighter than some of what lies under it and darker than the rest, and often lighter in one
// channel and darker in another (dev astronaut's red "@studio.north" over an orange suit, a
// white strap and shadow; a blue one over yellow leaves, a red petal or a green stalk). Judged
// by C's brightness alone, those letters went unseen and stayed readable ("@st" there).
// The unblend reads each pixel's coverage against a guess diffused across everything the text
// mask took. Where the mask also took bright texture (the wider set's twowings-seeds: a 38%
// white "stockfield.example" over dandelion filaments), the filaments pulled that guess up
// towards white, the letters between them read as uncovered, and "xample" stayed readable.
// Read against a guess from just around the letters themselves, their coverage holds.
import { dilate, HOLE_THRESHOLD } from '../../core/mask-ops.ts';
import type { Box, Mask, RgbaImage } from '../../core/types.ts';
import { discRank } from '../detect-text/stroke-look.ts';
import { unblend, type Blend } from './unblend.ts';

/** The disc's radius per pixel of line height: wider than a light or regular font's strokes (at least 2 px). */
const OPENING_PER_HEIGHT = 0.12;

/** A letter's rise covers this share of the way to C, relative to the opacity (edges lower, noise higher)... */
const RISE_LOW = 0.6;
const RISE_HIGH = 1.4;
/** ...and points at C: the part of it across that direction holds at most this share of the part along it (squared lengths). */
const ACROSS = 0.25;
/** Where C lies this close to the background (grey levels, RGB distance), the overlay shows too little to tell. */
const MIN_CONTRAST = 40;

/**
 * A crop's RGB planes and their openings (light letters taken off) and closings (dark ones),
 * made once per crop and line height, for every blend tried on it (blendLetters). Whole
 * levels, as the stroke looks' ranking takes them (discRank): ranked exactly.
 */
export interface LetterBackgrounds {
  width: number;
  height: number;
  planes: Int32Array[];
  /** The disc's radius. */
  radius: number;
  opened?: Int32Array[];
  closed?: Int32Array[];
}

/** The planes of `crop` for blendLetters, for a line `lineHeight` px high; the backgrounds follow on demand. */
export function letterBackgrounds(crop: RgbaImage, lineHeight: number): LetterBackgrounds {
  const { width: w, height: h } = crop;
  const planes = [0, 1, 2].map((c) => {
    const p = new Int32Array(w * h);
    for (let i = 0; i < w * h; i++) p[i] = crop.data[i * 4 + c];
    return p;
  });
  return { width: w, height: h, planes, radius: Math.max(2, Math.round(OPENING_PER_HEIGHT * lineHeight)) };
}

/** The background under light letters (opening: the minimum, then the maximum, over the disc) or dark ones (closing). */
function backgroundFor(b: LetterBackgrounds, light: boolean): Int32Array[] {
  const { width: w, height: h, radius: r } = b;
  const made = () => b.planes.map((p) => discRank(discRank(p, w, h, r, !light), w, h, r, light));
  return light ? (b.opened ??= made()) : (b.closed ??= made());
}

/**
 * The background under letters of `colour`, per channel and pixel: the opening where the
 * colour lies above both the opening and the closing (letters lighter there), the closing
 * where it lies below both, their mean where between (texture, no letter to tell).
 */
function backgroundUnder(b: LetterBackgrounds, colour: readonly number[]): Float32Array[] {
  const opened = backgroundFor(b, true),
    closed = backgroundFor(b, false);
  return colour.map((v, c) => pickedPlane(opened[c], closed[c], v));
}

/** backgroundUnder's plane for one channel, in which the overlay's colour is `v`. */
function pickedPlane(opened: Int32Array, closed: Int32Array, v: number): Float32Array {
  const out = new Float32Array(opened.length);
  for (let k = 0; k < out.length; k++) {
    const o = opened[k],
      c = closed[k];
    out[k] = v >= Math.max(o, c) ? o : v <= Math.min(o, c) ? c : (o + c) / 2;
  }
  return out;
}

/** The pixels of `inBox` (crop coordinates) that `blend` explains as letters over the crop's background. */
export function blendLetters(b: LetterBackgrounds, inBox: Box, blend: Blend): Mask {
  const { width: w, height: h, planes } = b;
  const { alpha: a, tint } = blend;
  const colour = tint.map((t) => t / a);
  const background = backgroundUnder(b, colour);
  const out: Mask = { width: w, height: h, data: new Uint8Array(w * h) };
  for (let y = inBox[1]; y < inBox[3]; y++)
    for (let x = inBox[0]; x < inBox[2]; x++) {
      const k = y * w + x;
      let along = 0,
        way = 0,
        rise = 0;
      for (let c = 0; c < 3; c++) {
        const d = planes[c][k] - background[c][k],
          e = colour[c] - background[c][k];
        along += d * e;
        way += e * e;
        rise += d * d;
      }
      if (way < MIN_CONTRAST * MIN_CONTRAST) continue;
      const t = along / way;
      if (t >= RISE_LOW * a && t <= RISE_HIGH * a && rise - t * t * way <= ACROSS * t * t * way) out.data[k] = 255;
    }
  return out;
}

/** The rim around letters that unblendLetters reads and writes: the strokes' anti-aliased edge. */
const LETTER_RIM = 1;

/**
 * `image` with `letters` and their rim unblended from `crop` instead, each pixel's coverage
 * read against a guess diffused from just around them.
 */
export function unblendLetters(crop: RgbaImage, image: RgbaImage, letters: Mask, blend: Blend): RgbaImage {
  const redone = unblend(crop, letters, blend, undefined, LETTER_RIM);
  const area = dilate(letters, LETTER_RIM);
  const out: RgbaImage = { ...image, data: new Uint8ClampedArray(image.data) };
  for (let i = 0; i < area.data.length; i++)
    if (area.data[i] >= HOLE_THRESHOLD) out.data.set(redone.data.subarray(i * 4, i * 4 + 3), i * 4);
  return out;
}

/** The pixels in `a` or `b`. */
export function eitherMask(a: Mask, b: Mask): Mask {
  return { width: a.width, height: a.height, data: a.data.map((v, i) => (v >= HOLE_THRESHOLD || b.data[i] >= HOLE_THRESHOLD ? 255 : 0)) };
}
