import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { encodePng } from './png.ts';
import type { RgbaImage } from './types.ts';

const decode = async (png: Uint8Array) => sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });

describe('PNG encoder', () => {
  it('round-trips straight RGBA exactly, RGB kept under every alpha value (0 included)', async () => {
    const width = 37,
      height = 23;
    const data = new Uint8ClampedArray(width * height * 4).map((_, i) => (i * 97 + (i >> 5) * 13) & 255);
    const png = encodePng({ width, height, data });
    const { data: back, info } = await decode(png);
    expect([info.width, info.height, info.channels]).toEqual([width, height, 4]);
    expect(new Uint8Array(back)).toEqual(new Uint8Array(data.buffer));
  });

  it('writes RGB (smaller) when every pixel is opaque, and a photo decodes back identically', async () => {
    const { data, info } = await sharp(new URL('../../../shared/datasets/dev/holes/chelsea/image.png', import.meta.url).pathname)
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const image: RgbaImage = { width: info.width, height: info.height, data: new Uint8ClampedArray(data) };
    const png = encodePng(image);
    expect((await sharp(png).metadata()).channels).toBe(3);
    expect((await decode(png)).data.equals(data)).toBe(true);
    expect(png.length).toBeLessThan(info.width * info.height * 3 * 0.8); // the filter pays
  });
});
