// Mask PNGs as the CLI writes them into bundles and manifests: every byte reads back as drawn.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Mask } from '../core/types.ts';
import { decodeMask, encodeMask } from './mask-io.ts';

/** Soft-edged discs over zero, with every grey level present somewhere, at an odd size. */
function strokes(width: number, height: number): Mask {
  const data = new Uint8Array(width * height);
  for (let i = 0; i < 256; i++) data[i] = i;
  for (const [cx, cy, r] of [
    [120, 90, 40],
    [300, 200, 25],
    [50, 250, 60],
  ]) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const d = Math.hypot(x - cx, y - cy);
        if (d < r) data[y * width + x] = d > r - 3 ? Math.round((255 * (r - d)) / 3) : 255;
      }
    }
  }
  return { width, height, data };
}

describe('encodeMask', () => {
  it('writes a one-channel PNG that decodeMask reads back byte for byte', async () => {
    const mask = strokes(401, 299);
    const png = await encodeMask(mask);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['png', 401, 299, 1]);
    const back = await decodeMask(new Uint8Array(png), 'mask.png');
    expect([back.width, back.height]).toEqual([401, 299]);
    expect(Buffer.from(back.data).equals(Buffer.from(mask.data))).toBe(true);
  });

  it('gives the same bytes for the same mask (manifests name masks by their hash)', async () => {
    const a = await encodeMask(strokes(200, 150));
    const b = await encodeMask(strokes(200, 150));
    expect(a.equals(b)).toBe(true);
  });

  it('writes at zlib level 6, like the images: the same file sharp gives at level 6', async () => {
    const mask = strokes(320, 240);
    const level6 = await sharp(Buffer.from(mask.data), { raw: { width: 320, height: 240, channels: 1 } })
      .toColourspace('b-w')
      .png({ compressionLevel: 6 })
      .toBuffer();
    expect((await encodeMask(mask)).equals(level6)).toBe(true);
  });
});
