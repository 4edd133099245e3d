// The built-in, weight-free engine: multi-scale PatchMatch completion (Wexler, Shechtman and
// Irani 2007 for the EM completion over an image pyramid; Barnes et al. 2009 for the
// nearest-neighbour field by propagation and random search). Every hole pixel ends up as a
// vote of real image patches, so the fill keeps the texture and grain of the photo instead
// of blurring it. After the last vote of each level the hole's colours are solved from the
// voted gradients with the surroundings as the boundary (poisson.ts, after Darabi et al.'s
// Image Melding, 2012): sources of another brightness leave no blotch and no seam. Integer
// SSD, doubles in a fixed order and a seeded PRNG make the bytes identical on every host.
import { throwIfAborted, type OpContext } from '../context.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { isOpaque } from '../../core/image.ts';
import { HOLE_THRESHOLD, holeRadius } from '../../core/mask-ops.ts';
import { yieldToHost, type FillOptions, type InpaintEngine } from './engine.ts';
import { onionFill } from './onion.ts';
import { type Guide, solvePoisson } from './poisson.ts';
import { createRng, type Rng } from './prng.ts';
import { holeSummedArea } from './summed-area.ts';

export interface PatchMatchParams {
  /** Patch radius: 3 gives the classic 7x7 patches. */
  radius: number;
  /**
   * EM iterations at the finest level, at the next one, and at every coarser level. (One at
   * the finest saves a fifth of the time for 0.02 dB of the wider and dev sets' mean, but
   * loses up to 0.25 dB where a wire crosses fine filaments.)
   */
  emFine: number;
  emNext: number;
  emCoarse: number;
  /** Per-pixel squared error (summed over RGB) at which a patch's vote weight halves. */
  voteSigma2: number;
  /**
   * Coarsen the pyramid until the hole is at most this many pixels from its edge. Not
   * further: at 4 px an object a patch or two away from the hole at full resolution becomes
   * the hole's own boundary at the coarsest level, the onion start spreads it inwards and
   * the EM keeps it (a stalk pasted into the middle of a sky).
   */
  coarsestHoleRadius: number;
  /**
   * Distance prior: a source twice the hole's radius away from its target costs this much
   * per patch pixel (summed squared error over the four channels), growing with the square of
   * the distance. Content near the hole is the likelier continuation; far content must match
   * clearly better to be copied, so unrelated objects from elsewhere in the crop stay out.
   */
  distancePenalty: number;
  /**
   * The texture feature is the local mean |dx|+|dy| of luma (weights summing to 8) divided by
   * this. Smaller weighs texture more: the EM's pull towards the flattest sources (a flat
   * patch matches a half-filled target best) is what leaves fills smoother than the photo.
   * 3 instead of 4 raised the gradient ratio from 0.79 to 0.80 on the dev set and from 0.80 to
   * 0.81 on the wider one with the mean PSNR unchanged; 2 made worst cases 1 dB worse.
   */
  textureDivisor: number;
  /**
   * Sources whose centre colour does not occur within this many hole radii around the hole
   * are not copied (0: no colour rule).
   */
  paletteReach: number;
  /**
   * Gradient-domain solve (poisson.ts) after the last vote of every level, of the finest
   * level only, or never (colour votes alone: seams and blotches stay).
   */
  poisson: 'final' | 'every' | 'none';
  /** The finest solve keeps the differences of coherently copied pixels (see voteGuide). */
  guideBest: boolean;
}

export const DEFAULT_PARAMS: PatchMatchParams = {
  radius: 3,
  emFine: 2,
  emNext: 3,
  emCoarse: 10,
  voteSigma2: 150,
  coarsestHoleRadius: 6,
  distancePenalty: 25,
  textureDivisor: 3,
  paletteReach: 1,
  poisson: 'every',
  guideBest: true,
};

/**
 * One pyramid level. `img` holds R, G, B and, in the fourth byte, a texture feature (local
 * mean gradient, after Newson et al. 2014) so that flat patches do not win over textured
 * ones just by being smooth; it is matched and voted like a colour.
 */
interface Level {
  w: number;
  h: number;
  img: Uint8ClampedArray;
  /** The same bytes as `img`, one word per pixel (patch distances read these). */
  words: Uint32Array;
  hole: Uint8Array;
}

/** Bit offsets of bytes 0..3 of a pixel inside its word in `Level.words` (the host's byte order). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const SHIFT0 = LITTLE_ENDIAN ? 0 : 24,
  SHIFT1 = LITTLE_ENDIAN ? 8 : 16,
  SHIFT2 = LITTLE_ENDIAN ? 16 : 8,
  SHIFT3 = LITTLE_ENDIAN ? 24 : 0;

function makeLevel(w: number, h: number, img: Uint8ClampedArray, hole: Uint8Array): Level {
  return { w, h, img, words: new Uint32Array(img.buffer, img.byteOffset, w * h), hole };
}

const TEXTURE_RADIUS = 2;

/** Writes the texture feature of every known pixel (mean |dx|+|dy| of luma over known pixels nearby). */
function computeTexture(l: Level, divisor: number): void {
  const { w, h, img, hole } = l;
  const g = lumaGradients(img, hole, w, h);
  // Window sums from per-column sums over the window's rows, slid down the image (integers,
  // so the same values as a direct sum, in two rows of memory instead of full-frame tables).
  const R = TEXTURE_RADIUS;
  const colG = new Int32Array(w),
    colN = new Int32Array(w);
  for (let y = 0; y < R && y < h; y++) addRow(g, w, y, 1, colG, colN);
  for (let y = 0; y < h; y++) {
    if (y + R < h) addRow(g, w, y + R, 1, colG, colN);
    if (y - R - 1 >= 0) addRow(g, w, y - R - 1, -1, colG, colN);
    textureRow(img, hole, w, y, colG, colN, divisor);
  }
}

// computeTexture's loops are top-level functions, not closures made per call: V8's optimised
// code deoptimised on each new closure ("wrong call target").

/** Where it is not known. */
const NO_GRADIENT = 0xffff;

/** |dx|+|dy| of luma (at most 2 * 8 * 255) per pixel; NO_GRADIENT where it is not known. */
function lumaGradients(img: Uint8ClampedArray, hole: Uint8Array, w: number, h: number): Uint16Array {
  const g = new Uint16Array(w * h).fill(NO_GRADIENT);
  for (let y = 0; y < h - 1; y++)
    for (let x = 0; x < w - 1; x++) {
      const i = y * w + x;
      if (hole[i] || hole[i + 1] || hole[i + w]) continue;
      const c = textureLuma(img, i);
      g[i] = Math.abs(textureLuma(img, i + 1) - c) + Math.abs(textureLuma(img, i + w) - c);
    }
  return g;
}

function textureLuma(img: Uint8ClampedArray, i: number): number {
  return img[i * 4] * 2 + img[i * 4 + 1] * 5 + img[i * 4 + 2];
}

/** Adds (sign 1) or takes away (-1) row y's known gradients to the column sums and counts. */
function addRow(g: Uint16Array, w: number, y: number, sign: number, colG: Int32Array, colN: Int32Array): void {
  for (let x = 0, i = y * w; x < w; x++, i++) {
    const v = g[i];
    if (v === NO_GRADIENT) continue;
    colG[x] += sign * v;
    colN[x] += sign;
  }
}

/** The texture byte of row y's known pixels from the column sums over the window's rows. */
function textureRow(
  img: Uint8ClampedArray,
  hole: Uint8Array,
  w: number,
  y: number,
  colG: Int32Array,
  colN: Int32Array,
  divisor: number,
): void {
  const R = TEXTURE_RADIUS;
  for (let x = 0; x < w; x++) {
    const i = y * w + x;
    if (hole[i]) continue;
    const x0 = x - R < 0 ? 0 : x - R,
      x1 = x + R + 1 > w ? w : x + R + 1;
    let n = 0,
      sum = 0;
    for (let c = x0; c < x1; c++) {
      n += colN[c];
      sum += colG[c];
    }
    // luma weights sum to 8: scale |dx|+|dy| back to 0..255-ish and emphasise it.
    img[i * 4 + 3] = n ? Math.min(255, Math.floor(sum / n / divisor + 0.5)) : 0;
  }
}

interface Field {
  /** Pixels whose patch overlaps the hole, ascending. */
  targets: Int32Array;
  /** 1 where a patch centred there lies inside the image and holds no hole pixel. */
  valid: Uint8Array;
  validList: Int32Array;
  /** Source centre per target pixel (-1 elsewhere). */
  nnf: Int32Array;
  cost: Int32Array;
  /** Hole pixels in each pixel's patch. */
  holeCount: Int32Array;
  /** Vote weight per target, reused by every vote at this level. */
  weight: Float32Array;
  /** Per hole pixel, the source pixel its colour was copied from by the last `best` vote (-1: none). */
  source: Int32Array;
}

function downscale(l: Level): Level {
  const w = (l.w + 1) >> 1,
    h = (l.h + 1) >> 1;
  const img = new Uint8ClampedArray(w * h * 4);
  const hole = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0,
        n = 0,
        anyHole = 0;
      for (let dy = 0; dy < 2; dy++)
        for (let dx = 0; dx < 2; dx++) {
          const fx = 2 * x + dx,
            fy = 2 * y + dy;
          if (fx >= l.w || fy >= l.h) continue;
          const i = fy * l.w + fx;
          if (l.hole[i]) {
            anyHole = 1;
            continue;
          }
          r += l.img[i * 4];
          g += l.img[i * 4 + 1];
          b += l.img[i * 4 + 2];
          a += l.img[i * 4 + 3];
          n++;
        }
      const o = y * w + x;
      hole[o] = anyHole;
      if (n) {
        const half = n >> 1;
        img[o * 4] = ((r + half) / n) | 0;
        img[o * 4 + 1] = ((g + half) / n) | 0;
        img[o * 4 + 2] = ((b + half) / n) | 0;
        img[o * 4 + 3] = ((a + half) / n) | 0;
      }
    }
  return makeLevel(w, h, img, hole);
}

/** Count of hole pixels in every (2r+1)^2 square, via a summed-area table. */
function holeCounts(l: Level, r: number): Int32Array {
  const { w, h, hole } = l;
  const W = w + 1;
  const sat = holeSummedArea(hole, w, h);
  const out = new Int32Array(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - r),
      y1 = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - r),
        x1 = Math.min(w, x + r + 1);
      out[y * w + x] = sat[y1 * W + x1] - sat[y0 * W + x1] - sat[y1 * W + x0] + sat[y0 * W + x0];
    }
  }
  return out;
}

/**
 * Colours (3 bits a channel, each bin widened by one step) of the known pixels within
 * `reach` pixels (a square) of the hole: what the hole's surroundings look like.
 */
function surroundingPalette(l: Level, reach: number): Uint8Array {
  const seen = seenBins(l, holeCounts(l, reach));
  const palette = new Uint8Array(512);
  for (let b = 0; b < 512; b++) {
    if (!seen[b]) continue;
    const r0 = b >> 6,
      g0 = (b >> 3) & 7,
      b0 = b & 7;
    for (let dr = -1; dr <= 1; dr++)
      for (let dg = -1; dg <= 1; dg++)
        for (let db = -1; db <= 1; db++) {
          const r1 = r0 + dr,
            g1 = g0 + dg,
            b1 = b0 + db;
          if (r1 >= 0 && g1 >= 0 && b1 >= 0 && r1 < 8 && g1 < 8 && b1 < 8) palette[(r1 << 6) | (g1 << 3) | b1] = 1;
        }
  }
  return palette;
}

/** The colour bins (paletteBin) of the known pixels where `near` is positive. */
function seenBins(l: Level, near: Int32Array): Uint8Array {
  const seen = new Uint8Array(512);
  for (let i = 0; i < l.hole.length; i++) if (!l.hole[i] && near[i] > 0) seen[paletteBin(l.img, i)] = 1;
  return seen;
}

/** Pixel i's colour, 3 bits a channel (a top-level function: closures made per call deoptimised V8's code). */
function paletteBin(img: Uint8ClampedArray, i: number): number {
  return ((img[i * 4] >> 5) << 6) | ((img[i * 4 + 1] >> 5) << 3) | (img[i * 4 + 2] >> 5);
}

/**
 * Extra pixels a source patch keeps clear of the hole. The hole's own edge band (a halo or
 * shadow edge of the removed object) is already inside it: the compositor grows the mask by
 * `dilate` first. Measured: a further margin only takes away the best-matching sources.
 */
const SOURCE_BAND = 0;

/** Fewer admitted sources than this and the colour rule is dropped (tiny crops). */
const MIN_SOURCES = 64;

/**
 * The field of a level. Sources are the patches that hold no hole pixel and stay SOURCE_BAND
 * pixels clear of it; when `reach` is given, also only those whose centre colour occurs
 * within `reach` pixels around the hole, so nothing of a colour foreign to the hole's
 * surroundings is copied in.
 */
function makeField(l: Level, r: number, reach = 0): Field {
  const { w, h } = l;
  const counts = holeCounts(l, r);
  // (with no band, the clearance counts are the hole counts themselves)
  const clear = SOURCE_BAND === 0 ? counts : holeCounts(l, r + SOURCE_BAND);
  const palette = reach > 0 ? surroundingPalette(l, reach) : null;
  // 0 elsewhere, 1 target, 2 plain source (whole patch clear of the hole), 3 source of the palette too.
  const kind = new Uint8Array(w * h);
  // How many targets, plain sources and palette sources.
  const tally = new Int32Array(3);
  classify(l, r, counts, clear, palette, kind, tally);
  const nTargets = tally[0],
    nPlain = tally[1],
    nPalette = tally[2];
  // Two passes into typed lists: plain arrays the size of a 2 MP crop weigh tens of MB.
  const plainOnly = nPalette < MIN_SOURCES;
  const targets = new Int32Array(nTargets);
  const validList = new Int32Array(plainOnly ? nPlain : nPalette);
  const minKind = plainOnly ? 2 : 3;
  listKinds(kind, minKind, targets, validList);
  // `kind` becomes `valid` (1 where a source may be copied).
  const valid = kind;
  flagAtLeast(valid, minKind);
  return {
    targets,
    valid,
    validList,
    nnf: new Int32Array(w * h).fill(-1),
    cost: new Int32Array(w * h),
    holeCount: counts,
    weight: new Float32Array(w * h),
    source: new Int32Array(w * h).fill(-1),
  };
}

// makeField's first loops are functions of their own so that V8 optimises each loop once.

/** Each pixel's kind (see makeField) into `kind`; into `tally` the targets, plain sources and palette sources. */
function classify(
  l: Level,
  r: number,
  counts: Int32Array,
  clear: Int32Array,
  palette: Uint8Array | null,
  kind: Uint8Array,
  tally: Int32Array,
): void {
  const { w, h, img } = l;
  let nTargets = 0,
    nPlain = 0,
    nPalette = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (counts[i] > 0) {
        kind[i] = 1;
        nTargets++;
      } else if (clear[i] === 0 && x >= r && y >= r && x < w - r && y < h - r) {
        nPlain++;
        if (!palette || palette[paletteBin(img, i)]) {
          kind[i] = 3;
          nPalette++;
        } else kind[i] = 2;
      }
    }
  tally[0] = nTargets;
  tally[1] = nPlain;
  tally[2] = nPalette;
}

/** Each value becomes 1 when it is at least `min`, else 0. */
function flagAtLeast(values: Uint8Array, min: number): void {
  for (let i = 0; i < values.length; i++) values[i] = values[i] >= min ? 1 : 0;
}

/** The targets (kind 1) and the sources (kind >= minKind) in ascending order. */
function listKinds(kind: Uint8Array, minKind: number, targets: Int32Array, validList: Int32Array): void {
  for (let i = 0, t = 0, v = 0; i < kind.length; i++) {
    const k = kind[i];
    if (k === 1) targets[t++] = i;
    else if (k >= minKind) validList[v++] = i;
  }
}

/**
 * Patch SSD over the four bytes between the target at (px, py) and source q, stopping once it reaches
 * `limit`. Reads one 32-bit word per pixel: the sum runs over all four bytes, so their order
 * in the word (the host's endianness) does not change it.
 */
function patchSsd(l: Level, r: number, px: number, py: number, q: number, limit: number): number {
  const { w, h, words } = l;
  const x0 = px - r < 0 ? -px : -r;
  const x1 = px + r >= w ? w - 1 - px : r;
  const y0 = py - r < 0 ? -py : -r;
  const y1 = py + r >= h ? h - 1 - py : r;
  const delta = q - (py * w + px);
  const span = x1 - x0 + 1;
  let sum = 0;
  for (let dy = y0; dy <= y1; dy++) {
    let ti = (py + dy) * w + px + x0;
    const end = ti + span;
    for (; ti < end; ti++) {
      const a = words[ti],
        b = words[ti + delta];
      if (a === b) continue;
      const d0 = (a & 255) - (b & 255),
        d1 = ((a >>> 8) & 255) - ((b >>> 8) & 255),
        d2 = ((a >>> 16) & 255) - ((b >>> 16) & 255),
        d3 = (a >>> 24) - (b >>> 24);
      sum += d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3;
    }
    if (sum >= limit) return sum;
  }
  return sum;
}

/**
 * Match cost of source c (at cx, cy) for target p (at px, py): patch SSD plus the distance
 * penalty. The callers pass the coordinates they already know: no division per candidate.
 */
function matchCost(l: Level, r: number, px: number, py: number, c: number, cx: number, cy: number, limit: number, lambda: number): number {
  const dx = cx - px,
    dy = cy - py;
  const pen = Math.floor(lambda * (dx * dx + dy * dy));
  if (pen >= limit) return pen;
  return patchSsd(l, r, px, py, c, limit - pen) + pen;
}

/** One PatchMatch sweep: propagation from the scan's previous neighbours, then random search. */
function sweep(l: Level, f: Field, r: number, forward: boolean, rng: Rng, lambda: number, searchRadius: number): void {
  const { w, h } = l;
  const { targets, valid, nnf, cost } = f;
  const n = targets.length;
  const step = forward ? -1 : 1;
  const lastX = w - r,
    lastY = h - r;
  for (let k = 0; k < n; k++) {
    const p = targets[forward ? k : n - 1 - k];
    let best = nnf[p];
    let bestCost = cost[p];
    let bx = best % w,
      by = (best - bx) / w;
    const px = p % w,
      py = (p - px) / w;
    // Propagation: the neighbour already visited in this sweep, shifted by one pixel.
    const nx = px + step;
    if (nx >= 0 && nx < w) {
      const s = nnf[p + step];
      if (s >= 0) {
        const c = s - step;
        if (c !== best && c >= 0 && c < valid.length && valid[c]) {
          const cx = c % w,
            cy = (c - cx) / w;
          const d = matchCost(l, r, px, py, c, cx, cy, bestCost, lambda);
          if (d < bestCost) {
            best = c;
            bestCost = d;
            bx = cx;
            by = cy;
          }
        }
      }
    }
    const ny = p + step * w;
    if (ny >= 0 && ny < nnf.length) {
      const s = nnf[ny];
      if (s >= 0) {
        const c = s - step * w;
        if (c !== best && c >= 0 && c < valid.length && valid[c]) {
          const cx = c % w,
            cy = (c - cx) / w;
          const d = matchCost(l, r, px, py, c, cx, cy, bestCost, lambda);
          if (d < bestCost) {
            best = c;
            bestCost = d;
            bx = cx;
            by = cy;
          }
        }
      }
    }
    // Random search in windows halving around the current best match.
    for (let R = searchRadius; R >= 1; R >>= 1) {
      const cx = bx + rng.int(2 * R + 1) - R;
      const cy = by + rng.int(2 * R + 1) - R;
      if (cx < r || cy < r || cx >= lastX || cy >= lastY) continue;
      const c = cy * w + cx;
      if (c === best || !valid[c]) continue;
      const d = matchCost(l, r, px, py, c, cx, cy, bestCost, lambda);
      if (d < bestCost) {
        best = c;
        bestCost = d;
        bx = cx;
        by = cy;
      }
    }
    nnf[p] = best;
    cost[p] = bestCost;
  }
}

function computeCosts(l: Level, f: Field, r: number, lambda: number): void {
  const w = l.w;
  const targets = f.targets;
  for (let k = 0; k < targets.length; k++) {
    const p = targets[k];
    const px = p % w,
      c = f.nnf[p],
      cx = c % w;
    f.cost[p] = matchCost(l, r, px, (p - px) / w, c, cx, (c - cx) / w, 0x7fffffff, lambda);
  }
}

/**
 * Every hole pixel becomes the weighted mean of what the patches covering it propose; a
 * patch's weight falls with its match error, so good matches dominate and the fill stays
 * sharp. `uniform` ignores the errors (used before any were measured); `best` takes the
 * proposal of the best-matching patch alone.
 */
function vote(l: Level, f: Field, r: number, sigma2: number, uniform: boolean, best = false): void {
  const { w, h, img, words, hole } = l;
  const nnf = f.nnf;
  const weight = patchWeights(f, r, sigma2, uniform);
  for (let y = 0; y < h; y++) {
    // Offsets whose patch centre (x - dx, y - dy) lies in the grid, in the same ascending order.
    const dyLo = y - h + 1 > -r ? y - h + 1 : -r,
      dyHi = y < r ? y : r;
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!hole[i]) continue;
      const dxLo = x - w + 1 > -r ? x - w + 1 : -r,
        dxHi = x < r ? x : r;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0,
        ws = 0,
        bestT = -1,
        bestOff = 0,
        bestW = -1;
      for (let dy = dyLo; dy <= dyHi; dy++) {
        const row = (y - dy) * w + x;
        for (let dx = dxLo; dx <= dxHi; dx++) {
          const t = row - dx;
          const src = nnf[t];
          if (src < 0) continue;
          const v = words[src + dy * w + dx];
          const wt = weight[t];
          if (wt > bestW) {
            bestW = wt;
            bestT = t;
            bestOff = dy * w + dx;
          }
          s0 += ((v >>> SHIFT0) & 255) * wt;
          s1 += ((v >>> SHIFT1) & 255) * wt;
          s2 += ((v >>> SHIFT2) & 255) * wt;
          s3 += ((v >>> SHIFT3) & 255) * wt;
          ws += wt;
        }
      }
      if (best && bestT >= 0) {
        f.source[i] = nnf[bestT] + bestOff;
        const s = (nnf[bestT] + bestOff) * 4;
        img[i * 4] = img[s];
        img[i * 4 + 1] = img[s + 1];
        img[i * 4 + 2] = img[s + 2];
        img[i * 4 + 3] = img[s + 3];
      } else if (ws > 0) {
        img[i * 4] = Math.floor(s0 / ws + 0.5);
        img[i * 4 + 1] = Math.floor(s1 / ws + 0.5);
        img[i * 4 + 2] = Math.floor(s2 / ws + 0.5);
        img[i * 4 + 3] = Math.floor(s3 / ws + 0.5);
      }
    }
  }
}

/**
 * Each target patch's voting weight, into f.weight. Patches that overlap known pixels are
 * anchored to the photo; all-hole patches are only consistent with each other. Weighting by
 * the known share makes the fill's edge agree with its surroundings (Wexler et al.'s spatial
 * confidence, in rational form). Its own function so that V8 optimises vote's loops once.
 */
function patchWeights(f: Field, r: number, sigma2: number, uniform: boolean): Float32Array {
  const { targets, cost, weight } = f;
  const area = (2 * r + 1) * (2 * r + 1);
  const scale = 1 / (area * sigma2);
  for (let k = 0; k < targets.length; k++) {
    const p = targets[k];
    const known = (area - f.holeCount[p] + 1) / (area + 1);
    weight[p] = (uniform ? 1 : 1 / (1 + cost[p] * scale)) * known;
  }
  return weight;
}

/**
 * The differences each hole pixel should have to its 4 neighbours (see poisson.ts): the
 * weighted mean, over the patches covering it, of the difference inside each source patch
 * (voted like the colours; a seam between two sources is never a guide). With `coherent`,
 * where a pixel and its neighbour were copied from neighbouring source pixels by the last
 * best-patch vote, that real difference instead: copied texture keeps its grain, while where
 * sources change (seams, and in flat areas almost everywhere) the mean keeps the solve from
 * integrating noise into blotches.
 */
function voteGuide(l: Level, f: Field, r: number, holes: Int32Array, coherent: boolean): Guide {
  const { w, h, img, hole } = l;
  const { nnf, weight, source } = f;
  const guide = new Float32Array(holes.length * 12);
  const steps = [1, -1, w, -w];
  const sum = new Float64Array(12),
    ws = new Float64Array(4);
  for (let k = 0; k < holes.length; k++) {
    const i = holes[k];
    const x = i % w,
      y = (i - x) / w;
    let copied = 0;
    if (coherent && source[i] >= 0)
      for (let d = 0; d < 4; d++) {
        const j = i + steps[d];
        const inGrid = d === 0 ? x < w - 1 : d === 1 ? x > 0 : d === 2 ? y < h - 1 : y > 0;
        if (inGrid && hole[j] && source[j] === source[i] + steps[d]) copied++;
      }
    // Where all four differences are copied, the mean is not needed. Twelve sums (four
    // directions, three channels), each over the covering patches in ascending order; a
    // patch's difference in direction d exists unless the neighbour is outside its square.
    let r0 = 0,
      r1 = 0,
      r2 = 0,
      l0 = 0,
      l1 = 0,
      l2 = 0,
      d0 = 0,
      d1 = 0,
      d2 = 0,
      u0 = 0,
      u1 = 0,
      u2 = 0;
    let wr = 0,
      wl = 0,
      wd = 0,
      wu = 0;
    const dyLo = copied === 4 ? r + 1 : y - h + 1 > -r ? y - h + 1 : -r,
      dyHi = y < r ? y : r;
    const dxLo = x - w + 1 > -r ? x - w + 1 : -r,
      dxHi = x < r ? x : r;
    for (let dy = dyLo; dy <= dyHi; dy++) {
      const row = (y - dy) * w + x;
      for (let dx = dxLo; dx <= dxHi; dx++) {
        const t = row - dx;
        const src = nnf[t];
        if (src < 0) continue;
        const s = src + dy * w + dx;
        const wt = weight[t];
        const a = s * 4;
        const a0 = img[a],
          a1 = img[a + 1],
          a2 = img[a + 2];
        if (dx !== r) {
          const b = a + 4;
          wr += wt;
          r0 += (a0 - img[b]) * wt;
          r1 += (a1 - img[b + 1]) * wt;
          r2 += (a2 - img[b + 2]) * wt;
        }
        if (dx !== -r) {
          const b = a - 4;
          wl += wt;
          l0 += (a0 - img[b]) * wt;
          l1 += (a1 - img[b + 1]) * wt;
          l2 += (a2 - img[b + 2]) * wt;
        }
        if (dy !== r) {
          const b = a + w * 4;
          wd += wt;
          d0 += (a0 - img[b]) * wt;
          d1 += (a1 - img[b + 1]) * wt;
          d2 += (a2 - img[b + 2]) * wt;
        }
        if (dy !== -r) {
          const b = a - w * 4;
          wu += wt;
          u0 += (a0 - img[b]) * wt;
          u1 += (a1 - img[b + 1]) * wt;
          u2 += (a2 - img[b + 2]) * wt;
        }
      }
    }
    sum[0] = r0;
    sum[1] = r1;
    sum[2] = r2;
    sum[3] = l0;
    sum[4] = l1;
    sum[5] = l2;
    sum[6] = d0;
    sum[7] = d1;
    sum[8] = d2;
    sum[9] = u0;
    sum[10] = u1;
    sum[11] = u2;
    ws[0] = wr;
    ws[1] = wl;
    ws[2] = wd;
    ws[3] = wu;
    const o = k * 12;
    for (let d = 0; d < 4; d++) {
      const j = i + steps[d];
      const inGrid = d === 0 ? x < w - 1 : d === 1 ? x > 0 : d === 2 ? y < h - 1 : y > 0;
      if (coherent && inGrid && hole[j] && source[i] >= 0 && source[j] === source[i] + steps[d]) {
        for (let c = 0; c < 3; c++) guide[o + d * 3 + c] = img[source[i] * 4 + c] - img[source[j] * 4 + c];
      } else if (ws[d] > 0) for (let c = 0; c < 3; c++) guide[o + d * 3 + c] = sum[d * 3 + c] / ws[d];
    }
  }
  return guide;
}

/** Hole pixels of a level, ascending. */
function holeList(l: Level): Int32Array {
  let n = 0;
  for (let i = 0; i < l.hole.length; i++) n += l.hole[i];
  const out = new Int32Array(n);
  for (let i = 0, k = 0; i < l.hole.length; i++) if (l.hole[i]) out[k++] = i;
  return out;
}

/** CG iterations at most per solve (it usually stops far earlier, see poisson.ts). */
const POISSON_ITERATIONS = 1000;

/**
 * Replaces the voted colours of a level's hole by the gradient-domain solution (poisson.ts)
 * and returns what that changed (RGB per pixel of the level). The coarser level's change,
 * when given, is added to the voted colours first: the low frequencies the solve would need
 * many iterations to move are already right, and it converges in a few dozen.
 */
function blendGradients(l: Level, f: Field, r: number, best: boolean, coarser: Float32Array | null): Float32Array | null {
  const holes = holeList(l);
  const guide = voteGuide(l, f, r, holes, best);
  const { w, img } = l;
  const voted = new Float32Array(holes.length * 3);
  const init = new Float64Array(holes.length * 3);
  const cw = (w + 1) >> 1;
  for (let k = 0; k < holes.length; k++) {
    const i = holes[k];
    const x = i % w,
      y = (i - x) / w;
    const ci = (y >> 1) * cw + (x >> 1);
    for (let c = 0; c < 3; c++) {
      voted[k * 3 + c] = img[i * 4 + c];
      init[k * 3 + c] = img[i * 4 + c] + (coarser ? coarser[ci * 3 + c] : 0);
    }
  }
  // The copied colours of the hole (the rest of the crop is the same before and after the solve).
  const copied = best ? holeColours(img, holes) : null;
  solvePoisson(img, l.hole, w, l.h, holes, guide, POISSON_ITERATIONS, init);
  if (copied) restoreGrain(img, copied, holes, w, l.h);
  // The finest level passes nothing on.
  if (best) return null;
  const change = new Float32Array(w * l.h * 3);
  for (let k = 0; k < holes.length; k++) for (let c = 0; c < 3; c++) change[holes[k] * 3 + c] = img[holes[k] * 4 + c] - voted[k * 3 + c];
  return change;
}

/** RGB of the listed pixels, 3 bytes each. */
function holeColours(img: Uint8ClampedArray, holes: Int32Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray(holes.length * 3);
  for (let k = 0; k < holes.length; k++) for (let c = 0; c < 3; c++) out[k * 3 + c] = img[holes[k] * 4 + c];
  return out;
}

/** 16 x the 3x3 binomial mean of channel c around pixel i (edges clamped): an integer. No closures: it runs per hole pixel. */
function binomial16(img: Uint8ClampedArray, i: number, c: number, w: number, h: number): number {
  const x = i % w,
    y = (i - x) / w;
  const xl = x > 0 ? -4 : 0,
    xr = x < w - 1 ? 4 : 0,
    yu = y > 0 ? -w * 4 : 0,
    yd = y < h - 1 ? w * 4 : 0;
  const m = i * 4 + c,
    u = m + yu,
    d = m + yd;
  const top = img[u + xl] + 2 * img[u] + img[u + xr];
  const mid = img[m + xl] + 2 * img[m] + img[m + xr];
  const bot = img[d + xl] + 2 * img[d] + img[d + xr];
  return top + 2 * mid + bot;
}

/**
 * Puts the finest detail of the copied pixels back on the solved ones: the solve decides
 * shading and removes seams, but averaging differences where sources change smooths the
 * grain a photo has. Solved low-pass plus copied high-pass keeps both. `copied` holds the
 * hole's colours before the solve (holeColours); outside the hole both images are `img`'s,
 * so only the hole's values are swapped in and out instead of copying the whole crop twice.
 */
function restoreGrain(img: Uint8ClampedArray, copied: Uint8ClampedArray, holes: Int32Array, w: number, h: number): void {
  const n = holes.length;
  // Low-pass of the solved image (16x, an integer up to 16 * 255), then the copied colours back in.
  const solvedLow = new Uint16Array(n * 3);
  for (let k = 0; k < n; k++) for (let c = 0; c < 3; c++) solvedLow[k * 3 + c] = binomial16(img, holes[k], c, w, h);
  for (let k = 0; k < n; k++) for (let c = 0; c < 3; c++) img[holes[k] * 4 + c] = copied[k * 3 + c];
  const out = new Uint8ClampedArray(n * 3);
  for (let k = 0; k < n; k++) {
    const i = holes[k];
    for (let c = 0; c < 3; c++)
      out[k * 3 + c] = Math.floor(solvedLow[k * 3 + c] / 16 + (copied[k * 3 + c] - binomial16(img, i, c, w, h) / 16) + 0.5);
  }
  for (let k = 0; k < n; k++) for (let c = 0; c < 3; c++) img[holes[k] * 4 + c] = out[k * 3 + c];
}

function randomInit(f: Field, rng: Rng): void {
  for (let k = 0; k < f.targets.length; k++) f.nnf[f.targets[k]] = f.validList[rng.int(f.validList.length)];
}

/** Seeds a level's field from the coarser one: same relative offset, twice as long. */
function upsampleField(fine: Level, f: Field, coarse: Level, cf: Field, rng: Rng): void {
  const w = fine.w,
    cw = coarse.w;
  const targets = f.targets;
  for (let k = 0; k < targets.length; k++) {
    const p = targets[k];
    const x = p % w,
      y = (p - x) / w;
    const cp = (y >> 1) * cw + (x >> 1);
    const cq = cf.nnf[cp];
    let q = -1;
    if (cq >= 0) {
      const qx = (cq % cw) * 2 + (x & 1),
        qy = Math.floor(cq / cw) * 2 + (y & 1);
      if (qx < w && qy < fine.h) q = qy * w + qx;
    }
    f.nnf[p] = q >= 0 && f.valid[q] ? q : f.validList[rng.int(f.validList.length)];
  }
}

/** Patches of a level that lie inside it and hold no hole pixel (what makeField admits without the colour rule). */
function countSources(l: Level, r: number): number {
  const { w, h } = l;
  const counts = holeCounts(l, r + SOURCE_BAND);
  let n = 0;
  for (let y = r; y < h - r; y++) for (let x = r; x < w - r; x++) if (counts[y * w + x] === 0) n++;
  return n;
}

function buildPyramid(base: Level, r: number, radiusAtFine: number, coarsestRadius: number): Level[] {
  const levels = [base];
  let radius = radiusAtFine;
  // Coarsen until the hole is a few pixels thick there, keeping enough whole source patches.
  while (radius > coarsestRadius && levels.length < 10) {
    const next = downscale(levels[levels.length - 1]);
    if (next.w < 4 * r + 2 || next.h < 4 * r + 2) break;
    if (countSources(next, r) < 64) break;
    levels.push(next);
    radius /= 2;
  }
  return levels;
}

/**
 * Fills `hole` (>= 128) of `crop`. Deterministic for a given seed. Falls back to an
 * onion-peel fill when the crop has no whole patch of known pixels to copy from.
 */
export async function patchMatchFill(
  crop: RgbaImage,
  holeMask: Mask,
  options: FillOptions,
  ctx: OpContext = {},
  params: PatchMatchParams = DEFAULT_PARAMS,
): Promise<RgbaImage> {
  const { width: w, height: h } = crop;
  const r = params.radius;
  const hole = new Uint8Array(w * h);
  for (let i = 0; i < hole.length; i++) hole[i] = holeMask.data[i] >= HOLE_THRESHOLD ? 1 : 0;
  const base = makeLevel(w, h, new Uint8ClampedArray(crop.data), hole);
  // Alpha is not matched; a transparent crop gets a smooth alpha in the hole.
  const alpha = isOpaque(crop) ? null : new Uint8ClampedArray(crop.data);
  if (alpha) onionFill(alpha, hole, w, h);
  computeTexture(base, params.textureDivisor);
  const rng = createRng(options.seed);
  const fineRadius = holeRadius(holeMask);
  const levels = buildPyramid(base, r, fineRadius, params.coarsestHoleRadius);
  for (const l of levels.slice(1)) computeTexture(l, params.textureDivisor);
  const coarsest = levels[levels.length - 1];
  onionFill(coarsest.img, coarsest.hole, coarsest.w, coarsest.h);
  let prev: { level: Level; field: Field } | null = null;
  let correction: Float32Array | null = null;
  for (let li = levels.length - 1; li >= 0; li--) {
    throwIfAborted(ctx.signal);
    const level = levels[li];
    const levelRadius = Math.max(2, fineRadius / 2 ** li);
    const field = makeField(level, r, params.paletteReach > 0 ? Math.ceil(params.paletteReach * levelRadius) + r : 0);
    if (field.validList.length === 0) {
      onionFill(level.img, level.hole, level.w, level.h);
      prev = null;
      correction = null;
      continue;
    }
    if (prev) {
      upsampleField(level, field, prev.level, prev.field, rng);
      // Nothing reads the coarser levels again: let their planes go before this level's EM.
      prev = null;
      levels.length = li + 1;
      vote(level, field, r, params.voteSigma2, true);
    } else {
      if (li !== levels.length - 1) onionFill(level.img, level.hole, level.w, level.h);
      randomInit(field, rng);
    }
    const lambda = (params.distancePenalty * (2 * r + 1) ** 2) / (2 * levelRadius) ** 2;
    computeCosts(level, field, r, lambda);
    const em = li === 0 ? params.emFine : li === 1 ? params.emNext : params.emCoarse;
    for (let it = 0; it < em; it++) {
      // Coarse levels search the whole crop; at full resolution the field, upsampled from
      // the coarser solution, only needs refining nearby.
      const searchRadius = li === 0 ? Math.max(level.w, level.h) >> 2 : Math.max(level.w, level.h);
      sweep(level, field, r, it % 2 === 0, rng, lambda, searchRadius);
      // The last vote at full resolution copies each pixel from its best-matching patch:
      // averaging even good matches smooths away grain that the photo has.
      vote(level, field, r, params.voteSigma2, false, li === 0 && it === em - 1);
      // (after the last vote nothing reads the costs: the next level measures its own)
      if (it < em - 1) computeCosts(level, field, r, lambda);
      if (ctx.signal) {
        await yieldToHost();
        throwIfAborted(ctx.signal);
      }
    }
    if (params.poisson === 'every' || (params.poisson === 'final' && li === 0)) {
      correction = blendGradients(level, field, r, li === 0 && params.guideBest, correction);
    } else correction = null;
    prev = { level, field };
  }
  // The fourth byte was the texture feature; alpha in the hole is the smooth fill's.
  const out = base.img;
  for (let i = 0; i < hole.length; i++) out[i * 4 + 3] = !hole[i] ? crop.data[i * 4 + 3] : alpha ? alpha[i * 4 + 3] : 255;
  return { width: w, height: h, data: out };
}

export const patchMatchEngine: InpaintEngine = {
  id: 'patchmatch',
  maxSide: 2048,
  fill: (crop, hole, options, ctx) => patchMatchFill(crop, hole, options, ctx),
};
