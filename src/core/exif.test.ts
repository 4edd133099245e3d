import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { readExif, uprightTiff, withExif } from './exif.ts';

const pixels = { create: { width: 8, height: 4, channels: 3 as const, background: '#c04020' } };
const tagged = () =>
  sharp(pixels)
    .jpeg()
    .withExif({ IFD0: { Make: 'Cleanplate Test Camera', Orientation: '6' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 0/1' } })
    .toBuffer();

describe('EXIF carry', () => {
  it("reads a JPEG's EXIF and carries it into a PNG and a JPEG with orientation reset to 1", async () => {
    const exif = readExif(await tagged());
    expect(exif).not.toBeNull();
    for (const format of ['png', 'jpeg'] as const) {
      const plain = await sharp(pixels)[format]().toBuffer();
      expect(readExif(plain)).toBeNull();
      const carried = withExif(plain, format, exif!);
      const meta = await sharp(carried).metadata();
      expect(meta.orientation).toBe(1);
      expect(meta.exif?.toString('latin1')).toContain('Cleanplate Test Camera');
      expect(new Uint8Array(readExif(carried)!)).toEqual(new Uint8Array(uprightTiff(exif!)!));
      expect((await sharp(carried).raw().toBuffer()).length).toBe(8 * 4 * 3); // still decodes
    }
  });

  it('carries it into WebP: simple lossy, lossless with alpha, and extended (ICC) files', async () => {
    const exif = readExif(await tagged())!;
    const alpha = { create: { width: 8, height: 4, channels: 4 as const, background: { r: 200, g: 60, b: 30, alpha: 0.5 } } };
    const files = [
      await sharp(pixels).webp({ quality: 90 }).toBuffer(),
      await sharp(alpha).webp({ lossless: true }).toBuffer(),
      await sharp(alpha).webp({ quality: 90 }).toBuffer(),
      await sharp(pixels).withIccProfile('p3').webp().toBuffer(),
    ];
    for (const webp of files) {
      const before = await sharp(webp).metadata();
      expect(before.exif).toBeUndefined();
      const carried = withExif(webp, 'webp', exif);
      const meta = await sharp(carried).metadata();
      expect(meta.exif?.toString('latin1')).toContain('Cleanplate Test Camera');
      expect(meta.orientation).toBe(1);
      expect([meta.width, meta.height, meta.hasAlpha, meta.icc?.length]).toEqual([
        before.width,
        before.height,
        before.hasAlpha,
        before.icc?.length,
      ]);
      expect((await sharp(carried).raw().toBuffer()).equals(await sharp(webp).raw().toBuffer())).toBe(true); // the same pixels
    }
  });

  it('leaves other formats and unreadable blocks alone', async () => {
    const gif = await sharp(pixels).gif().toBuffer();
    expect(withExif(gif, 'gif', readExif(await tagged())!)).toBe(gif);
    const webp = await sharp(pixels).webp().toBuffer();
    expect(withExif(webp, 'png', new Uint8Array([1, 2, 3]))).toBe(webp);
    expect(withExif(new Uint8Array([1, 2, 3]), 'webp', readExif(await tagged())!)).toEqual(new Uint8Array([1, 2, 3]));
  });
});
