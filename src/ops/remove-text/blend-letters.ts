// The letters a measured blend explains. A semi-transparent overlay of colour C and opacity a
// lifts each pixel under a letter from its background B to (1 - a) B + a C: a of the way from
// B towards C. The background here is the photo opened (for letters lighter than it) or closed
// (darker) by a disc wider than the strokes, which takes the letters off and keeps what is
// wider. A pixel whose rise above either points at C and covers about a of the way is a
// letter. Both are tried at every pixel: one overlay is lighter than what lies under some
// letters and darker than what lies under others (dev astronaut's red "@studio.north", light
// over the suit's shadow and dark over its white strap; a blue one over red and green, lighter
// in blue and darker in the rest), and judged by C's brightness alone, the letters of the
// other kind stayed readable ("@st" there).
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
 * made once per crop and line height, for every blend tried on it (blendLetters).
 */
export interface LetterBackgrounds {
  width: number;
  height: number;
  planes: Float32Array[];
  /** The disc's radius. */
  radius: number;
  opened?: Float32Array[];
  closed?: Float32Array[];
}

/** The planes of `crop` for blendLetters, for a line `lineHeight` px high; the backgrounds follow on demand. */
export function letterBackgrounds(crop: RgbaImage, lineHeight: number): LetterBackgrounds {
  const { width: w, height: h } = crop;
  const planes = [0, 1, 2].map((c) => {
    const p = new Float32Array(w * h);
    for (let i = 0; i < w * h; i++) p[i] = crop.data[i * 4 + c];
    return p;
  });
  return { width: w, height: h, planes, radius: Math.max(2, Math.round(OPENING_PER_HEIGHT * lineHeight)) };
}

/** The background under light letters (opening: the minimum, then the maximum, over the disc) or dark ones (closing). */
function backgroundFor(b: LetterBackgrounds, light: boolean): Float32Array[] {
  const { width: w, height: h, radius: r } = b;
  const made = () => b.planes.map((p) => discRank(discRank(p, w, h, r, !light), w, h, r, light));
  return light ? (b.opened ??= made()) : (b.closed ??= made());
}

/** The pixels of `inBox` (crop coordinates) that `blend` explains as letters over the crop's background, lighter or darker. */
export function blendLetters(b: LetterBackgrounds, inBox: Box, blend: Blend): Mask {
  const colour = blend.tint.map((t) => t / blend.alpha);
  const out: Mask = { width: b.width, height: b.height, data: new Uint8Array(b.width * b.height) };
  for (const light of [true, false]) markExplained(b.planes, backgroundFor(b, light), b.width, inBox, blend.alpha, colour, out);
  return out;
}

/** Sets in `out` the pixels of `inBox` whose rise above `background` is opacity `a` of the way towards `colour`. */
function markExplained(
  planes: Float32Array[],
  background: Float32Array[],
  w: number,
  inBox: Box,
  a: number,
  colour: number[],
  out: Mask,
): void {
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
