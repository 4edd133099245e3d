import { describe, expect, it } from 'vitest';
import { dilate } from '../../core/mask-ops.ts';
import type { Box, Mask, RgbaImage } from '../../core/types.ts';
import { textMask } from './text-mask.ts';
import { texturedImage } from '../../test-fixtures/test-images.ts';
import { unblendWatermarks } from './watermark.ts';

const BOX: Box = [30, 40, 170, 64];

/** "Letters" in BOX: 4 px bars, 4 px apart, with a cross bar, as a 0/255 coverage mask. */
function letters(w: number, h: number): Mask {
  const m: Mask = { width: w, height: h, data: new Uint8Array(w * h) };
  for (let y = 44; y < 60; y++) for (let x = 34; x < 166; x++) if ((x - 34) % 8 < 4 || (y >= 50 && y < 53)) m.data[y * w + x] = 255;
  return m;
}

/** `img` with `colour` laid over the letters at `opacity`. */
function overlay(img: RgbaImage, text: Mask, colour: [number, number, number], opacity: number): RgbaImage {
  const data = new Uint8ClampedArray(img.data);
  for (let i = 0; i < text.data.length; i++) {
    if (!text.data[i]) continue;
    for (let c = 0; c < 3; c++) data[i * 4 + c] = Math.round((1 - opacity) * img.data[i * 4 + c] + opacity * colour[c]);
  }
  return { ...img, data };
}

function meanError(a: RgbaImage, b: RgbaImage, where: Mask): number {
  let s = 0,
    n = 0;
  for (let i = 0; i < where.data.length; i++)
    if (where.data[i]) {
      for (let c = 0; c < 3; c++) s += Math.abs(a.data[i * 4 + c] - b.data[i * 4 + c]);
      n += 3;
    }
  return s / n;
}

describe('unblending semi-transparent text', () => {
  const clean = texturedImage(200, 104);
  const text = letters(200, 104);

  it('measures the opacity of a watermark and gives back the photo under it', () => {
    const texted = overlay(clean, text, [255, 255, 255], 0.45);
    const mask = textMask(texted, [BOX]);
    const { image, mask: left, unblended } = unblendWatermarks(texted, mask, [BOX]);
    expect(unblended).toHaveLength(1);
    expect(unblended[0].blend.alpha).toBeGreaterThan(0.35);
    expect(unblended[0].blend.alpha).toBeLessThan(0.55);
    // The texture comes back: far closer to the clean photo than the texted one was.
    expect(meanError(image, clean, text)).toBeLessThan(meanError(texted, clean, text) / 4);
    // Unblended pixels need no fill.
    expect(left.data.some((v, i) => v && text.data[i])).toBe(false);
  });

  it('leaves opaque text to the fill and every pixel as it was', () => {
    const texted = overlay(clean, text, [255, 255, 255], 1);
    const mask = textMask(texted, [BOX]);
    const result = unblendWatermarks(texted, mask, [BOX]);
    expect(result.unblended).toHaveLength(0);
    expect(result.image.data).toEqual(texted.data);
    expect(result.mask.data).toEqual(mask.data);
  });

  it('changes no pixel farther than 2 px from the text mask, nor outside the region', () => {
    const texted = overlay(clean, text, [20, 20, 20], 0.4);
    const mask = textMask(texted, [BOX]);
    const near = dilate(mask, 2);
    const region: Box = [0, 0, 100, 104];
    const { image, unblended } = unblendWatermarks(texted, mask, [BOX], region);
    expect(unblended).toHaveLength(1);
    for (let i = 0; i < near.data.length; i++) {
      const x = i % 200;
      if (near.data[i] && x < 100) continue;
      for (let c = 0; c < 4; c++)
        if (image.data[i * 4 + c] !== texted.data[i * 4 + c]) throw new Error(`pixel ${x},${(i - x) / 200} changed`);
    }
  });

  it('unblends a watermark in a detector box with loose margins', () => {
    const texted = overlay(clean, text, [255, 255, 255], 0.45);
    for (const loose of [
      [26, 30, 174, 74],
      [28, 34, 172, 70],
    ] as Box[]) {
      const mask = textMask(texted, [loose]);
      const { image, unblended } = unblendWatermarks(texted, mask, [loose]);
      expect(unblended).toHaveLength(1);
      expect(meanError(image, clean, text)).toBeLessThan(meanError(texted, clean, text) / 4);
    }
  });
});
