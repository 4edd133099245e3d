import { describe, expect, it } from 'vitest';
import { discRank, STROKE_GAIN, STROKE_RADIUS, strokePlane } from './stroke-look.ts';

const W = 80;
const H = 48;
/** A 2 px wide vertical and a 2 px wide horizontal stroke (a thin "T"), the stand-in for a light font's letters. */
const inStroke = (x: number, y: number) => (x >= 39 && x < 41 && y >= 14 && y < 36) || (y >= 14 && y < 16 && x >= 28 && x < 52);
/** A bright band 14 px wide: shading or a sky, wider than any stroke. */
const inBand = (x: number) => x >= 4 && x < 18;

/** Busy grey texture (deterministic, +-40 levels, blobs 5-6 px across: pebbles, leaves), a bright band, and optionally the strokes under an overlay. */
function luminance(overlay?: { grey: number; opacity: number }): Float32Array {
  const out = new Float32Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let v = 110 + 40 * Math.sin(x * 0.6 + y * 0.2) * Math.cos(y * 0.55 - x * 0.15) + (inBand(x) ? 80 : 0);
      if (overlay && inStroke(x, y)) v += overlay.opacity * (overlay.grey - v);
      out[y * W + x] = v;
    }
  }
  return out;
}

function mean(p: Float32Array, where: (x: number, y: number) => boolean): number {
  let s = 0,
    n = 0;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++)
      if (where(x, y)) {
        s += p[y * W + x];
        n++;
      }
  return s / n;
}

/** Seeded levels 0..255 (a linear congruential generator: the same planes every run). */
function randomLevels(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 255;
}

/** A luminance plane in the stroke look's fixed point (256 steps a level, rounded). */
const fixedPoint = (lum: Float32Array) => Int32Array.from(lum, (v) => Math.round(v * 256));

/** The minimum (or maximum) over the disc x^2 + y^2 <= r^2 + r around each pixel, clipped to the plane, taken pixel by pixel: the definition discRank must meet. */
function discRankByPixel(a: Int32Array, w: number, h: number, r: number, max: boolean): Int32Array {
  const out = new Int32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let v = a[y * w + x];
      for (let dy = -r; dy <= r; dy++)
        for (let dx = -r; dx <= r; dx++) {
          const xx = x + dx,
            yy = y + dy;
          if (dx * dx + dy * dy > r * r + r || xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
          v = max ? Math.max(v, a[yy * w + xx]) : Math.min(v, a[yy * w + xx]);
        }
      out[y * w + x] = v;
    }
  return out;
}

describe('stroke looks', () => {
  it('takes the minimum over a disc: a lone dark pixel spreads to the disc of radius 3, not to its square', () => {
    const a = new Int32Array(W * H).fill(100);
    a[20 * W + 40] = 0;
    const m = discRank(a, W, H, 3, false);
    expect(m[20 * W + 40]).toBe(0);
    expect(m[23 * W + 40]).toBe(0); // 3 below
    expect(m[22 * W + 42]).toBe(0); // (2, 2): inside x^2 + y^2 <= 12
    expect(m[23 * W + 42]).toBe(100); // (2, 3): outside
    expect(m[20 * W + 44]).toBe(100);
    expect(Array.from(discRank(a, W, H, 3, true)).every((v) => v === 100)).toBe(true);
  });

  it("equals the minimum and maximum over the disc taken pixel by pixel, at the plane's edges and on planes narrower than the disc", () => {
    const random = randomLevels(7);
    for (const [w, h] of [
      [1, 1],
      [1, 9],
      [9, 1],
      [2, 3],
      [23, 17],
    ])
      for (const r of [1, 2, 3, 5])
        for (const max of [false, true]) {
          // whole levels in fixed point, 0..255 x 256: the branch-free ranks over their whole range
          const a = Int32Array.from({ length: w * h }, () => Math.round(random() * 256));
          const got = discRank(a, w, h, r, max);
          const want = discRankByPixel(a, w, h, r, max);
          for (let i = 0; i < w * h; i++) expect(got[i], `${w}x${h} r ${r} ${max ? 'max' : 'min'} at ${i}`).toBe(want[i]);
        }
  });

  it('gives each plane its own top-hat when smaller and larger planes than any before come in turn (the planes it works in are kept between calls)', () => {
    const random = randomLevels(11);
    const r = STROKE_RADIUS;
    const clipped = (rise: number) => Math.min(255, Math.max(0, STROKE_GAIN * rise));
    const big = Float32Array.from({ length: 120 * 90 }, random);
    const small = Float32Array.from({ length: 13 * 7 }, random);
    const [bigFixed, smallFixed] = [fixedPoint(big), fixedPoint(small)];
    const bigOpened = discRankByPixel(discRankByPixel(bigFixed, 120, 90, r, false), 120, 90, r, true);
    const smallLight = strokePlane(small, 13, 7, true);
    const first = strokePlane(big, 120, 90, true);
    const smallDark = strokePlane(small, 13, 7, false);
    expect(Array.from(strokePlane(big, 120, 90, true))).toEqual(Array.from(first));
    expect(Array.from(first)).toEqual(Array.from(bigFixed, (v, i) => Math.fround(clipped((v - bigOpened[i]) / 256))));
    const opened = discRankByPixel(discRankByPixel(smallFixed, 13, 7, r, false), 13, 7, r, true);
    const closed = discRankByPixel(discRankByPixel(smallFixed, 13, 7, r, true), 13, 7, r, false);
    expect(Array.from(smallLight)).toEqual(Array.from(smallFixed, (v, i) => Math.fround(clipped((v - opened[i]) / 256))));
    expect(Array.from(smallDark)).toEqual(Array.from(smallFixed, (v, i) => Math.fround(clipped((closed[i] - v) / 256))));
  });

  it('shows thin 45% white strokes over busy texture as light lines, and takes off what is wider than a stroke', () => {
    const plane = strokePlane(luminance({ grey: 255, opacity: 0.45 }), W, H, true);
    const bare = strokePlane(luminance(), W, H, true);
    const strokes = mean(plane, inStroke);
    // The strokes read near white, far above what the look shows in the same place without the overlay.
    expect(strokes).toBeGreaterThan(200);
    expect(strokes - mean(bare, inStroke)).toBeGreaterThan(100);
    // The band, 80 levels above its surroundings but wider than the disc, is taken off: inside
    // it the look shows only the texture's own ridges, as on either side of it.
    const band = mean(bare, (x) => x >= 7 && x < 15);
    const beside = mean(bare, (x) => x >= 22 && x < 30);
    expect(Math.abs(band - beside)).toBeLessThan(20);
  });

  it('shows dark strokes in the dark look only', () => {
    const dark = luminance({ grey: 0, opacity: 0.45 });
    const shown = mean(strokePlane(dark, W, H, false), inStroke);
    const other = mean(strokePlane(dark, W, H, true), inStroke);
    expect(shown).toBeGreaterThan(180);
    expect(other).toBeLessThan(shown / 4);
  });
});
