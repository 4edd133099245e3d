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

/**
 * ...and while they are darker (lighter) than the other side by more than the background's
 * texture: this many times its pixel-to-pixel deviation (textureSpread). It was the deviation
 * of the whole window, which a caption over shading (dark green into bright orange along
 * "@meadow_tales", wider set with seed 4242) made so large that only the shadow's core was
 * taken and its blur stayed, reading the handle in dark (32.1 dB in the box, now 37.7).
 * Measured on five sets: held-out synthetic 29.15 -> 29.34 dB, seed 4242 32.75 -> 32.98,
 * wider 33.60 -> 33.64 (a shadowed "Weekend sale" +8 dB in its box; two others -0.7 and -0.9),
 * dev and seed 2026 unchanged or +0.02; over a watermark on a red flower (seed 4242,
 * garden-full) the grown shadow took 61 px of petal more.
 */
const TEXTURE_SCALE = 2;

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
  const d2 = squaredDistanceTo(found);
  const far = farSums(lum, d2, (reach + 2) * (reach + 2));
  if (far.n < letters.length / 4) return null;
  const background = far.sum / far.n;
  const parts = lineParts(sample, ww);
  const backgrounds = { whole: background, parts: partBackgrounds(lum, d2, (reach + 2) * (reach + 2), parts, ww) };
  const spread = TEXTURE_SCALE * textureSpread(lum, d2, (reach + 2) * (reach + 2), ww);
  // The search goes one pixel past the largest offset a shadow may have (see `peaked`).
  const best = mostOneSided(lum, found, sample, reach + 1, parts.of, backgrounds).find((b) => {
    // A shadow's asymmetry peaks at its offset; one that still grows at the edge of the
    // search is the background changing from one side of the line to the other (a shelf, a
    // horizon). (With the peak asked one pixel inside the search, a diagonal shadow 3 px
    // right and 3 px down, 4.2 px out, was taken for the edge of a 5 px search.)
    const peaked = b.dx * b.dx + b.dy * b.dy <= reach * reach;
    const oneSided = b.score >= ONE_SIDED * Math.abs(b.contrast);
    return (
      peaked &&
      oneSided &&
      Math.abs(b.contrast) >= MIN_CONTRAST &&
      alongTheLine(partSums(lum, found, sample, b.dx, b.dy, parts.of), partSums(lum, found, sample, -b.dx, -b.dy, parts.of), b.contrast > 0)
    );
  });
  if (!best) return null;
  const { dx, dy, contrast } = best;
  const moved = movedLetters(letters, ww, wh, dx, dy);
  // The shadow's blur: how much farther along its direction the letters moved still land
  // on shadow (off the letters and the moved letters), measured as the offset was, while it
  // darkens by more than the background varies: a fainter fringe costs less left in place
  // than the error of filling it over texture.
  const held: Mask = { width: ww, height: wh, data: moved.data.map((v, k) => v | found.data[k]) };
  const fringe = Math.max(BAND_SHARE * Math.abs(contrast), spread);
  const grow = blurReach(lum, held, sample, parts.of, dx, dy, reach, contrast, fringe);
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

/** Sum and count of the grey levels where `d2` exceeds `limit`. */
function farSums(lum: Float32Array, d2: Float32Array, limit: number): { sum: number; n: number } {
  let sum = 0,
    n = 0;
  for (let k = 0; k < d2.length; k++)
    if (d2[k] > limit) {
      sum += lum[k];
      n++;
    }
  return { sum, n };
}

/**
 * How much the background varies from pixel to pixel where `d2` exceeds `limit`: the RMS of
 * the differences between neighbours (across and down, both in the background) over root 2,
 * the deviation of noise or texture of that amplitude. A smooth gradient behind a caption
 * (green shading into orange) varies little this way, however far apart its ends lie.
 */
function textureSpread(lum: Float32Array, d2: Float32Array, limit: number, ww: number): number {
  let sq = 0,
    n = 0;
  for (let k = 0; k < d2.length; k++) {
    if (!(d2[k] > limit)) continue;
    if ((k + 1) % ww !== 0 && d2[k + 1] > limit) {
      sq += (lum[k + 1] - lum[k]) ** 2;
      n++;
    }
    if (k + ww < d2.length && d2[k + ww] > limit) {
      sq += (lum[k + ww] - lum[k]) ** 2;
      n++;
    }
  }
  return n ? Math.sqrt(sq / n / 2) : 0;
}

/** The letters cut into SEGMENTS parts along the line (by x): each sample's part, and the parts' bounds [from, to). */
interface LineParts {
  of: Uint8Array;
  bounds: [number, number][];
}

function lineParts(sample: readonly number[], ww: number): LineParts {
  let x0 = Infinity,
    x1 = -Infinity;
  for (const k of sample) {
    x0 = Math.min(x0, k % ww);
    x1 = Math.max(x1, (k % ww) + 1);
  }
  const bounds = Array.from({ length: SEGMENTS }, (_, s): [number, number] => [
    x0 + ((x1 - x0) * s) / SEGMENTS,
    x0 + ((x1 - x0) * (s + 1)) / SEGMENTS,
  ]);
  const of = Uint8Array.from(sample, (k) => bounds.findIndex(([, to]) => k % ww < to));
  return { of, bounds };
}

/** Each part's background: the mean grey level of the window's pixels in its columns where `d2` exceeds `limit` (NaN where there are none). */
function partBackgrounds(lum: Float32Array, d2: Float32Array, limit: number, { bounds }: LineParts, ww: number): Float64Array {
  const sum = new Float64Array(bounds.length),
    n = new Float64Array(bounds.length);
  for (let k = 0; k < d2.length; k++) {
    if (d2[k] <= limit) continue;
    const x = k % ww;
    const s = bounds.findIndex(([from, to]) => x >= from && x < to);
    if (s < 0) continue;
    sum[s] += lum[k];
    n[s]++;
  }
  return sum.map((v, s) => v / n[s]);
}

interface OneSided {
  dx: number;
  dy: number;
  score: number;
  contrast: number;
}

/**
 * The offsets within `reach` where the letters' one side departs most from the background
 * while the opposite side does not (a gradient or a stripe behind the letters departs on both
 * sides, in opposite directions): measured against the window's one background, and against
 * each part's own along the line (partBackgrounds). A caption often crosses backgrounds (a
 * yellow petal, then the black gap beside it): the window's mean then sits between them, and
 * the side away from the shadow seems to depart from it as much as the shadow's side does.
 * Over busy texture the parts' backgrounds are the noisier (above and below the line differ
 * within a part), so each measure has its say. Empty when no offset leaves enough of both
 * sides outside the letters.
 */
function mostOneSided(
  lum: Float32Array,
  found: Mask,
  sample: readonly number[],
  reach: number,
  of: Uint8Array,
  backgrounds: { whole: number; parts: Float64Array },
): OneSided[] {
  let whole: OneSided | null = null,
    local: OneSided | null = null;
  const least = MIN_SIDE_SHARE * sample.length;
  for (let dy = -reach; dy <= reach; dy++)
    for (let dx = -reach; dx <= reach; dx++) {
      if ((dx === 0 && dy === 0) || dx * dx + dy * dy > reach * reach) continue;
      const ahead = partSums(lum, found, sample, dx, dy, of);
      const behind = partSums(lum, found, sample, -dx, -dy, of);
      if (ahead.n < least || behind.n < least) continue;
      const contrast = backgrounds.whole - ahead.sum / ahead.n;
      const score = Math.abs(contrast) - Math.abs(backgrounds.whole - behind.sum / behind.n);
      if (!whole || score > whole.score) whole = { dx, dy, score, contrast };
      const a = departure(ahead, backgrounds.parts),
        b = departure(behind, backgrounds.parts);
      if (a.n < least || b.n < least) continue;
      const partContrast = a.signed / a.n;
      const partScore = Math.abs(partContrast) - b.size / b.n;
      if (!local || partScore > local.score) local = { dx, dy, score: partScore, contrast: partContrast };
    }
  return [whole, local].filter((b): b is OneSided => b !== null);
}

/** Grey levels summed (in sample order) and counted, in all and per part of the line. */
interface PartSums {
  sum: number;
  n: number;
  sums: Float64Array;
  counts: Float64Array;
}

/** The grey levels at the letters moved by (dx, dy), where that lands outside them (`found`); `of`: each sample's part. */
function partSums(lum: Float32Array, found: Mask, sample: readonly number[], dx: number, dy: number, of: Uint8Array): PartSums {
  const { width: ww, height: wh } = found;
  const sums = new Float64Array(SEGMENTS),
    counts = new Float64Array(SEGMENTS);
  let sum = 0,
    n = 0;
  for (let s = 0; s < sample.length; s++) {
    const k = sample[s];
    const x = (k % ww) + dx,
      y = Math.floor(k / ww) + dy;
    if (x < 0 || y < 0 || x >= ww || y >= wh) continue;
    const j = y * ww + x;
    if (found.data[j]) continue;
    sum += lum[j];
    n++;
    sums[of[s]] += lum[j];
    counts[of[s]]++;
  }
  return { sum, n, sums, counts };
}

/**
 * How far moved letters (partSums) depart from their parts' backgrounds: the sums over the
 * parts of count x (background - mean) (`signed`) and of its size, and the pixels counted
 * (parts without a background left out).
 */
function departure({ sums, counts }: PartSums, backgrounds: Float64Array) {
  let signed = 0,
    size = 0,
    n = 0;
  for (let p = 0; p < SEGMENTS; p++) {
    if (!counts[p] || Number.isNaN(backgrounds[p])) continue;
    const d = counts[p] * backgrounds[p] - sums[p];
    signed += d;
    size += Math.abs(d);
    n += counts[p];
  }
  return { signed, size, n };
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
  of: Uint8Array,
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
    const ahead = partSums(lum, held, sample, ex, ey, of),
      behind = partSums(lum, held, sample, -ex, -ey, of);
    if (ahead.n < 5 || behind.n < 5 || Math.sign(contrast) * (behind.sum / behind.n - ahead.sum / ahead.n) < fringe) break;
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

/**
 * How deep the letters moved one way are against the letters moved the other way (each
 * given by its sum and count of grey levels), as a share of the room the background leaves
 * (to black under a dark shadow, to white under a light one): a shadow of one opacity takes
 * the same share over dark and light background.
 */
function depth(aheadSum: number, aheadN: number, behindSum: number, behindN: number, dark: boolean): number {
  if (aheadN < 5 || behindN < 5) return 0;
  const ahead = aheadSum / aheadN,
    behind = behindSum / behindN;
  return dark ? (behind - ahead) / Math.max(1, behind) : (ahead - behind) / Math.max(1, 255 - behind);
}

/**
 * Whether the shadow is there all along the line: in each of its parts (lineParts) it is at
 * least half as deep as over the whole line, each part against its own background, which
 * changes along a caption. `ahead`, `behind`: the letters moved by the offset and by its
 * opposite (partSums).
 */
function alongTheLine(ahead: PartSums, behind: PartSums, dark: boolean): boolean {
  const whole = depth(ahead.sum, ahead.n, behind.sum, behind.n, dark);
  for (let p = 0; p < SEGMENTS; p++)
    if (depth(ahead.sums[p], ahead.counts[p], behind.sums[p], behind.counts[p], dark) < 0.5 * whole) return false;
  return whole > 0;
}
