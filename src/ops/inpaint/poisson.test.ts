import { describe, expect, it } from 'vitest';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { patchMatchFill } from './patchmatch.ts';
import { solvePoisson } from './poisson.ts';

/**
 * A blue sky brightening towards the horizon, with sensor grain (hashed, reproducible) and
 * two soft white clouds away from the kite: a copied cloud would be a white wisp, a patch
 * from higher up a darker blotch.
 */
function sky(w: number, h: number): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const grain = ((Math.imul((x * 73856093) ^ (y * 19349663), 83492791) >>> 24) % 9) - 4;
      const t = (y + 0.3 * x) / h;
      const cloud = Math.max(0, 1 - Math.hypot((x - 30) / 25, (y - 40) / 12)) + Math.max(0, 1 - Math.hypot((x - 215) / 22, (y - 150) / 10));
      const c = Math.min(1, 1.5 * cloud);
      const blue = [40 + 80 * t, 90 + 70 * t, 190 + 40 * t];
      data.set([...blue.map((v) => v + (245 - v) * c + grain), 255], (y * w + x) * 4);
    }
  return { width: w, height: h, data };
}

/** A kite (a diamond) with its string, as a user would brush it. */
function kiteMask(w: number, h: number): Mask {
  const m: Mask = { width: w, height: h, data: new Uint8Array(w * h) };
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const diamond = Math.abs(x - 120) / 28 + Math.abs(y - 70) / 40 <= 1;
      const string = y > 100 && y < 170 && Math.abs(x - 120 - (y - 100) * 0.4) < 4;
      if (diamond || string) m.data[y * w + x] = 255;
    }
  return m;
}

/** Largest difference, over the hole, between 9x9 local means of the green channel of a and b. */
function worstBlotch(a: RgbaImage, b: RgbaImage, hole: Mask): number {
  const w = a.width;
  let worst = 0;
  for (let y = 4; y < a.height - 4; y++)
    for (let x = 4; x < w - 4; x++) {
      if (!hole.data[y * w + x]) continue;
      let d = 0;
      for (let dy = -4; dy <= 4; dy++)
        for (let dx = -4; dx <= 4; dx++) d += a.data[((y + dy) * w + x + dx) * 4 + 1] - b.data[((y + dy) * w + x + dx) * 4 + 1];
      worst = Math.max(worst, Math.abs(d / 81));
    }
  return worst;
}

describe('gradient-domain solve', () => {
  it('with no gradients asked for, fills a shaded surface as its smooth continuation (a ramp stays a ramp)', () => {
    const w = 60,
      h = 40;
    const img = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.set([2 * x, 100 + y, 50, 255], (y * w + x) * 4);
    const hole = new Uint8Array(w * h);
    const list: number[] = [];
    for (let y = 10; y < 30; y++)
      for (let x = 15; x < 45; x++) {
        hole[y * w + x] = 1;
        list.push(y * w + x);
        img.set([255, 255, 255], (y * w + x) * 4);
      }
    solvePoisson(img, hole, w, h, Int32Array.from(list), new Float32Array(list.length * 12), 1000);
    for (const i of list) {
      const x = i % w,
        y = (i - x) / w;
      expect(Math.abs(img[i * 4] - 2 * x)).toBeLessThanOrEqual(1);
      expect(Math.abs(img[i * 4 + 1] - (100 + y))).toBeLessThanOrEqual(1);
    }
  });

  it('rebuilds a picture from its own differences and the pixels around the hole', () => {
    const w = 50,
      h = 50;
    const truth = new Uint8ClampedArray(w * h * 4);
    for (let i = 0; i < w * h; i++) truth.set([(i * 37) % 251, (i * 11) % 199, (i * 5) % 97, 255], i * 4);
    const hole = new Uint8Array(w * h);
    const list: number[] = [];
    for (let y = 12; y < 38; y++) {
      for (let x = 12; x < 38; x++) {
        hole[y * w + x] = 1;
        list.push(y * w + x);
      }
    }
    const guide = new Float32Array(list.length * 12);
    list.forEach((i, k) => {
      [1, -1, w, -w].forEach((step, d) => {
        for (let c = 0; c < 3; c++) guide[(k * 4 + d) * 3 + c] = truth[i * 4 + c] - truth[(i + step) * 4 + c];
      });
    });
    const img = new Uint8ClampedArray(truth);
    for (const i of list) img.set([0, 0, 0], i * 4);
    solvePoisson(img, hole, w, h, Int32Array.from(list), guide, 1000);
    for (const i of list) for (let c = 0; c < 3; c++) expect(Math.abs(img[i * 4 + c] - truth[i * 4 + c])).toBeLessThanOrEqual(1);
  });

  it('invents no colour at the frame from a copied edge whose far side the hole lacks', () => {
    // A green field, the hole reaching the right frame; the patches copied a petal's edge
    // (green above, 60 levels less green below) into its middle, and green on both sides of it.
    const w = 48,
      h = 40;
    const green = [110, 150, 60];
    const img = new Uint8ClampedArray(w * h * 4);
    for (let i = 0; i < w * h; i++) img.set([...green, 255], i * 4);
    const hole = new Uint8Array(w * h);
    const list: number[] = [];
    for (let y = 6; y < 34; y++)
      for (let x = 24; x < w; x++) {
        hole[y * w + x] = 1;
        list.push(y * w + x);
      }
    const guide = new Float32Array(list.length * 12);
    list.forEach((i, k) => {
      const y = Math.floor(i / w);
      if (y === 19) guide[(k * 4 + 2) * 3 + 1] = 60; // this row minus the one below
      if (y === 20) guide[(k * 4 + 3) * 3 + 1] = -60;
    });
    solvePoisson(img, hole, w, h, Int32Array.from(list), guide, 1000);
    // Nothing around the hole or copied into it is greener than 150 or less green than 150:
    // the solve may pass that by a few levels, not glow 30 above it at the frame.
    const greens = list.map((i) => img[i * 4 + 1]);
    expect(Math.max(...greens)).toBeLessThanOrEqual(150 + 5);
    expect(Math.min(...greens)).toBeGreaterThanOrEqual(150 - 5);
    for (const i of list) {
      expect(img[i * 4]).toBe(110);
      expect(img[i * 4 + 2]).toBe(60);
    }
  });
});

describe('sky fills', () => {
  it('a kite brushed out of a blue sky leaves a smooth fill: no darker blotch, no light wisp', async () => {
    const truth = sky(240, 200);
    const hole = kiteMask(240, 200);
    const input = { ...truth, data: new Uint8ClampedArray(truth.data) };
    for (let i = 0; i < hole.data.length; i++) if (hole.data[i]) input.data.set([250, 250, 250, 255], i * 4);
    const filled = await patchMatchFill(input, hole, { seed: 3 });
    // The sky's local brightness (9x9 means) is continued to within a few grey levels everywhere.
    expect(worstBlotch(filled, truth, hole)).toBeLessThan(3);
  });
});
