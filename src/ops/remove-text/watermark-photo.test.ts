// A red watermark at 43% opacity over the astronaut photo's flag and suit (dev set): the
// found letters also take in some of what is behind them, and those pixels must not pull
// the measured opacity off, or the letters stay readable in a darker red.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Box, Mask, RgbaImage } from '../../core/types.ts';
import { textMask } from './text-mask.ts';
import { unblendWatermarks } from './watermark.ts';

const CASE = '../shared/datasets/dev/text/astronaut';
const BOX: Box = [253, 23, 447, 46];

async function rgba(file: string): Promise<RgbaImage> {
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data) };
}

/** Mean squared error over the pixels of `where` (>= 128) inside BOX. */
function mse(a: RgbaImage, b: RgbaImage, where: Mask): number {
  let s = 0,
    n = 0;
  for (let y = BOX[1]; y < BOX[3]; y++)
    for (let x = BOX[0]; x < BOX[2]; x++) {
      const i = y * a.width + x;
      if (where.data[i] < 128) continue;
      for (let c = 0; c < 3; c++) s += (a.data[i * 4 + c] - b.data[i * 4 + c]) ** 2;
      n += 3;
    }
  return s / n;
}

describe('unblending a watermark on a photo', () => {
  it('measures its opacity and brings the photo back under the letters', async () => {
    const texted = await rgba(`${CASE}/texted.png`);
    const clean = await rgba(`${CASE}/clean.png`);
    const { data, info } = await sharp(`${CASE}/mask.png`).greyscale().raw().toBuffer({ resolveWithObject: true });
    const letters: Mask = { width: info.width, height: info.height, data: new Uint8Array(data) };
    const { image, unblended } = unblendWatermarks(texted, textMask(texted, [BOX]), [BOX]);
    expect(unblended).toHaveLength(1);
    // It was drawn at 43%.
    expect(unblended[0].blend.alpha).toBeGreaterThan(0.36);
    expect(unblended[0].blend.alpha).toBeLessThan(0.5);
    // Under the letters the photo is back: a fifth of the error left, or less (before the fill).
    expect(mse(image, clean, letters)).toBeLessThan(mse(texted, clean, letters) / 5);
  });
});
