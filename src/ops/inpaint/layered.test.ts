import { describe, expect, it } from 'vitest';
import { dilate } from '../../core/mask-ops.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { diffusionFill } from './diffusion.ts';
import { builtinFor } from './index.ts';
import { layeredFill } from './layered.ts';
import { ringGradient } from './ring-texture.ts';
import { rectMask, texturedImage } from '../../test-fixtures/test-images.ts';

/** A flat grey picture with a soft horizontal shading and no texture. */
function flatImage(w: number, h: number): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([100 + (x >> 3), 110, 120, 255], (y * w + x) * 4);
  return { width: w, height: h, data };
}

/** "Letters": vertical bars 3 px wide every 7 px, in a line 20 px tall, grown by 2 px as the inpaint dilation would. */
function textHole(w: number, h: number): Mask {
  const m: Mask = { width: w, height: h, data: new Uint8Array(w * h) };
  for (let y = 50; y < 70; y++) for (let x = 40; x < 160; x++) if ((x - 40) % 7 < 3) m.data[y * w + x] = 255;
  return dilate(m, 2);
}

function meanGradient(img: RgbaImage, where: Mask): number {
  const w = img.width;
  const g = (x: number, y: number) => img.data[(y * w + x) * 4 + 1];
  let s = 0,
    n = 0;
  for (let y = 1; y < img.height - 1; y++)
    for (let x = 1; x < w - 1; x++) {
      if (!where.data[y * w + x]) continue;
      s += Math.abs(g(x + 1, y) - g(x - 1, y)) + Math.abs(g(x, y + 1) - g(x, y - 1));
      n++;
    }
  return s / n;
}

describe('texture around a hole and the built-in choice for text', () => {
  it('measures the ring: textured surroundings score high, flat ones near zero', () => {
    const hole = textHole(200, 120);
    expect(ringGradient(texturedImage(200, 120), hole)).toBeGreaterThan(12);
    expect(ringGradient(flatImage(200, 120), hole)).toBeLessThan(2);
  });

  it('diffusion on flat surroundings, the layered fill on textured ones, PatchMatch for thick holes', () => {
    const choose = builtinFor(24, 12);
    const thin = textHole(200, 120);
    expect(choose(thin, flatImage(200, 120)).id).toBe('diffusion');
    expect(choose(thin, texturedImage(200, 120)).id).toBe('layered');
    expect(choose(rectMask(200, 120, [20, 10, 180, 110]), flatImage(200, 120)).id).toBe('patchmatch');
    // Without a texture threshold the choice is the plain thin/thick one.
    expect(builtinFor(24)(thin, texturedImage(200, 120)).id).toBe('diffusion');
  });
});

describe('layered fill', () => {
  it('fills text-shaped holes on texture with texture (diffusion smudges), touches nothing else, and replays', async () => {
    const truth = texturedImage(200, 120);
    const hole = textHole(200, 120);
    const input = { ...truth, data: new Uint8ClampedArray(truth.data) };
    for (let i = 0; i < hole.data.length; i++) if (hole.data[i]) input.data.set([255, 255, 0, 255], i * 4);
    const a = await layeredFill(input, hole, { seed: 7 });
    const b = await layeredFill(input, hole, { seed: 7 });
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
    for (let i = 0; i < hole.data.length; i++) {
      if (!hole.data[i]) expect(a.data.subarray(i * 4, i * 4 + 4)).toEqual(input.data.subarray(i * 4, i * 4 + 4));
      else expect(a.data[i * 4 + 2]).toBeGreaterThan(0); // no yellow text left (blue is 0 in the text)
    }
    const truthGrad = meanGradient(truth, hole);
    expect(meanGradient(a, hole) / truthGrad).toBeGreaterThan(0.6);
    expect(meanGradient(diffusionFill(input, hole), hole) / truthGrad).toBeLessThan(0.5);
  });
});
