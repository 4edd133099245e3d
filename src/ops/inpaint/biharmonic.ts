// Biharmonic fill for holes in smooth surroundings (out-of-focus backgrounds, skies, walls,
// studio sweeps): the hole's colours minimise the summed squared Laplacian over the hole and
// the pixels next to it, so shading continues across the hole with its slope as well as its
// level. Harmonic diffusion (diffusion.ts) only matches the level, which sags to a flat
// plateau in any hole a dozen pixels wide on a gradient or a blurred blob; copied patches
// bring grain and small edges a soft background does not have.
//
// Conjugate gradients on the normal equations (A'A x = -A'c, A the Laplacian rows that touch
// the hole), in doubles with a fixed order of operations and a fixed stopping rule: the same
// bytes in every JavaScript host. CG on A'A converges slowly (its condition grows with the
// fourth power of the hole's radius), so the solve runs coarse to fine: each level starts
// from the level at half the size, which is already right in the low frequencies, and only
// needs a few hundred iterations to settle the fine ones.
import { HOLE_THRESHOLD, holeRadius } from '../../core/mask-ops.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { throwIfAborted } from '../context.ts';
import { diffusionFill } from './diffusion.ts';
import type { InpaintEngine } from './engine.ts';

/** The solve stops once no channel's residual exceeds this (RMS per hole pixel, grey levels). */
const TOLERANCE = 0.01;

/** Iterations at most per level; the start from the coarser level leaves little to do. */
const LEVEL_ITERATIONS = 300;

/** Holes at most this many pixels from their edge are solved directly, from a diffusion start. */
const DIRECT_RADIUS = 6;

/**
 * Fills the pixels where `hole` >= 128 of `crop`. Pixels outside the hole are returned as
 * they are; alpha in the hole is the diffusion fill's.
 */
export function biharmonicFill(crop: RgbaImage, holeMask: Mask): RgbaImage {
  const { width: w, height: h } = crop;
  const out = diffusionFill(crop, holeMask);
  const hole = new Uint8Array(w * h);
  for (let i = 0; i < hole.length; i++) hole[i] = holeMask.data[i] >= HOLE_THRESHOLD ? 1 : 0;
  fillLevel(out.data, hole, w, h, holeRadius(holeMask));
  return out;
}

/** Solves the hole of one level in place, first at half the size when it is thick. */
function fillLevel(img: Uint8ClampedArray, hole: Uint8Array, w: number, h: number, radius: number): void {
  if (radius > DIRECT_RADIUS && w >= 16 && h >= 16) {
    // Half size: a coarse pixel is a hole when any of its 2x2 is; known ones are the mean.
    const cw = (w + 1) >> 1,
      ch = (h + 1) >> 1;
    const cimg = new Uint8ClampedArray(cw * ch * 4);
    const chole = new Uint8Array(cw * ch);
    for (let y = 0; y < ch; y++)
      for (let x = 0; x < cw; x++) {
        const o = y * cw + x;
        let n = 0;
        const sum = [0, 0, 0, 0];
        for (let dy = 0; dy < 2; dy++)
          for (let dx = 0; dx < 2; dx++) {
            const fx = 2 * x + dx,
              fy = 2 * y + dy;
            if (fx >= w || fy >= h) continue;
            const i = fy * w + fx;
            if (hole[i]) chole[o] = 1;
            for (let c = 0; c < 4; c++) sum[c] += img[i * 4 + c];
            n++;
          }
        for (let c = 0; c < 4; c++) cimg[o * 4 + c] = Math.floor(sum[c] / n + 0.5);
      }
    fillLevel(cimg, chole, cw, ch, radius / 2);
    // The coarse solution is the fine level's start (nearest pixel; CG smooths the steps first).
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        if (!hole[i]) continue;
        const o = (y >> 1) * cw + (x >> 1);
        for (let c = 0; c < 3; c++) img[i * 4 + c] = cimg[o * 4 + c];
      }
  }
  solveBiharmonic(img, hole, w, h, LEVEL_ITERATIONS);
}

/**
 * Minimises, in place, the summed squared 4-neighbour Laplacian over the hole pixels of `img`
 * (where `hole` is 1) and their neighbours, by CG from their current values, with every pixel
 * outside the hole held fixed. RGB only.
 */
function solveBiharmonic(img: Uint8ClampedArray, hole: Uint8Array, w: number, h: number, maxIt: number): void {
  // P: the hole and its 4-neighbours (where the Laplacian involves an unknown); H: the hole.
  const inP = new Int32Array(w * h).fill(-1);
  const holeIdx = new Int32Array(w * h).fill(-1);
  const holes: number[] = [];
  const rows: number[] = [];
  for (let i = 0; i < w * h; i++) if (hole[i]) holeIdx[i] = holes.push(i) - 1;
  if (!holes.length) return;
  const nbrs = (i: number, f: (j: number) => void) => {
    const x = i % w;
    if (x < w - 1) f(i + 1);
    if (x > 0) f(i - 1);
    if (i + w < w * h) f(i + w);
    if (i - w >= 0) f(i - w);
  };
  for (const i of holes) {
    if (inP[i] < 0) inP[i] = rows.push(i) - 1;
    nbrs(i, (j) => {
      if (inP[j] < 0) inP[j] = rows.push(j) - 1;
    });
  }
  rows.sort((a, b) => a - b);
  for (let k = 0; k < rows.length; k++) inP[rows[k]] = k;
  const n = holes.length,
    m = rows.length;
  // Neighbour tables: per row its 4 neighbours (grid indices, -1 outside) and degree.
  const rowNb = new Int32Array(m * 4).fill(-1);
  const rowDeg = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    let d = 0;
    nbrs(rows[k], (j) => {
      rowNb[k * 4 + d++] = j;
    });
    rowDeg[k] = d;
  }
  const holeNb = new Int32Array(n * 4).fill(-1);
  const holeDeg = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let d = 0;
    nbrs(holes[k], (j) => {
      holeNb[k * 4 + d++] = inP[j];
    });
    holeDeg[k] = d;
  }
  // A v for v given on H (zero elsewhere): per row, deg * v(row) - sum of v(neighbours).
  const applyA = (v: Float64Array, out: Float64Array) => {
    for (let k = 0; k < m; k++) {
      const i = rows[k];
      const hk = holeIdx[i];
      let s = hk >= 0 ? rowDeg[k] * v[hk] : 0;
      for (let d = 0; d < 4; d++) {
        const j = rowNb[k * 4 + d];
        if (j < 0) break;
        const hj = holeIdx[j];
        if (hj >= 0) s -= v[hj];
      }
      out[k] = s;
    }
  };
  // A' y, restricted to H: deg * y(h) - sum of y(neighbours), all of which are rows.
  const applyAt = (y: Float64Array, out: Float64Array) => {
    for (let k = 0; k < n; k++) {
      let s = holeDeg[k] * y[inP[holes[k]]];
      for (let d = 0; d < 4; d++) {
        const j = holeNb[k * 4 + d];
        if (j < 0) break;
        s -= y[j];
      }
      out[k] = s;
    }
  };
  const x = new Float64Array(n),
    r = new Float64Array(n),
    p = new Float64Array(n),
    q = new Float64Array(n),
    c = new Float64Array(m),
    t = new Float64Array(m);
  for (let ch = 0; ch < 3; ch++) {
    // c: the Laplacian rows' known part (the known pixels' contribution).
    for (let k = 0; k < m; k++) {
      const i = rows[k];
      let s = holeIdx[i] >= 0 ? 0 : rowDeg[k] * img[i * 4 + ch];
      for (let d = 0; d < 4; d++) {
        const j = rowNb[k * 4 + d];
        if (j < 0) break;
        if (holeIdx[j] < 0) s -= img[j * 4 + ch];
      }
      c[k] = s;
    }
    for (let k = 0; k < n; k++) x[k] = img[holes[k] * 4 + ch];
    // r = -A'c - A'A x
    applyA(x, t);
    for (let k = 0; k < m; k++) t[k] += c[k];
    applyAt(t, r);
    let rr = 0;
    for (let k = 0; k < n; k++) {
      r[k] = -r[k];
      p[k] = r[k];
      rr += r[k] * r[k];
    }
    const stop = TOLERANCE * TOLERANCE * n;
    for (let it = 0; it < maxIt && rr > stop; it++) {
      applyA(p, t);
      let tt = 0;
      for (let k = 0; k < m; k++) tt += t[k] * t[k];
      if (!(tt > 0)) break;
      applyAt(t, q);
      const a = rr / tt;
      let nr = 0;
      for (let k = 0; k < n; k++) {
        x[k] += a * p[k];
        r[k] -= a * q[k];
        nr += r[k] * r[k];
      }
      const b = nr / rr;
      for (let k = 0; k < n; k++) p[k] = r[k] + b * p[k];
      rr = nr;
    }
    for (let k = 0; k < n; k++) img[holes[k] * 4 + ch] = Math.floor(x[k] + 0.5);
  }
}

export const biharmonicEngine: InpaintEngine = {
  id: 'biharmonic',
  async fill(crop, hole, _options, ctx) {
    throwIfAborted(ctx.signal);
    return biharmonicFill(crop, hole);
  },
};
