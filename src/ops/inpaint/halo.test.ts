import { describe, expect, it } from 'vitest';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { rectMask, texturedImage } from '../../test-fixtures/test-images.ts';
import { haloGrowth } from './halo.ts';
import { inpaint } from './index.ts';

const W = 96,
  H = 80,
  CX = 48,
  CY = 40;
const SKY = [70, 140, 215];
const KITE = [30, 25, 20];

/** How much of the kite a pixel at distance `r` from its centre shows: 1 inside 9 px, 0 past 15 (a soft, blurred edge). */
const coverage = (r: number) => Math.min(1, Math.max(0, (15 - r) / 6));

/** A dark kite with a soft edge on a sky with a little grain. */
function kiteInSky(): RgbaImage {
  const data = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const a = coverage(Math.hypot(x - CX, y - CY));
      const grain = ((x * 7 + y * 13) % 5) - 2;
      for (let c = 0; c < 3; c++) data[(y * W + x) * 4 + c] = Math.round(a * KITE[c] + (1 - a) * SKY[c]) + grain;
      data[(y * W + x) * 4 + 3] = 255;
    }
  return { width: W, height: H, data };
}

/** The brush stopped where the kite is half covered: a 12 px disc. */
function brushedDisc(radius: number): Mask {
  const data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (Math.hypot(x - CX, y - CY) <= radius) data[y * W + x] = 255;
  return { width: W, height: H, data };
}

const count = (m: Mask) => m.data.reduce((n, v) => n + (v ? 1 : 0), 0);

describe('the mask grows over halos only', () => {
  it("takes the rim of a soft object's edge past where the brush stopped", () => {
    const grown = haloGrowth(kiteInSky(), brushedDisc(12), 4);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const r = Math.hypot(x - CX, y - CY);
        // Every pixel still showing a tenth of the kite is taken; the sky 2 px past the rim is not.
        if (coverage(r) >= 0.1) expect(grown.data[y * W + x], `(${x}, ${y})`).toBe(255);
        if (r > 16.5) expect(grown.data[y * W + x], `(${x}, ${y})`).toBe(0);
      }
  });

  it('leaves the pixels around an exact mask, on texture and on a flat sky', () => {
    const stripes = texturedImage(W, H);
    const box = rectMask(W, H, [30, 30, 60, 50]);
    expect(count(haloGrowth(stripes, box, 4))).toBe(count(box));
    const sky = kiteInSky();
    const corner = rectMask(W, H, [6, 6, 18, 14]);
    expect(count(haloGrowth(sky, corner, 4))).toBe(count(corner));
  });

  it('takes a wide shadow when asked for a wide growth, and stops where the shadow ends', () => {
    // a dark disc (the object, 20 px) with a grey shadow out to 50 px, on a light ground
    const w = W * 2,
      h = H * 2;
    const data = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const r = Math.hypot(x - w / 2, y - h / 2);
        const v = r <= 20 ? 20 : r <= 50 ? 120 : 200;
        data.set([v, v, v, 255], (y * w + x) * 4);
      }
    const object = { width: w, height: h, data: new Uint8Array(w * h) };
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (Math.hypot(x - w / 2, y - h / 2) <= 20) object.data[y * w + x] = 255;
    const grown = haloGrowth({ width: w, height: h, data }, object, 40);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const r = Math.hypot(x - w / 2, y - h / 2);
        if (r <= 50) expect(grown.data[y * w + x], `(${x}, ${y})`).toBe(255);
        else expect(grown.data[y * w + x], `(${x}, ${y})`).toBe(0);
      }
  });

  it('grows nothing with no growth asked', () => {
    expect(count(haloGrowth(kiteInSky(), brushedDisc(12), 0))).toBe(count(brushedDisc(12)));
  });

  it('leaves no ghost outline after a fill brushed tight around a soft object', async () => {
    const { image } = await inpaint(kiteInSky(), brushedDisc(12));
    let worst = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const r = Math.hypot(x - CX, y - CY);
        if (r <= 12 || r > 20) continue;
        const i = (y * W + x) * 4;
        worst = Math.max(worst, Math.hypot(image.data[i] - SKY[0], image.data[i + 1] - SKY[1], image.data[i + 2] - SKY[2]));
      }
    // Around where the brush stopped: the grain is +-2 per channel, and the fill's shading
    // from a boundary a few levels dark stays under 12; a rim left behind is tens darker.
    expect(worst).toBeLessThan(12);
  });
});
