// A light watermark generated over a real photo: chelsea's fur and blurred background (dev
// set), with the letters of its "Call 555-0142" drawn in white at 40% opacity. Its colours
// are common in the ring of fur around it, so the colour seeds find "Call", "-0" and "42"
// and the rest stays readable after removal; the overlay is found by its shape.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Box, Mask, RgbaImage } from '../../core/types.ts';
import { overlaySeeds } from './overlay-seeds.ts';
import { removeTextWith } from './remove-text.ts';
import { textMask, textPixels } from './text-mask.ts';
import { drawnOver } from './test/drawn.ts';

const CASE = '../shared/datasets/dev/text/chelsea';
const BOX: Box = [259, 266, 422, 282];
const INNER: Box = [257, 264, 424, 284];
const OUTER: Box = [251, 258, 430, 290];
const OPACITY = 0.4;

async function rgba(file: string): Promise<RgbaImage> {
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data) };
}

async function letters(): Promise<Mask> {
  const { data, info } = await sharp(`${CASE}/mask.png`).greyscale().raw().toBuffer({ resolveWithObject: true });
  const all: Mask = { width: info.width, height: info.height, data: new Uint8Array(data) };
  // Only the watermark's letters (the mask also holds the caption above).
  const out: Mask = { ...all, data: new Uint8Array(all.data.length) };
  for (let y = BOX[1] - 3; y < BOX[3] + 3; y++)
    for (let x = BOX[0] - 3; x < BOX[2] + 3; x++) out.data[y * all.width + x] = all.data[y * all.width + x];
  return out;
}

function psnrInBox(a: RgbaImage, b: RgbaImage): number {
  let se = 0,
    n = 0;
  for (let y = BOX[1]; y < BOX[3]; y++)
    for (let x = BOX[0]; x < BOX[2]; x++)
      for (let c = 0; c < 3; c++) {
        const i = (y * a.width + x) * 4 + c;
        se += (a.data[i] - b.data[i]) ** 2;
        n++;
      }
  return 10 * Math.log10((255 * 255 * n) / se);
}

describe('overlay seeds on a photo', () => {
  it('find the whole light watermark over fur, where the colours find a part of it', async () => {
    const clean = await rgba(`${CASE}/clean.png`);
    const shape = await letters();
    const img = drawnOver(clean, shape, [255, 255, 255], OPACITY);
    const m = textMask(img, [BOX]);
    let cores = 0,
      hit = 0;
    for (let i = 0; i < shape.data.length; i++)
      if (shape.data[i] === 255) {
        cores++;
        if (m.data[i]) hit++;
      }
    expect(hit / cores).toBeGreaterThan(0.8);
  });

  it('take it out so that the letters are no longer there to read', async () => {
    const clean = await rgba(`${CASE}/clean.png`);
    const img = drawnOver(clean, await letters(), [255, 255, 255], OPACITY);
    const { image } = await removeTextWith(async () => [], img, { boxes: [BOX], skipRecheck: true });
    // Found in part (the colours alone), the rest of the letters stays: about 21 dB. Whole: 25.4.
    expect(psnrInBox(image, clean)).toBeGreaterThan(24);
  });

  it('find nothing in fur and whiskers without an overlay, nor in opaque letters', async () => {
    const clean = await rgba(`${CASE}/clean.png`);
    const shape = await letters();
    for (const img of [clean, drawnOver(clean, shape, [255, 255, 255], 1)]) {
      const { picked } = textPixels(img, BOX, INNER, OUTER);
      expect(overlaySeeds(img, INNER, OUTER, BOX[3] - BOX[1], picked).some((v) => v)).toBe(false);
    }
  });
});
