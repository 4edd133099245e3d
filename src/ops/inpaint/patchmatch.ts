// The built-in, weight-free engine: multi-scale PatchMatch completion (Wexler, Shechtman and
// Irani 2007 for the EM completion over an image pyramid; Barnes et al. 2009 for the
// nearest-neighbour field by propagation and random search). Every hole pixel ends up as a
// vote of real image patches, so the fill keeps the texture and grain of the photo instead
// of blurring it. Integer SSD and a seeded PRNG make the bytes identical on every host.
import { throwIfAborted, type OpContext } from '../context.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { isOpaque } from '../../core/image.ts';
import { HOLE_THRESHOLD, holeRadius } from '../../core/mask-ops.ts';
import { yieldToHost, type FillOptions, type InpaintEngine } from './engine.ts';
import { onionFill } from './onion.ts';
import { createRng, type Rng } from './prng.ts';

export interface PatchMatchParams {
  /** Patch radius: 3 gives the classic 7x7 patches. */
  radius: number;
  /** EM iterations at the finest level, at the next one, and at every coarser level. */
  emFine: number;
  emNext: number;
  emCoarse: number;
  /** Per-pixel squared error (summed over RGB) at which a patch's vote weight halves. */
  voteSigma2: number;
  /** Coarsen the pyramid until the hole is at most this many pixels from its edge. */
  coarsestHoleRadius: number;
  /**
   * Cost added per squared pixel of distance between a target and its source (in pixels of
   * the level): nearby content is the likelier continuation, so it wins ties.
   */
  distancePenalty: number;
  /** The texture feature is the local mean |dx|+|dy| of luma (weights summing to 8) divided by this. */
  textureDivisor: number;
}

export const DEFAULT_PARAMS: PatchMatchParams = {
  radius: 3,
  emFine: 2,
  emNext: 3,
  emCoarse: 10,
  voteSigma2: 150,
  coarsestHoleRadius: 4,
  distancePenalty: 0.5,
  textureDivisor: 4,
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
  hole: Uint8Array;
}

const TEXTURE_RADIUS = 2;

/** Writes the texture feature of every known pixel (mean |dx|+|dy| of luma over known pixels nearby). */
function computeTexture(l: Level, divisor: number): void {
  const { w, h, img, hole } = l;
  const g = new Int32Array(w * h);
  const ok = new Uint8Array(w * h);
  const lum = (i: number) => img[i * 4] * 2 + img[i * 4 + 1] * 5 + img[i * 4 + 2];
  for (let y = 0; y < h - 1; y++)
    for (let x = 0; x < w - 1; x++) {
      const i = y * w + x;
      if (hole[i] || hole[i + 1] || hole[i + w]) continue;
      const c = lum(i);
      g[i] = Math.abs(lum(i + 1) - c) + Math.abs(lum(i + w) - c);
      ok[i] = 1;
    }
  const R = TEXTURE_RADIUS;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (hole[i]) continue;
      let sum = 0,
        n = 0;
      for (let dy = -R; dy <= R; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -R; dx <= R; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const j = yy * w + xx;
          if (ok[j]) {
            sum += g[j];
            n++;
          }
        }
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
  return { w, h, img, hole };
}

/** Count of hole pixels in every (2r+1)^2 square, via a summed-area table. */
function holeCounts(l: Level, r: number): Int32Array {
  const { w, h, hole } = l;
  const W = w + 1;
  const sat = new Int32Array(W * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += hole[y * w + x];
      sat[(y + 1) * W + x + 1] = sat[y * W + x + 1] + row;
    }
  }
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

function makeField(l: Level, r: number): Field {
  const { w, h } = l;
  const counts = holeCounts(l, r);
  const valid = new Uint8Array(w * h);
  const targets: number[] = [];
  const validList: number[] = [];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (counts[i] > 0) targets.push(i);
      else if (x >= r && y >= r && x < w - r && y < h - r) {
        valid[i] = 1;
        validList.push(i);
      }
    }
  const nnf = new Int32Array(w * h).fill(-1);
  return {
    targets: Int32Array.from(targets),
    valid,
    validList: Int32Array.from(validList),
    nnf,
    cost: new Int32Array(w * h),
    holeCount: counts,
    weight: new Float32Array(w * h),
  };
}

/** Patch SSD over RGB between target p and source q, stopping once it reaches `limit`. */
function patchSsd(l: Level, r: number, p: number, q: number, limit: number): number {
  const { w, h, img } = l;
  const px = p % w,
    py = (p - px) / w;
  const x0 = px - r < 0 ? -px : -r;
  const x1 = px + r >= w ? w - 1 - px : r;
  const y0 = py - r < 0 ? -py : -r;
  const y1 = py + r >= h ? h - 1 - py : r;
  const delta = (q - p) * 4;
  const span = (x1 - x0 + 1) * 4;
  let sum = 0;
  for (let dy = y0; dy <= y1; dy++) {
    let ti = ((py + dy) * w + px + x0) * 4;
    const end = ti + span;
    for (; ti < end; ti += 4) {
      const si = ti + delta;
      const d0 = img[ti] - img[si],
        d1 = img[ti + 1] - img[si + 1],
        d2 = img[ti + 2] - img[si + 2],
        d3 = img[ti + 3] - img[si + 3];
      sum += d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3;
    }
    if (sum >= limit) return sum;
  }
  return sum;
}

/** Match cost of source c for target p: patch SSD plus the distance penalty. */
function matchCost(l: Level, r: number, p: number, c: number, limit: number, lambda: number): number {
  const w = l.w;
  const px = p % w,
    cx = c % w;
  const dx = cx - px,
    dy = (c - cx) / w - (p - px) / w;
  const pen = Math.floor(lambda * (dx * dx + dy * dy));
  if (pen >= limit) return pen;
  return patchSsd(l, r, p, c, limit - pen) + pen;
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
    const px = p % w;
    // Propagation: the neighbour already visited in this sweep, shifted by one pixel.
    const nx = px + step;
    if (nx >= 0 && nx < w) {
      const s = nnf[p + step];
      if (s >= 0) {
        const c = s - step;
        if (c !== best && c >= 0 && c < valid.length && valid[c]) {
          const d = matchCost(l, r, p, c, bestCost, lambda);
          if (d < bestCost) {
            best = c;
            bestCost = d;
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
          const d = matchCost(l, r, p, c, bestCost, lambda);
          if (d < bestCost) {
            best = c;
            bestCost = d;
          }
        }
      }
    }
    // Random search in windows halving around the current best match.
    for (let R = searchRadius; R >= 1; R >>= 1) {
      const bx = best % w,
        by = (best - bx) / w;
      const cx = bx + rng.int(2 * R + 1) - R;
      const cy = by + rng.int(2 * R + 1) - R;
      if (cx < r || cy < r || cx >= lastX || cy >= lastY) continue;
      const c = cy * w + cx;
      if (c === best || !valid[c]) continue;
      const d = matchCost(l, r, p, c, bestCost, lambda);
      if (d < bestCost) {
        best = c;
        bestCost = d;
      }
    }
    nnf[p] = best;
    cost[p] = bestCost;
  }
}

function computeCosts(l: Level, f: Field, r: number, lambda: number): void {
  for (const p of f.targets) f.cost[p] = matchCost(l, r, p, f.nnf[p], 0x7fffffff, lambda);
}

/**
 * Every hole pixel becomes the weighted mean of what the patches covering it propose; a
 * patch's weight falls with its match error, so good matches dominate and the fill stays
 * sharp. `uniform` ignores the errors (used before any were measured); `best` takes the
 * proposal of the best-matching patch alone.
 */
function vote(l: Level, f: Field, r: number, sigma2: number, uniform: boolean, best = false): void {
  const { w, h, img, hole } = l;
  const { nnf, cost } = f;
  const area = (2 * r + 1) * (2 * r + 1);
  const scale = 1 / (area * sigma2);
  const weight = f.weight;
  // Patches that overlap known pixels are anchored to the photo; all-hole patches are only
  // consistent with each other. Weighting by the known share makes the fill's edge agree with
  // its surroundings (Wexler et al.'s spatial confidence, in rational form).
  for (const p of f.targets) {
    const known = (area - f.holeCount[p] + 1) / (area + 1);
    weight[p] = (uniform ? 1 : 1 / (1 + cost[p] * scale)) * known;
  }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!hole[i]) continue;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0,
        ws = 0,
        bestT = -1,
        bestOff = 0,
        bestW = -1;
      for (let dy = -r; dy <= r; dy++) {
        const ty = y - dy;
        if (ty < 0 || ty >= h) continue;
        for (let dx = -r; dx <= r; dx++) {
          const tx = x - dx;
          if (tx < 0 || tx >= w) continue;
          const t = ty * w + tx;
          const src = nnf[t];
          if (src < 0) continue;
          const s = (src + dy * w + dx) * 4;
          const wt = weight[t];
          if (wt > bestW) {
            bestW = wt;
            bestT = t;
            bestOff = dy * w + dx;
          }
          s0 += img[s] * wt;
          s1 += img[s + 1] * wt;
          s2 += img[s + 2] * wt;
          s3 += img[s + 3] * wt;
          ws += wt;
        }
      }
      if (best && bestT >= 0) {
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

function randomInit(f: Field, rng: Rng): void {
  for (const p of f.targets) f.nnf[p] = f.validList[rng.int(f.validList.length)];
}

/** Seeds a level's field from the coarser one: same relative offset, twice as long. */
function upsampleField(fine: Level, f: Field, coarse: Level, cf: Field, rng: Rng): void {
  const w = fine.w,
    cw = coarse.w;
  for (const p of f.targets) {
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

function buildPyramid(base: Level, r: number, radiusAtFine: number, coarsestRadius: number): Level[] {
  const levels = [base];
  let radius = radiusAtFine;
  // Coarsen until the hole is a few pixels thick there, keeping enough whole source patches.
  while (radius > coarsestRadius && levels.length < 10) {
    const next = downscale(levels[levels.length - 1]);
    if (next.w < 4 * r + 2 || next.h < 4 * r + 2) break;
    if (makeField(next, r).validList.length < 64) break;
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
  const base: Level = { w, h, img: new Uint8ClampedArray(crop.data), hole };
  // Alpha is not matched; a transparent crop gets a smooth alpha in the hole.
  const alpha = isOpaque(crop) ? null : new Uint8ClampedArray(crop.data);
  if (alpha) onionFill(alpha, hole, w, h);
  computeTexture(base, params.textureDivisor);
  const rng = createRng(options.seed);
  const levels = buildPyramid(base, r, holeRadius(holeMask), params.coarsestHoleRadius);
  for (const l of levels.slice(1)) computeTexture(l, params.textureDivisor);
  const coarsest = levels[levels.length - 1];
  onionFill(coarsest.img, coarsest.hole, coarsest.w, coarsest.h);
  let prev: { level: Level; field: Field } | null = null;
  for (let li = levels.length - 1; li >= 0; li--) {
    throwIfAborted(ctx.signal);
    const level = levels[li];
    const field = makeField(level, r);
    if (field.validList.length === 0) {
      onionFill(level.img, level.hole, level.w, level.h);
      prev = null;
      continue;
    }
    if (prev) {
      upsampleField(level, field, prev.level, prev.field, rng);
      vote(level, field, r, params.voteSigma2, true);
    } else {
      if (li !== levels.length - 1) onionFill(level.img, level.hole, level.w, level.h);
      randomInit(field, rng);
    }
    const lambda = params.distancePenalty;
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
      computeCosts(level, field, r, lambda);
      if (ctx.signal) {
        await yieldToHost();
        throwIfAborted(ctx.signal);
      }
    }
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
