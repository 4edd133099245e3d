import { describe, expect, it } from 'vitest';
import { boxMean, lookPlane, rankFilter } from './looks.ts';

const W = 96;
const H = 64;
/** Inside the "text" rectangle (a stand-in for strokes). */
const inText = (x: number, y: number) => x >= 30 && x < 66 && y >= 26 && y < 38;

/** A grey, strongly textured background (deterministic), optionally under a semi-transparent overlay. */
function planes(overlay?: { colour: [number, number, number]; opacity: number }): Float32Array[] {
  const rgb = [0, 1, 2].map(() => new Float32Array(W * H));
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const grey = 128 + 60 * Math.sin(x * 1.7 + y * 0.9) * Math.cos(y * 2.3 - x * 0.4);
      for (let c = 0; c < 3; c++) {
        const k = overlay && inText(x, y) ? overlay.opacity : 0;
        rgb[c][y * W + x] = grey + k * ((overlay?.colour[c] ?? 0) - grey);
      }
    }
  }
  return rgb;
}

/** Mean of a plane inside and outside the text rectangle, and its deviation outside. */
function contrast(p: Float32Array): { inside: number; outside: number; spread: number } {
  let si = 0,
    ni = 0,
    so = 0,
    so2 = 0,
    no = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const v = p[y * W + x];
      if (inText(x, y)) {
        si += v;
        ni++;
      } else {
        so += v;
        so2 += v * v;
        no++;
      }
    }
  }
  const outside = so / no;
  return { inside: si / ni, outside, spread: Math.sqrt(so2 / no - outside * outside) };
}

describe('looks at faint overlays', () => {
  it('shows a 35% yellow overlay on grey texture as high contrast in the yellow-blue look', () => {
    const rgb = planes({ colour: [250, 215, 0], opacity: 0.35 });
    const luminance = contrast(lookPlane('luminance', rgb, W, H)!);
    const yellow = contrast(lookPlane('yellow-blue', rgb, W, H)!);
    // In luminance the overlay hides in the texture; in yellow-blue it stands well clear of it.
    expect(Math.abs(luminance.inside - luminance.outside)).toBeLessThan(luminance.spread);
    expect(yellow.inside - yellow.outside).toBeGreaterThan(3 * yellow.spread);
    expect(yellow.inside).toBeGreaterThan(200);
  });

  it('lifts a 35% white overlay on grey texture out of it in the lighter look, and a 35% black one in the darker', () => {
    for (const [colour, look, other] of [
      [255, 'lighter', 'darker'],
      [0, 'darker', 'lighter'],
    ] as const) {
      const rgb = planes({ colour: [colour, colour, colour], opacity: 0.35 });
      const luminance = contrast(lookPlane('luminance', rgb, W, H)!);
      const shown = contrast(lookPlane(look, rgb, W, H)!);
      const hidden = contrast(lookPlane(other, rgb, W, H)!);
      const separation = (c: typeof shown) => Math.abs(c.inside - c.outside) / c.spread;
      // Light strokes on black in its own look, far clearer than in luminance; nothing in the other polarity's.
      expect(shown.inside, look).toBeGreaterThan(150);
      expect(shown.outside, look).toBeLessThan(20);
      expect(separation(shown), look).toBeGreaterThan(3 * separation(luminance));
      expect(hidden.inside, other).toBeLessThan(10);
    }
  });

  it('skips a colour look where the photo has no colour', () => {
    const grey = planes();
    expect(lookPlane('yellow-blue', grey, W, H)).toBeUndefined();
    expect(lookPlane('red-green', grey, W, H)).toBeUndefined();
    expect(lookPlane('luminance', grey, W, H)).toBeDefined();
  });

  it('takes the minimum and maximum over the window clipped to the plane', () => {
    const src = Float32Array.from({ length: 7 * 5 }, (_, i) => (i * 37) % 11);
    for (const max of [false, true]) {
      const out = rankFilter(src, 7, 5, 1, max);
      for (let y = 0; y < 5; y++) {
        for (let x = 0; x < 7; x++) {
          const window: number[] = [];
          for (let v = Math.max(0, y - 1); v <= Math.min(4, y + 1); v++)
            for (let u = Math.max(0, x - 1); u <= Math.min(6, x + 1); u++) window.push(src[v * 7 + u]);
          expect(out[y * 7 + x]).toBe(max ? Math.max(...window) : Math.min(...window));
        }
      }
    }
  });

  it('averages over the window clipped to the plane', () => {
    const src = Float32Array.from({ length: 7 * 5 }, (_, i) => (i * 37) % 11);
    const mean = boxMean(src, 7, 5, 2);
    for (let y = 0; y < 5; y++) {
      for (let x = 0; x < 7; x++) {
        let s = 0,
          n = 0;
        for (let v = Math.max(0, y - 2); v <= Math.min(4, y + 2); v++)
          for (let u = Math.max(0, x - 2); u <= Math.min(6, x + 2); u++) {
            s += src[v * 7 + u];
            n++;
          }
        expect(mean[y * 7 + x]).toBeCloseTo(s / n, 4);
      }
    }
  });
});
