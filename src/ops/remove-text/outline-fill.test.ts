import { describe, expect, it } from 'vitest';
import type { Box, Mask, RgbaImage } from '../../core/types.ts';
import { textMask } from './text-mask.ts';
import { withOutlinedInsides } from './outline-fill.ts';

const W = 300,
  H = 100;

/** A yellow-orange background shading along x, with a little per-pixel grain. */
function warmBackground(): RgbaImage {
  const data = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 4;
      const grain = ((x * 7 + y * 13) % 5) - 2;
      data[i] = 250 + grain;
      data[i + 1] = 170 + (40 * x) / W + grain;
      data[i + 2] = 30 + grain;
      data[i + 3] = 255;
    }
  return { width: W, height: H, data };
}

/** Letters as blocks 14 x 24 px, 8 px apart, in the background's own yellow with a 2 px black outline; their insides. */
function outlinedBlocks(img: RgbaImage, box: Box): Set<number> {
  const insides = new Set<number>();
  for (let x0 = box[0] + 4; x0 + 18 <= box[2] - 4; x0 += 26)
    for (let y = box[1] + 4; y < box[1] + 32; y++)
      for (let x = x0; x < x0 + 18; x++) {
        const edge = x < x0 + 2 || x >= x0 + 16 || y < box[1] + 6 || y >= box[1] + 30;
        const i = (y * W + x) * 4;
        const rgb = edge ? [10, 10, 10] : [255, 190, 40];
        for (let c = 0; c < 3; c++) img.data[i + c] = rgb[c];
        if (!edge) insides.add(y * W + x);
      }
  return insides;
}

describe('the insides of outlined letters', () => {
  it('are taken with their outline when their colour is close to the background', () => {
    const img = warmBackground();
    const box: Box = [40, 30, 260, 66];
    const insides = outlinedBlocks(img, box);
    const mask = textMask(img, [box]);
    expect([...insides].filter((k) => mask.data[k]).length).toBe(insides.size);
  });

  it('leave an enclosed region that is not flat (texture inside a letter ring) as it is', () => {
    const img = warmBackground();
    const win: Box = [0, 0, W, H];
    const local: Mask = { width: W, height: H, data: new Uint8Array(W * H) };
    // A dark ring 2 px wide (in the mask) around [100, 130) x [30, 70) over noise.
    for (let y = 28; y < 72; y++)
      for (let x = 98; x < 132; x++) {
        const ring = x < 100 || x >= 130 || y < 30 || y >= 70;
        const i = (y * W + x) * 4;
        if (ring) {
          local.data[y * W + x] = 255;
          img.data.set([20, 20, 20], i);
        } else for (let c = 0; c < 3; c++) img.data[i + c] = (x * 37 + y * 91 + c * 53) % 256;
      }
    const out = withOutlinedInsides(img, win, local, 44);
    expect(out.data[50 * W + 115]).toBe(0);
    // The same ring around a flat light inside is filled, and nothing outside it.
    for (let y = 30; y < 70; y++) for (let x = 100; x < 130; x++) img.data.set([230, 200, 60], (y * W + x) * 4);
    const flat = withOutlinedInsides(img, win, local, 44);
    expect(flat.data[50 * W + 115]).toBe(255);
    expect(flat.data[10 * W + 10]).toBe(0);
    // A flat inside that is as dark as the ring around it (a stroke of the same ink) is not an outlined letter's.
    for (let y = 30; y < 70; y++) for (let x = 100; x < 130; x++) img.data.set([40, 40, 40], (y * W + x) * 4);
    expect(withOutlinedInsides(img, win, local, 44).data[50 * W + 115]).toBe(0);
  });

  it('leave an enclosed region larger than a letter (a box drawn around a scene) as it is', () => {
    const img = warmBackground();
    const local: Mask = { width: W, height: H, data: new Uint8Array(W * H) };
    for (let y = 5; y < 95; y++) for (let x = 5; x < 295; x++) if (x < 7 || x >= 293 || y < 7 || y >= 93) local.data[y * W + x] = 255;
    expect(withOutlinedInsides(img, [0, 0, W, H], local, 20).data[50 * W + 150]).toBe(0);
  });
});
