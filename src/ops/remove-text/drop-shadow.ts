// The drop shadow of found text. A caption's shadow is the letters again, offset a few
// pixels and blurred, darker (or, under dark letters, lighter) than what it covers. Its core
// is often taken with the letters, but its far side fades into the background with colours
// that are common in the ring, so the colour evidence misses it: the fill then leaves dark
// crumbs along the letters' lower right (chelsea's credit line), or carries them into the
// hole. A shadow shows as an asymmetry: just past the letters in its direction the picture
// is darker than just past them in the opposite one, wherever they are, which the texture
// behind them (fur, grass) is not. So the offset is the one with the largest such contrast,
// and the shadow is the letters moved by it, grown as far as moving them farther still finds
// the picture darker there than on the other side.
import { squaredDistanceTo } from '../../core/mask-ops.ts';
import type { Box, Mask, RgbaImage } from '../../core/types.ts';
import { windowLuma } from '../inpaint/ring-texture.ts';

/** Offsets searched: up to this share of the text height (at least 2 px, at most MAX_OFFSET). */
const OFFSET_PER_HEIGHT = 1 / 6;
const MAX_OFFSET = 8;

/** At most this many letter pixels are sampled per offset (evenly): the search stays cheap on large type. */
const MAX_SAMPLES = 4000;

/** Each side of the letters must have this share of their pixels outside them at an offset. */
const MIN_SIDE_SHARE = 0.08;

/**
 * A shadow is this much darker (lighter) in grey levels than the background, where the moved
 * letters land outside the letters' mask. On small type that mask, grown over the letters'
 * edges, already holds the shadow's core and the measure sees only its fringe: the wider
 * set's 18 px serif caption with a 70% shadow (ladybird-stem) measures 14, and at 20 its
 * shadow stayed behind as a dark smear under the removed words. Texture that only looks
 * like a shadow is turned away by the one-sidedness and along-the-line checks, not by this.
 */
const MIN_CONTRAST = 12;

/** The side opposite the shadow departs from the background by at most this share of what the shadow side does... */
const ONE_SIDED = 0.6;

/** ...and the shadow is there in each of this many parts of the line. */
const SEGMENTS = 3;

/** Past the moved letters, pixels are still shadow while they keep this share of its contrast. */
const BAND_SHARE = 0.3;

export interface DropShadow {
  /** Where the shadow departs most from the background, as an offset from the letters (pixels). */
  dx: number;
  dy: number;
  /** Background minus shadow, grey levels: positive for a dark shadow. */
  contrast: number;
  /** The shadow's pixels over the window (0/255), letters excluded. */
  mask: Mask;
}

/**
 * The drop shadow of the letters `found` (0/255 over window `win` of `img`), or null when
 * there is none to measure. `height` is the text height in pixels.
 */
export function dropShadow(img: RgbaImage, win: Box, found: Mask, height: number): DropShadow | null {
  const { width: ww, height: wh } = found;
  const lum = windowLuma(img, win);
  const letters = setPixels(found.data);
  if (letters.length < 20) return null;
  const step = Math.max(1, Math.ceil(letters.length / MAX_SAMPLES));
  const sample = letters.filter((_, i) => i % step === 0);
  const reach = Math.min(MAX_OFFSET, Math.max(2, Math.round(height * OFFSET_PER_HEIGHT)));
  // The background: the window's pixels beyond any offset searched (and its growth).
  const far = farSums(lum, squaredDistanceTo(found), (reach + 2) * (reach + 2));
  if (far.n < letters.length / 4) return null;
  const background = far.sum / far.n;
  const spread = Math.sqrt(Math.max(0, far.sq / far.n - background * background));
  const best = mostOneSided(lum, found, sample, reach, background);
  if (!best) return null;
  const { dx, dy, contrast } = best;
  // A shadow's asymmetry peaks at its offset; one that still grows at the edge of the search
  // is the background changing from one side of the line to the other (a shelf, a horizon).
  const peaked = dx * dx + dy * dy <= (reach - 1) * (reach - 1);
  const oneSided = best.score >= ONE_SIDED * Math.abs(contrast);
  if (!peaked || !oneSided || Math.abs(contrast) < MIN_CONTRAST || !alongTheLine(lum, found, sample, dx, dy, contrast > 0)) return null;
  const moved = movedLetters(letters, ww, wh, dx, dy);
  // The shadow's blur: how much farther along its direction the letters moved still land
  // on shadow (off the letters and the moved letters), measured as the offset was, while it
  // darkens by more than the background varies: a fainter fringe costs less left in place
  // than the error of filling it over texture.
  const held: Mask = { width: ww, height: wh, data: moved.data.map((v, k) => v | found.data[k]) };
  const fringe = Math.max(BAND_SHARE * Math.abs(contrast), spread);
  const grow = blurReach(lum, held, sample, dx, dy, reach, contrast, fringe);
  const mask: Mask = { width: ww, height: wh, data: withinOf(squaredDistanceTo(moved), found.data, grow) };
  return { dx, dy, contrast, mask };
}

// dropShadow's passes are functions of their own so that V8 optimises each loop once (one
// function with every loop was recompiled at each loop's on-stack replacement).

/** Indices of the non-zero values, ascending. */
function setPixels(data: Uint8Array): number[] {
  const out: number[] = [];
  for (let k = 0; k < data.length; k++) if (data[k]) out.push(k);
  return out;
}

/** Sum, sum of squares and count of the grey levels where `d2` exceeds `limit`. */
function farSums(lum: Float32Array, d2: Float32Array, limit: number): { sum: number; sq: number; n: number } {
  let sum = 0,
    sq = 0,
    n = 0;
  for (let k = 0; k < d2.length; k++)
    if (d2[k] > limit) {
      sum += lum[k];
      sq += lum[k] * lum[k];
      n++;
    }
  return { sum, sq, n };
}

/**
 * The offset within `reach` where the letters' one side departs most from the background
 * while the opposite side does not (a gradient or a stripe behind the letters departs on both
 * sides, in opposite directions); null when no offset leaves enough of both sides outside them.
 */
function mostOneSided(
  lum: Float32Array,
  found: Mask,
  sample: readonly number[],
  reach: number,
  background: number,
): { dx: number; dy: number; score: number; contrast: number } | null {
  let best: { dx: number; dy: number; score: number; contrast: number } | null = null;
  const least = MIN_SIDE_SHARE * sample.length;
  for (let dy = -reach; dy <= reach; dy++)
    for (let dx = -reach; dx <= reach; dx++) {
      if ((dx === 0 && dy === 0) || dx * dx + dy * dy > reach * reach) continue;
      const ahead = sideMean(lum, found, sample, dx, dy);
      const behind = sideMean(lum, found, sample, -dx, -dy);
      if (ahead.n < least || behind.n < least) continue;
      const contrast = background - ahead.mean;
      const score = Math.abs(contrast) - Math.abs(background - behind.mean);
      if (!best || score > best.score) best = { dx, dy, score, contrast };
    }
  return best;
}

/** The letters (pixel indices) moved by (dx, dy), as a 0/255 mask of `ww` x `wh`. */
function movedLetters(letters: readonly number[], ww: number, wh: number, dx: number, dy: number): Mask {
  const moved: Mask = { width: ww, height: wh, data: new Uint8Array(ww * wh) };
  for (let i = 0; i < letters.length; i++) {
    const k = letters[i];
    const x = (k % ww) + dx,
      y = Math.floor(k / ww) + dy;
    if (x >= 0 && y >= 0 && x < ww && y < wh) moved.data[y * ww + x] = 255;
  }
  return moved;
}

/** How many pixels past the offset (dx, dy) the shadow still darkens by `fringe` against the other side. */
function blurReach(
  lum: Float32Array,
  held: Mask,
  sample: readonly number[],
  dx: number,
  dy: number,
  reach: number,
  contrast: number,
  fringe: number,
): number {
  const length = Math.hypot(dx, dy);
  let grow = 0;
  // A blur reaches about as far past the shadow's near edge as that edge lies from the letters
  // (a wider one would have moved the measured offset out).
  while (grow < Math.min(reach, Math.round(length))) {
    const t = (length + grow + 1) / length;
    const ex = Math.round(dx * t),
      ey = Math.round(dy * t);
    const ahead = sideMean(lum, held, sample, ex, ey),
      behind = sideMean(lum, held, sample, -ex, -ey);
    if (ahead.n < 5 || behind.n < 5 || Math.sign(contrast) * (behind.mean - ahead.mean) < fringe) break;
    grow++;
  }
  return grow;
}

/** 255 where `d2` is within `grow` and `found` is not set, else 0. */
function withinOf(d2: Float32Array, found: Uint8Array, grow: number): Uint8Array {
  const out = new Uint8Array(d2.length);
  for (let k = 0; k < d2.length; k++) if (!found[k] && d2[k] <= grow * grow) out[k] = 255;
  return out;
}

/** Mean grey level at the letters moved by (dx, dy), where that lands outside them (of `sample`, or of its pixels in [from, to) along x). */
function sideMean(
  lum: Float32Array,
  found: Mask,
  sample: readonly number[],
  dx: number,
  dy: number,
  // (-Infinity, not 0: the same for x >= 0, and never a small integer, so V8's code for the
  // fractional bounds alongTheLine passes does not deoptimise, "not a Smi")
  from = -Infinity,
  to = Infinity,
): { mean: number; n: number } {
  const { width: ww, height: wh } = found;
  let n = 0,
    sum = 0;
  for (let s = 0; s < sample.length; s++) {
    const k = sample[s];
    const x0 = k % ww;
    if (x0 < from || x0 >= to) continue;
    const x = x0 + dx,
      y = Math.floor(k / ww) + dy;
    if (x < 0 || y < 0 || x >= ww || y >= wh) continue;
    const j = y * ww + x;
    if (found.data[j]) continue;
    n++;
    sum += lum[j];
  }
  return { mean: n ? sum / n : 0, n };
}

/**
 * How deep the letters moved by (dx, dy) are against the letters moved the other way, as a
 * share of the room the background leaves (to black under a dark shadow, to white under a
 * light one): a shadow of one opacity takes the same share over dark and light background.
 */
function depth(
  lum: Float32Array,
  found: Mask,
  sample: readonly number[],
  dx: number,
  dy: number,
  dark: boolean,
  from = -Infinity,
  to = Infinity,
): number {
  const ahead = sideMean(lum, found, sample, dx, dy, from, to),
    behind = sideMean(lum, found, sample, -dx, -dy, from, to);
  if (ahead.n < 5 || behind.n < 5) return 0;
  return dark ? (behind.mean - ahead.mean) / Math.max(1, behind.mean) : (ahead.mean - behind.mean) / Math.max(1, 255 - behind.mean);
}

/**
 * Whether the shadow is there all along the line: in each of SEGMENTS parts of the letters
 * (by x) it is at least half as deep as over the whole line, each part against its own
 * background, which changes along a caption.
 */
function alongTheLine(lum: Float32Array, found: Mask, sample: readonly number[], dx: number, dy: number, dark: boolean): boolean {
  const whole = depth(lum, found, sample, dx, dy, dark);
  let x0 = Infinity,
    x1 = -Infinity;
  for (const k of sample) {
    x0 = Math.min(x0, k % found.width);
    x1 = Math.max(x1, (k % found.width) + 1);
  }
  for (let s = 0; s < SEGMENTS; s++) {
    const from = x0 + ((x1 - x0) * s) / SEGMENTS,
      to = x0 + ((x1 - x0) * (s + 1)) / SEGMENTS;
    if (depth(lum, found, sample, dx, dy, dark, from, to) < 0.5 * whole) return false;
  }
  return whole > 0;
}
