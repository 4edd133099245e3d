import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { readExif, withExif } from './exif.ts';
import { readIcc, withIcc, type IccFormat } from './icc.ts';

const FORMATS: IccFormat[] = ['jpeg', 'png', 'webp'];
const pixels = { create: { width: 9, height: 5, channels: 4 as const, background: { r: 200, g: 60, b: 30, alpha: 0.5 } } };
const encode = (format: IccFormat, p3 = false) => {
  const s = sharp(pixels);
  return (p3 ? s.withIccProfile('p3') : s)[format](format === 'webp' ? { lossless: true } : {}).toBuffer();
};
/** Stored values, not converted to sRGB. */
const stored = async (bytes: Uint8Array) => new Uint8Array(await sharp(bytes).keepIccProfile().ensureAlpha().raw().toBuffer());

describe('ICC profile carry', () => {
  it('reads the profile a JPEG, PNG and WebP carry, byte for byte as sharp sees it, and null when there is none', async () => {
    for (const format of FORMATS) {
      const tagged = await encode(format, true);
      const icc = readIcc(tagged);
      expect(icc, format).not.toBeNull();
      expect(Buffer.from(icc!).equals((await sharp(tagged).metadata()).icc!), format).toBe(true);
      expect(readIcc(await encode(format)), format).toBeNull();
    }
    expect(readIcc(new Uint8Array([1, 2, 3]))).toBeNull();
  });

  it('embeds the same bytes into an untagged file of each format, which still decodes to the same stored values', async () => {
    const icc = readIcc(await encode('png', true))!;
    for (const format of FORMATS) {
      const plain = await encode(format);
      const carried = withIcc(plain, format, icc);
      const meta = await sharp(carried).metadata();
      expect(Buffer.from(meta.icc!).equals(Buffer.from(icc)), format).toBe(true);
      expect(Buffer.from(readIcc(carried)!).equals(Buffer.from(icc)), format).toBe(true);
      expect([meta.width, meta.height], format).toEqual([9, 5]);
      expect(await stored(carried), format).toEqual(await stored(plain));
      // Embedding again replaces the profile rather than adding a second one.
      expect(withIcc(carried, format, icc).length, format).toBe(carried.length);
    }
  });

  it('splits a large profile over several JPEG APP2 segments and reads it back in order', async () => {
    const big = new Uint8Array(150_000).map((_, i) => (i * 7) & 255);
    const carried = withIcc(await encode('jpeg'), 'jpeg', big);
    expect(Buffer.from(readIcc(carried)!).equals(Buffer.from(big))).toBe(true);
    expect((await sharp(carried).raw().toBuffer()).length).toBe(9 * 5 * 3);
  });

  it('keeps EXIF next to the profile (either order of carrying)', async () => {
    const exif = readExif(
      await sharp(pixels)
        .jpeg()
        .withExif({ IFD0: { Make: 'Cleanplate Test Camera' } })
        .toBuffer(),
    )!;
    const icc = readIcc(await encode('jpeg', true))!;
    for (const format of ['jpeg', 'png'] as const) {
      const both = withIcc(withExif(await encode(format), format, exif), format, icc);
      const meta = await sharp(both).metadata();
      expect(meta.exif?.toString('latin1'), format).toContain('Cleanplate Test Camera');
      expect(Buffer.from(meta.icc!).equals(Buffer.from(icc)), format).toBe(true);
    }
  });

  it('turns a simple lossy WebP into an extended one with the right canvas size', async () => {
    const lossy = await sharp({ create: { width: 301, height: 77, channels: 3, background: '#208040' } })
      .webp({ quality: 80 })
      .toBuffer();
    expect(String.fromCharCode(...lossy.subarray(12, 16))).toBe('VP8 ');
    const icc = readIcc(await encode('webp', true))!;
    const carried = withIcc(lossy, 'webp', icc);
    const meta = await sharp(carried).metadata();
    expect([meta.width, meta.height, meta.hasAlpha]).toEqual([301, 77, false]);
    expect(Buffer.from(meta.icc!).equals(Buffer.from(icc))).toBe(true);
    expect(await stored(carried)).toEqual(await stored(lossy));
  });

  it('sets the alpha flag when a lossless WebP with transparency becomes an extended one', async () => {
    const carried = withIcc(await encode('webp'), 'webp', readIcc(await encode('webp', true))!);
    expect(String.fromCharCode(...carried.subarray(12, 16))).toBe('VP8X');
    expect(carried[20] & 0x30).toBe(0x30);
    expect((await sharp(carried).metadata()).hasAlpha).toBe(true);
  });
});
