// Image files as the CLI reads and writes them: upright, sRGB, alpha and ICC kept, EXIF
// kept or stripped on request, oversized headers refused before decoding.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { InputError } from './errors.ts';
import { encodeImage, readImage } from './image-io.ts';

const BAD = resolve(import.meta.dirname, '../../../shared/datasets/dev/bad');
const tmp = mkdtempSync(join(tmpdir(), 'cleanplate-io-'));

describe('readImage', () => {
  it('applies EXIF orientation: the 427x640 stored photo tagged 6 comes out 640x427', async () => {
    const { image } = await readImage(join(BAD, 'exif-orientation-6.jpg'));
    expect([image.width, image.height]).toEqual([640, 427]);
    // Same pixels as sharp's own auto-orientation.
    const upright = await sharp(join(BAD, 'exif-orientation-6.jpg')).rotate().ensureAlpha().raw().toBuffer();
    expect(Buffer.from(image.data).equals(upright)).toBe(true);
  });

  it('reads 16-bit gray as 8-bit RGBA', async () => {
    const { image, info } = await readImage(join(BAD, 'gray16.png'));
    expect(image.data.length).toBe(image.width * image.height * 4);
    expect(info.hasAlpha).toBe(false);
    expect(image.data[0]).toBe(image.data[1]);
  });

  it('refuses the decompression bomb from its header, naming the size and limit', async () => {
    await expect(readImage(join(BAD, 'bomb-40000x40000.png'))).rejects.toThrow(
      new InputError(
        `${join(BAD, 'bomb-40000x40000.png')} is 40000x40000 (1600 megapixels), over the 100 megapixel limit; refusing to decode it`,
      ),
    );
  });

  it.each([
    ['empty.png', /is empty \(0 bytes\)/],
    ['not-an-image.jpg', /is not a readable image/],
    ['truncated.jpg', /is not a readable image|corrupt or truncated/],
    ['missing.png', /no such file/],
  ])('refuses %s with an InputError', async (name, message) => {
    const error = await readImage(join(BAD, name)).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
  });
});

describe('encodeImage', () => {
  it('keeps alpha exactly through a PNG round trip', async () => {
    const source = await readImage(join(BAD, 'alpha.png'));
    const png = await encodeImage(source.image, 'png', source.info);
    const back = await readImage((writeFileSync(join(tmp, 'alpha.png'), png), join(tmp, 'alpha.png')));
    expect(back.info.hasAlpha).toBe(true);
    expect(Buffer.from(back.image.data).equals(Buffer.from(source.image.data))).toBe(true);
  });

  it('is deterministic: same pixels give the same bytes', async () => {
    const source = await readImage(join(BAD, 'exif-orientation-6.jpg'));
    for (const format of ['png', 'jpeg', 'webp'] as const) {
      expect((await encodeImage(source.image, format, source.info)).equals(await encodeImage(source.image, format, source.info))).toBe(
        true,
      );
    }
  });

  it('re-attaches the source ICC profile and keeps colours', async () => {
    const p3 = join(tmp, 'p3.png');
    await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 0, g: 200, b: 0 } } })
      .withIccProfile('p3')
      .png()
      .toFile(p3);
    const source = await readImage(p3);
    const out = await encodeImage(source.image, 'png', source.info);
    const meta = await sharp(out).metadata();
    expect(meta.icc?.equals((await sharp(p3).metadata()).icc!)).toBe(true);
    // Decoded to sRGB again, the colours are those of the source.
    const again = await sharp(out).raw().toBuffer();
    const first = await sharp(p3).raw().toBuffer();
    expect(Math.max(...again.map((v, i) => Math.abs(v - first[i])))).toBeLessThanOrEqual(1);
  });

  it('keeps EXIF with orientation reset to 1, and strips EXIF and GPS on request', async () => {
    const tagged = join(tmp, 'gps.jpg');
    await sharp({ create: { width: 6, height: 4, channels: 3, background: '#808080' } })
      .withExif({ IFD0: { Make: 'Cleanplate Test Camera' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 0/1' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toFile(tagged);
    const source = await readImage(tagged);
    expect([source.image.width, source.image.height]).toEqual([4, 6]);
    for (const format of ['jpeg', 'png', 'webp'] as const) {
      const kept = await sharp(await encodeImage(source.image, format, source.info)).metadata();
      expect(kept.orientation).toBe(1);
      expect(kept.exif?.toString('latin1')).toContain('Cleanplate Test Camera');
      // The GPS IFD pointer (tag 0x8825, little-endian here) survives with the rest.
      expect(kept.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true);
      const stripped = await sharp(await encodeImage(source.image, format, source.info, { stripMetadata: true })).metadata();
      expect(stripped.exif).toBeUndefined();
    }
    // sharp reads no EXIF from TIFF: the camera and GPS tags are in the file's bytes, or not.
    const tiff = await encodeImage(source.image, 'tiff', source.info);
    expect(await sharp(tiff).metadata()).toMatchObject({ width: 4, height: 6, orientation: 1 });
    expect(tiff.includes('Cleanplate Test Camera')).toBe(true);
    expect(tiff.includes(Buffer.from([0x25, 0x88]))).toBe(true);
    const strippedTiff = await encodeImage(source.image, 'tiff', source.info, { stripMetadata: true });
    expect(strippedTiff.includes('Cleanplate Test Camera')).toBe(false);
    expect(strippedTiff.includes(Buffer.from([0x25, 0x88]))).toBe(false);
  });

  it("keeps the dev photo's EXIF in WebP and TIFF results, upright", async () => {
    const source = await readImage(join(BAD, 'exif-orientation-6.jpg'));
    expect(source.info.exif).toBeDefined();
    const webp = await sharp(await encodeImage(source.image, 'webp', source.info)).metadata();
    expect(webp).toMatchObject({ width: 640, height: 427, orientation: 1 });
    expect(webp.exif).toBeDefined();
    expect((await sharp(await encodeImage(source.image, 'webp', source.info, { stripMetadata: true })).metadata()).exif).toBeUndefined();
    expect(await sharp(await encodeImage(source.image, 'tiff', source.info)).metadata()).toMatchObject({
      width: 640,
      height: 427,
      orientation: 1,
    });
  });
});
