// One hole case of the shared dev set (../shared/datasets/dev/holes/<name>): the photo with
// its hole, the clean truth and the mask (>= 128 = hole), as the tests' image and mask types.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import type { Mask, RgbaImage } from '../core/types.ts';

const HOLES = resolve(import.meta.dirname, '../../../shared/datasets/dev/holes');

async function readRgba(name: string, file: string): Promise<RgbaImage> {
  const { data, info } = await sharp(readFileSync(resolve(HOLES, name, file)))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data) };
}

export async function devHoleCase(name: string): Promise<{ image: RgbaImage; truth: RgbaImage; mask: Mask }> {
  const [image, truth, m] = await Promise.all(['image.png', 'truth.png', 'mask.png'].map((f) => readRgba(name, f)));
  const mask: Mask = { width: m.width, height: m.height, data: new Uint8Array(m.width * m.height).map((_, i) => m.data[i * 4]) };
  return { image, truth, mask };
}
