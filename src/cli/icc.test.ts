// The CLI keeps a source's colour values and profile as the editor does: pixels decoded without
// conversion, and the same ICC bytes on the written file (so browser and CLI results match).
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { encodeImage, readImage } from './image-io.ts';

const PHOTO = new URL('../../../shared/datasets/dev/holes/chelsea/image.png', import.meta.url).pathname;

describe('CLI colour profile', () => {
  it("reads a Display P3 file's own values and writes them back with the same profile bytes", async () => {
    const p3 = await sharp(PHOTO).withIccProfile('p3').png().toBuffer();
    const icc = (await sharp(p3).metadata()).icc!;
    const stored = await sharp(p3).keepIccProfile().ensureAlpha().raw().toBuffer();
    const { image, info } = await readImage('p3.png', p3);
    expect(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length).equals(stored)).toBe(true);
    for (const format of ['png', 'jpeg', 'webp', 'tiff'] as const) {
      const out = await encodeImage(image, format, info);
      expect((await sharp(out).metadata()).icc!.equals(icc), format).toBe(true);
    }
    for (const format of ['png', 'tiff'] as const) {
      const out = await encodeImage(image, format, info);
      expect((await sharp(out).keepIccProfile().ensureAlpha().raw().toBuffer()).equals(stored), format).toBe(true);
    }
  });
});
