// squaredDistanceTo's column pass is two row-order sweeps instead of Felzenszwalb-Huttenlocher
// down each column; every later fill and mask depends on its float32 values, so it must give
// exactly the bits the two-pass lower-envelope transform gives. The reference here is that
// transform as it was (its one-line envelope, edt1d, is unchanged and shared), run on masks
// with scattered, clustered, missing and full columns.
import { describe, expect, it } from 'vitest';
import { edt1d, HOLE_THRESHOLD, squaredDistanceTo, squaredDistanceToKept } from './mask-ops.ts';
import type { Mask } from './types.ts';

/** Outside the set: as far as mask-ops' own. */
const FAR = 1e20;

function reference(mask: Mask, inSet: (value: number) => boolean = (v) => v >= HOLE_THRESHOLD): Float32Array {
  const { width: w, height: h, data } = mask;
  const n = Math.max(w, h);
  const out = new Float32Array(w * h);
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) f[y] = inSet(data[y * w + x]) ? 0 : FAR;
    edt1d(f, h, d, v, z);
    for (let y = 0; y < h; y++) out[y * w + x] = d[y];
  }
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) f[x] = out[row + x];
    edt1d(f, w, d, v, z);
    for (let x = 0; x < w; x++) out[row + x] = d[x];
  }
  return out;
}

/** A deterministic mask: blobs and single pixels at `density`, some columns and rows left empty, soft values too. */
function scattered(w: number, h: number, density: number, seed: number): Mask {
  let s = seed >>> 0;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const data = new Uint8Array(w * h);
  const emptyCols = new Set(Array.from({ length: Math.floor(w / 5) }, () => Math.floor(rand() * w)));
  for (let i = 0; i < w * h; i++) {
    if (emptyCols.has(i % w)) continue;
    if (rand() < density) data[i] = rand() < 0.8 ? 255 : Math.floor(rand() * 256);
  }
  const blobs = Math.floor(rand() * 4);
  for (let b = 0; b < blobs; b++) {
    const cx = rand() * w,
      cy = rand() * h,
      r = 1 + rand() * Math.min(w, h) * 0.3;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) data[y * w + x] = 200;
  }
  return { width: w, height: h, data };
}

const sameBits = (a: Float32Array, b: Float32Array) => Buffer.compare(Buffer.from(a.buffer), Buffer.from(b.buffer)) === 0;

describe('squaredDistanceTo against the column-by-column transform', () => {
  it('gives the same float32 bits on scattered, clustered, sparse and dense masks', () => {
    let cases = 0;
    for (const [w, h] of [
      [1, 1],
      [1, 17],
      [23, 1],
      [40, 30],
      [97, 61],
      [300, 7],
      [5, 260],
    ]) {
      for (const density of [0, 0.0005, 0.01, 0.2, 0.9, 1]) {
        const mask = scattered(w, h, density, w * 7919 + h * 31 + Math.round(density * 1e4));
        expect(sameBits(squaredDistanceTo(mask), reference(mask)), `${w}x${h} at ${density}`).toBe(true);
        cases++;
      }
    }
    expect(cases).toBe(42);
  });

  it('gives the same bits for the distances to the kept pixels (soft values too)', () => {
    const kept = (v: number) => v < HOLE_THRESHOLD;
    for (const [w, h, density] of [
      [120, 90, 0.05],
      [97, 61, 0.9],
      [23, 1, 0.2],
    ]) {
      const mask = scattered(w, h, density, w + h);
      expect(sameBits(squaredDistanceToKept(mask), reference(mask, kept)), `${w}x${h} at ${density}`).toBe(true);
    }
  });

  it('is huge everywhere on an empty set and 0 on a full one', () => {
    const empty: Mask = { width: 33, height: 21, data: new Uint8Array(33 * 21) };
    expect(squaredDistanceTo(empty).every((d) => d >= 1e19)).toBe(true);
    expect(sameBits(squaredDistanceTo(empty), reference(empty))).toBe(true);
    const full: Mask = { width: 33, height: 21, data: new Uint8Array(33 * 21).fill(255) };
    expect(squaredDistanceTo(full).every((d) => d === 0)).toBe(true);
  });
});
